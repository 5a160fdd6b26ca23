// Addresses that work (issue 16, item 7): without HELPER_PUBLIC_URL the Integrações values, the
// web chat's demo page and the channels' callback addresses follow the address the console was
// opened at, and those addresses answer; with it they follow it. A host label is written one way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const INTEGRATIONS = '/api/admin/servers/demo/assistants/pt/integrations';
// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Uploads the PNG for an image skill of demo/pt, the console opened at `host`. */
async function uploadImageAt(test: TestPlatform, host: string) {
  const boundary = '----helper-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return test.app.inject({
    method: 'POST',
    url: '/api/admin/servers/demo/assistants/pt/media',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, host, authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: Buffer.concat([head, PNG, tail]),
  });
}

describe('public addresses without HELPER_PUBLIC_URL', () => {
  let test: TestPlatform;
  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
  });
  afterAll(async () => {
    await test?.close();
  });
  const uploadImage = (host: string) => uploadImageAt(test, host);
  const integrations = async (host: string, headers: Record<string, string> = {}) => {
    const response = await test.app.inject({ method: 'GET', url: INTEGRATIONS, headers: { host, authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('follows the host the console was opened at, and the addresses it shows answer', async () => {
    const values = await integrations('myhost.local:5005');
    expect(values.publicAddress).toEqual({ source: 'request', origin: 'http://myhost.local:5005', labels: true, assistantOrigin: 'http://demoPT.myhost.local:5005' });
    expect(values.apiRest.endpoint).toBe('http://demoPT.myhost.local:5005/webhooks/rest/webhook');
    expect(values.fourBiz.parameters.map((parameter: { value: string }) => parameter.value)).toEqual([
      'http://demo.myhost.local:5005',
      'http://demoPT.myhost.local:5005/webhooks/rest/webhook',
      'http://demoPT.myhost.local:5005/conversations/',
    ]);
    expect(values.apiRest.webChat.snippet).toContain('src="http://demoPT.myhost.local:5005/widget.js"');
    expect(values.facebookMessenger.callbackUrl).toBe('https://demoPT.myhost.local:5005/webhooks/facebook/webhook');
    expect(values.whatsapp.callbackUrl).toBe('https://demoPT.myhost.local:5005/webhooks/whatsapp/webhook');
    expect(values.telegram.callbackUrl).toBe('https://demoPT.myhost.local:5005/webhooks/telegram/webhook');

    // The English demo's host answers in English: the labels route on any domain.
    const english = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { host: 'demoEN.myhost.local:5005' }, payload: { sender: 'addresses', message: 'hello' } });
    expect(english.statusCode).toBe(200);
    expect(JSON.stringify(english.json())).toMatch(/Hello|Hi/);
    const chat = await test.app.inject({ method: 'GET', url: '/chat', headers: { host: 'demoen.myhost.local:5005' } });
    expect(chat.body).toContain('&lt;script src=&quot;http://demoEN.myhost.local:5005/widget.js&quot; data-lang=&quot;en&quot;');
  });

  it("keeps the domain when opened at a server's own console host", async () => {
    const values = await integrations('demo.myhost.local');
    expect(values.publicAddress).toMatchObject({ origin: 'http://myhost.local', assistantOrigin: 'http://demoPT.myhost.local' });
  });

  it('on an IP address shows that address for everything, and says host names need DNS', async () => {
    const values = await integrations('10.1.2.3:5005');
    expect(values.publicAddress).toEqual({ source: 'request', origin: 'http://10.1.2.3:5005', labels: false, assistantOrigin: 'http://10.1.2.3:5005' });
    expect(values.apiRest.endpoint).toBe('http://10.1.2.3:5005/webhooks/rest/webhook');
  });

  it("puts an uploaded image on the assistant's host at the address used, not on HELPER_PUBLIC_URL's default port", async () => {
    const uploaded = await uploadImage('myhost.local:5671');
    expect(uploaded.statusCode).toBe(201);
    const url = String(uploaded.json().url);
    expect(url).toMatch(/^http:\/\/demoPT\.myhost\.local:5671\/media\/[0-9a-f]{64}\.png$/);
    // The address answers with the image.
    const { host, pathname } = new URL(url);
    const fetched = await test.app.inject({ method: 'GET', url: pathname, headers: { host } });
    expect({ status: fetched.statusCode, type: fetched.headers['content-type'], same: fetched.rawPayload.equals(PNG) }).toEqual({ status: 200, type: 'image/png', same: true });
    // On an IP address, the address itself.
    expect(String((await uploadImage('10.1.2.3:5671')).json().url)).toMatch(/^http:\/\/10\.1\.2\.3:5671\/media\/[0-9a-f]{64}\.png$/);
  });

  it('takes the scheme and host a trusted proxy forwarded, never an untrusted one', async () => {
    const values = await integrations('myhost.local', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' });
    expect(values.publicAddress.origin).toBe('http://myhost.local');
  });
});

describe('public addresses with HELPER_PUBLIC_URL', () => {
  let test: TestPlatform;
  beforeAll(async () => {
    test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN, HELPER_PUBLIC_URL: 'https://helperassistant.example' } });
  });
  afterAll(async () => {
    await test?.close();
  });

  it('follows it whatever host the console was opened at; other domains reach the default assistant only', async () => {
    const response = await test.app.inject({ method: 'GET', url: INTEGRATIONS, headers: { host: 'myhost.local:5005', authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.json().publicAddress).toEqual({ source: 'configured', origin: 'https://helperassistant.example', labels: true, assistantOrigin: 'https://demoPT.helperassistant.example' });
    const chat = await test.app.inject({ method: 'GET', url: '/chat', headers: { host: 'demoen.myhost.local' } });
    expect(chat.body).toContain('data-lang=&quot;pt-BR&quot;');
    // An uploaded image is on HELPER_PUBLIC_URL too.
    expect(String((await uploadImageAt(test, 'myhost.local:5671')).json().url)).toMatch(/^https:\/\/demoPT\.helperassistant\.example\/media\/[0-9a-f]{64}\.png$/);
  });
});
