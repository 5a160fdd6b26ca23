// HELPER_CORS_ORIGINS: a page on another origin may call the REST channel and Rasa's HTTP API, as
// `rasa run --cors` allows; never the console's admin API; nothing without the setting (Rasa's default).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const PAGE = 'https://www.customer.example';

let open: TestPlatform;
let listed: TestPlatform;
let closed: TestPlatform;

beforeAll(async () => {
  [open, listed, closed] = await Promise.all([
    startTestPlatform({ demo: true, env: { HELPER_CORS_ORIGINS: '*' } }),
    startTestPlatform({ demo: true, env: { HELPER_CORS_ORIGINS: `${PAGE}, http://localhost:3000` } }),
    startTestPlatform({ demo: true }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([open?.close(), listed?.close(), closed?.close()]);
});

function preflight(test: TestPlatform, url: string, origin = PAGE) {
  return test.app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });
}

describe('HELPER_CORS_ORIGINS', () => {
  it('answers preflights and requests of the REST channel and the HTTP API from any origin with "*"', async () => {
    const answer = await preflight(open, '/webhooks/rest/webhook');
    expect(answer.statusCode).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(String(answer.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(answer.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    const message = await open.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { origin: PAGE }, payload: { sender: 'cors', message: 'oi' } });
    expect(message.statusCode).toBe(200);
    expect(message.headers['access-control-allow-origin']).toBe('*');
    expect(message.headers['access-control-allow-credentials']).toBeUndefined();
    for (const url of ['/conversations/cors/tracker', '/status', '/version', '/model/parse']) {
      expect((await preflight(open, url)).headers['access-control-allow-origin']).toBe('*');
    }
  });

  it('allows only the origins listed', async () => {
    expect((await preflight(listed, '/webhooks/rest/webhook')).headers['access-control-allow-origin']).toBe(PAGE);
    expect((await preflight(listed, '/webhooks/rest/webhook', 'http://localhost:3000')).headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const other = await listed.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { origin: 'https://evil.example' }, payload: { sender: 'cors', message: 'oi' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never opens the console or its admin API, whatever the setting', async () => {
    const admin = await preflight(open, '/api/admin/servers');
    expect(admin.statusCode).toBe(404);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    const read = await open.app.inject({ method: 'GET', url: '/api/admin/openapi.json', headers: { origin: PAGE } });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends no CORS headers without the setting, as Rasa without --cors', async () => {
    const answer = await preflight(closed, '/webhooks/rest/webhook');
    expect(answer.statusCode).toBe(404);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const message = await closed.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers: { origin: PAGE }, payload: { sender: 'cors', message: 'oi' } });
    expect(message.headers['access-control-allow-origin']).toBeUndefined();
  });
});
