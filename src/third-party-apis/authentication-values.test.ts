import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../secrets/secret-box.js';
import { DEFAULT_STATUS, type ThirdPartyApi } from './api-definition.js';
import { authenticationContexts, openAuthenticationValues, sealAuthenticationValues } from './authentication-values.js';

const api = (over: Partial<ThirdPartyApi> & Pick<ThirdPartyApi, 'name'>): ThirdPartyApi => ({ method: 'POST', url: 'https://x.example/', headers: [], body: [], responseFormat: 'json', mappings: [], status: DEFAULT_STATUS, authentication: false, ...over });

describe("an authentication API's values in the conversation", () => {
  const box = SecretBox.fromKey(randomBytes(32));
  const apis = [api({ name: 'login', authentication: true, mappings: [{ path: 'sessionID', context: 'sessao' }, { path: 'profile', context: 'perfil' }] }), api({ name: 'tickets', mappings: [{ path: 'n', context: 'numero' }] })];

  it('are the contexts the authentication APIs map', () => {
    expect([...authenticationContexts(apis)]).toEqual(['sessao', 'perfil']);
  });

  it('are sealed for one conversation, any type coming back, the others left alone', () => {
    const sealed = sealAuthenticationValues({ sessao: 'S-123', perfil: { admin: true }, numero: 7, vazio: '' }, authenticationContexts(apis), box, 1, 'joao');
    expect(sealed['sessao']).toMatch(/^sealed:v2:/);
    expect(JSON.stringify(sealed)).not.toContain('S-123');
    expect(sealed['numero']).toBe(7);
    expect(openAuthenticationValues(sealed, box, 1, 'joao')).toEqual({ sessao: 'S-123', perfil: { admin: true }, numero: 7, vazio: '' });
  });

  it('do not open in another conversation, another assistant or with another key: unset, so the login runs again', () => {
    const sealed = sealAuthenticationValues({ sessao: 'S-123' }, new Set(['sessao']), box, 1, 'joao');
    expect(openAuthenticationValues(sealed, box, 1, 'maria')).toEqual({ sessao: null });
    expect(openAuthenticationValues(sealed, box, 2, 'joao')).toEqual({ sessao: null });
    expect(openAuthenticationValues(sealed, SecretBox.fromKey(randomBytes(32)), 1, 'joao')).toEqual({ sessao: null });
    // A value kept in clear before sealing is used as it is.
    expect(openAuthenticationValues({ sessao: 'antiga' }, box, 1, 'joao')).toEqual({ sessao: 'antiga' });
  });
});
