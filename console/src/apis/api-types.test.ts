import { describe, expect, it } from 'vitest';
import { chainOf, contextsRead, DEFAULT_STATUS, type ThirdPartyApi } from './api-types';

const api = (over: Partial<ThirdPartyApi> & Pick<ThirdPartyApi, 'name'>): ThirdPartyApi => ({ method: 'POST', url: 'https://x.example/', headers: [], body: [], responseFormat: 'json', mappings: [], status: DEFAULT_STATUS, authentication: false, ...over });

describe('the sample contexts "Testar" asks for', () => {
  const login = api({ name: 'login', authentication: true, body: [{ name: 'user', type: 'text', value: '{usuario}' }, { name: 'password', type: 'text', secret: true, hasValue: true }], mappings: [{ path: 'sessionID', context: 'sessao' }] });
  const status = api({
    name: 'status',
    dependsOn: 'login',
    url: 'https://x.example/chamados/{numero}?d={data:date}&t={$today}',
    headers: [{ name: 'x-sessao', value: '{sessao}' }, { name: 'x-key', secret: true, hasValue: true }],
    body: [{ name: 'who', type: 'context', value: 'cliente' }, { name: 'history', type: 'chatHistory' }],
  });

  it('runs the dependencies first, and stops at a cycle', () => {
    expect(chainOf([status, login], 'status').map((item) => item.name)).toEqual(['login', 'status']);
    expect(chainOf([api({ name: 'a', dependsOn: 'b' }), api({ name: 'b', dependsOn: 'a' })], 'a').map((item) => item.name)).toEqual(['b', 'a']);
    expect(chainOf([login], 'nenhuma')).toEqual([]);
  });

  it('lists the contexts the chain reads that no earlier step fills, built-in values aside', () => {
    expect(contextsRead(chainOf([status, login], 'status'))).toEqual(['usuario', 'numero', 'data', 'cliente']);
  });
});
