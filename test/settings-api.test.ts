// Configurações through the admin API: the accuracy threshold in percent (with its guidance) and
// the notification e-mails, validated like the console's form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
const URL = '/api/admin/servers/demo/assistants/pt/settings';
let test: TestPlatform;

beforeAll(async () => {
  test = await startTestPlatform({ env: { HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
});
afterAll(async () => {
  await test?.close();
});

const admin = (method: 'GET' | 'PATCH', payload?: unknown, url = URL) =>
  test.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

describe('settings API', () => {
  it('shows the threshold in percent with its guidance and the documented default', async () => {
    const settings = (await admin('GET')).json() as Record<string, unknown>;
    expect(settings).toMatchObject({ accuracyThresholdPercent: 20, notificationEmails: [], defaults: { accuracyThresholdPercent: 20 } });
    expect((settings['guidance'] as Record<string, string>)['accuracyThresholdPercent']).toMatch(/fallback skill answers.*20 %/);
  });

  it('changes the threshold, which applies to the next messages without a training', async () => {
    const chat = async () =>
      (await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: `t${Math.random()}`, message: 'conte-me algumas coisas sobre você' } })).json() as Array<{ text?: string }>;
    expect((await chat())[0]?.text).toMatch(/trabalhar de maneira mais inteligente/);
    expect((await admin('PATCH', { accuracyThresholdPercent: 100 })).json()).toMatchObject({ accuracyThresholdPercent: 100 });
    // Every app process re-reads the assistant within 2 s.
    const deadline = Date.now() + 10_000;
    let answer = await chat();
    while (/trabalhar de maneira/.test(answer[0]?.text ?? '') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      answer = await chat();
    }
    expect(answer[0]?.text).toMatch(/menu/);
    expect((await admin('PATCH', { accuracyThresholdPercent: 12.5 })).json()).toMatchObject({ accuracyThresholdPercent: 12.5 });
    const assistant = await test.platform.store.assistants.get('demo', 'pt');
    expect(assistant?.settings.accuracyThreshold).toBe(0.125);
  });

  it('keeps the notification e-mails, trimmed and without repeats', async () => {
    const set = await admin('PATCH', { notificationEmails: [' ana@empresa.example', 'ana@empresa.example', 'ti@sub.empresa.com.br'] });
    expect(set.json()).toMatchObject({ notificationEmails: ['ana@empresa.example', 'ti@sub.empresa.com.br'] });
    expect((await admin('GET')).json()).toMatchObject({ notificationEmails: ['ana@empresa.example', 'ti@sub.empresa.com.br'] });
    expect((await admin('PATCH', { notificationEmails: [] })).json()).toMatchObject({ notificationEmails: [] });
  });

  it('refuses bad values with the field and changes nothing', async () => {
    const before = (await admin('GET')).json() as Record<string, unknown>;
    for (const [body, field] of [
      [{ accuracyThresholdPercent: 101 }, 'accuracyThresholdPercent'],
      [{ accuracyThresholdPercent: -1 }, 'accuracyThresholdPercent'],
      [{ accuracyThresholdPercent: '20' }, 'accuracyThresholdPercent'],
      [{ notificationEmails: ['ana@empresa.example', 'não é e-mail'] }, 'notificationEmails.1'],
      [{ notificationEmails: 'ana@empresa.example' }, 'notificationEmails'],
      [{ accuracyThresholdPercent: 30, notificationEmails: ['@x.com'] }, 'notificationEmails.0'],
    ] as const) {
      const response = await admin('PATCH', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'invalid', field } });
    }
    expect((await admin('GET')).json()).toEqual(before);
    expect((await admin('GET', undefined, '/api/admin/servers/demo/assistants/xx/settings')).statusCode).toBe(404);
  });
});
