// A restore of the content versions brings an API's sealed secrets back only where they open: for
// this assistant, this API's name and this header or field (the place bound into the seal).
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../secrets/secret-box.js';
import type { Store } from '../store/store.js';
import { DEFAULT_STATUS, secretBodyPlace, secretHeaderPlace, type ThirdPartyApi } from './api-definition.js';
import { ApiService } from './api-service.js';

const key = randomBytes(32);
const secrets = SecretBox.fromKey(key);

/** A value sealed the legacy way (`v1:`, no place bound into it). */
function sealedV1(text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}
const service = new ApiService({ store: {} as Store, secrets });
const ASSISTANT = 7;

function api(name: string, header: string, field: string): ThirdPartyApi {
  return {
    name,
    method: 'POST',
    url: 'https://itsm.example/login',
    headers: [{ name: 'x-key', value: header, secret: true }],
    body: [{ name: 'password', type: 'text', value: field, secret: true }],
    responseFormat: 'json',
    mappings: [],
    status: DEFAULT_STATUS,
    authentication: false,
  };
}

describe('restored APIs', () => {
  it('keeps a sealed value that opens for its place, clears and names one that does not', () => {
    const own = api('login', secrets.encrypt('chave', secretHeaderPlace(ASSISTANT, 'login', 'x-key')), secrets.encrypt('senha', secretBodyPlace(ASSISTANT, 'login', 'password')));
    // Sealed for another API, another assistant: the restore must not make them open here.
    const moved = api('entrar', secrets.encrypt('chave', secretHeaderPlace(ASSISTANT, 'login', 'x-key')), secrets.encrypt('senha', secretBodyPlace(ASSISTANT + 1, 'entrar', 'password')));
    const { apis, problems } = service.restoredApis(ASSISTANT, [own, moved], []);
    expect(apis[0]).toEqual(own);
    expect(apis[1]?.headers[0]?.value).toBe('');
    expect(apis[1]?.body[0]?.value).toBe('');
    expect(problems.map(({ api: name, field, code, params }) => ({ name, field, code, params }))).toEqual([
      { name: 'entrar', field: 'headers.0.value', code: 'secret_not_restored', params: { api: 'entrar', field: 'headers.0.value' } },
      { name: 'entrar', field: 'body.0.value', code: 'secret_not_restored', params: { api: 'entrar', field: 'body.0.value' } },
    ]);
    expect(JSON.stringify(problems)).not.toContain('chave');
  });

  it('seals a legacy value again for its place, and leaves an API as it is now untouched', () => {
    const legacy = sealedV1('chave');
    const { apis, problems } = service.restoredApis(ASSISTANT, [api('login', legacy, '')], []);
    expect(problems).toEqual([]);
    const value = apis[0]?.headers[0]?.value ?? '';
    expect(value.startsWith('v2:')).toBe(true);
    expect(secrets.decrypt(value, secretHeaderPlace(ASSISTANT, 'login', 'x-key'))).toBe('chave');
    const unchanged = api('login', 'v2:not-checked', '');
    expect(service.restoredApis(ASSISTANT, [unchanged], [unchanged])).toEqual({ apis: [unchanged], problems: [] });
  });
});

describe('imported APIs', () => {
  it('asks for a kept secret that no longer opens (the key changed) at its field, never failing whole', async () => {
    // A legacy value (the import would seal it again for its place) that does not open with this key.
    const lost = api('login', `v1:${randomBytes(48).toString('base64')}`, '');
    const store = { thirdPartyApis: { list: async () => [lost] } } as unknown as Store;
    const importing = new ApiService({ store, secrets });
    const file = { ...api('login', '', 'senha'), headers: [{ name: 'x-key', secret: true }] };
    const problems = await importing.checkImport(ASSISTANT, [file], 'merge', new Set());
    expect(problems.map(({ field, code }) => ({ field, code }))).toEqual([{ field: 'headers.0.value', code: 'secret_needs_value' }]);
    expect(JSON.stringify(problems)).not.toContain('senha');
  });
});
