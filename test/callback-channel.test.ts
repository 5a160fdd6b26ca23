// Rasa's callback channel and output channels (reference/rasa-protocol.md §1, §8 items 7, 17, 24),
// against a local HTTP server on 127.0.0.1 standing for the client's callback endpoint.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CALLBACK_URL_SECRET } from '../src/channels/callback/callback-output.js';
import { ADMINISTRATOR_ENV, signInAdministratorAndViewer, type ConsoleSession } from './helpers/console-session.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
let receiver: Server;
let received: unknown[] = [];
let failWith: number | null = null;
let redirectTo: string | null = null;
const paths: string[] = [];
let token = '';
let ana: ConsoleSession;
let vera: ConsoleSession;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      paths.push(request.url ?? '');
      if (redirectTo !== null) {
        response.writeHead(307, { location: redirectTo }).end();
        return;
      }
      if (failWith !== null) {
        response.writeHead(failWith).end();
        return;
      }
      received.push(JSON.parse(body));
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // The callback URL's stand-in is on 127.0.0.1: the SSRF guard refuses it unless allowed.
  test = await startTestPlatform({ env: { ...ADMINISTRATOR_ENV, HELPER_OUTBOUND_ALLOW: '127.0.0.1' } });
  const assistant = await test.platform.defaultAssistant();
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bot-messages?key=s3cret`;
  await test.platform.store.secrets.set(assistant.id, CALLBACK_URL_SECRET, test.platform.secrets.encrypt(url, { assistantId: assistant.id, name: CALLBACK_URL_SECRET }));
  token = await test.platform.apiAccess.rotate(assistant);
  ({ ana, vera } = await signInAdministratorAndViewer(test.platform, test.app));
});
beforeEach(() => {
  received = [];
  failWith = null;
  redirectTo = null;
});
afterAll(async () => {
  await test?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('callback channel', () => {
  it('answers "success" and POSTs the text, then the image, as separate JSON bodies with recipient_id', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'cb', message: 'me mostra uma imagem' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('success');
    expect(received).toEqual([
      { recipient_id: 'cb', text: expect.any(String) },
      { recipient_id: 'cb', image: expect.stringMatching(/^https:\/\//) },
    ]);
    expect((await test.app.inject({ method: 'GET', url: '/webhooks/callback/' })).json()).toEqual({ status: 'ok' });
  });

  it('reports a failing callback with a 502 that does not show the URL, and keeps the turn', async () => {
    failWith = 500;
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'cb-fail', message: 'oi' } });
    expect(response.statusCode).toBe(502);
    expect(response.body).not.toContain('s3cret');
    const assistant = await test.platform.defaultAssistant();
    const events = await test.platform.store.conversations.events(assistant.id, 'cb-fail');
    expect(events.some((entry) => entry.event.event === 'user')).toBe(true);
  });

  it('does not follow a redirect from the callback URL (it could point at an internal address)', async () => {
    redirectTo = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/internal`;
    paths.length = 0;
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'cb-redirect', message: 'oi' } });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ message: 'the callback URL could not be reached' });
    expect(paths).toEqual(['/bot-messages?key=s3cret']);
  });

  it('refuses bad input with a 4xx', async () => {
    expect((await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'x' } })).statusCode).toBe(400);
  });
});

describe("an agent's reply (human handoff) on the callback channel", () => {
  it('is POSTed to the callback URL at once; a callback that fails is reported as failed', async () => {
    const handOff = await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'cb-handoff', message: 'quero falar com um atendente' } });
    expect(handOff.body).toBe('success');
    expect(received).toHaveLength(2);
    received = [];
    const replied = await ana.request('POST', '/api/admin/servers/demo/assistants/pt/handoffs/cb-handoff/reply', { text: 'Oi, sou a Ana. Como posso ajudar?' });
    expect(replied.statusCode).toBe(200);
    expect(replied.json()).toMatchObject({ delivery: 'sent' });
    expect(received).toEqual([{ recipient_id: 'cb-handoff', text: 'Oi, sou a Ana. Como posso ajudar?' }]);

    failWith = 503;
    const failed = await ana.request('POST', '/api/admin/servers/demo/assistants/pt/handoffs/cb-handoff/reply', { text: 'Ainda está aí?' });
    expect(failed.json()).toMatchObject({ delivery: 'failed' });
    failWith = null;
    // Paused: the user's next message is recorded, and nothing is said again.
    received = [];
    expect((await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'cb-handoff', message: 'ok, aguardo' } })).body).toBe('success');
    expect(received).toEqual([]);
  });
});

describe("the callback URL's failures in the admin API", () => {
  it('lists an answer the callback URL refused (400) among the channel\'s deliveries, to an administrator and a viewer alike, without the URL', async () => {
    failWith = 400;
    const response = await test.app.inject({ method: 'POST', url: `/conversations/cb-refused/trigger_intent?token=${token}&output_channel=callback`, payload: { name: 'sobre_voce' } });
    expect(response.statusCode).toBe(200);
    const url = '/api/admin/servers/demo/assistants/pt/integrations/callback/deliveries?recipient=cb-refused';
    await expect.poll(async () => (await ana.request('GET', url)).json(), { timeout: 8_000 }).toMatchObject({ deliveries: [expect.anything()] });
    for (const session of [ana, vera]) {
      const listed = await session.request('GET', url);
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toEqual({
        deliveries: [{ recipient: 'cb-refused', messageId: null, status: 'failed', detail: { status: 400, code: null, subcode: null, reason: 'the callback URL answered HTTP 400', attempts: 1 }, reasonCode: 'http_status', reasonParams: { status: 400 }, occurredAt: expect.any(String) }],
      });
      expect(listed.body).not.toMatch(/s3cret|bot-messages|127\.0\.0\.1/);
    }
    // Integrações says the channel is set up (so the console lists its failures), never its URL.
    const values = await vera.request('GET', '/api/admin/servers/demo/assistants/pt/integrations');
    expect(values.json()).toMatchObject({ callback: { url: 'set' } });
    expect(values.body).not.toMatch(/s3cret|bot-messages/);
  });
});

describe('the SSRF guard on the callback URL', () => {
  const setUrl = async (url: string) => {
    const assistant = await test.platform.defaultAssistant();
    await test.platform.store.secrets.set(assistant.id, CALLBACK_URL_SECRET, test.platform.secrets.encrypt(url, { assistantId: assistant.id, name: CALLBACK_URL_SECRET }));
  };
  const REFUSAL = "the callback URL's host is not a public address (loopback, private, link-local or reserved): calls there are refused unless HELPER_OUTBOUND_ALLOW names the host or the address";

  it('refuses an address the operator did not allow (cloud metadata), on every way to the URL, naming the refusal but not the URL', async () => {
    const standIn = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bot-messages?key=s3cret`;
    await setUrl('http://169.254.169.254/latest/meta-data/iam?key=s3cret');
    try {
      // The webhook: the turn is kept, the caller told why.
      const webhook = await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'cb-ssrf', message: 'oi' } });
      expect(webhook.statusCode).toBe(502);
      expect(webhook.json()).toMatchObject({ message: REFUSAL });
      // The outbox: given up at once, recorded with the refusal.
      const triggered = await test.app.inject({ method: 'POST', url: `/conversations/cb-ssrf/trigger_intent?token=${token}&output_channel=callback`, payload: { name: 'sobre_voce' } });
      expect(triggered.statusCode).toBe(200);
      const url = '/api/admin/servers/demo/assistants/pt/integrations/callback/deliveries?recipient=cb-ssrf';
      await expect.poll(async () => (await vera.request('GET', url)).json(), { timeout: 8_000 }).toEqual({
        deliveries: [{ recipient: 'cb-ssrf', messageId: null, status: 'failed', detail: { status: null, code: null, subcode: null, reason: REFUSAL, attempts: 1 }, reasonCode: 'address_refused', reasonParams: { variable: 'HELPER_OUTBOUND_ALLOW' }, occurredAt: expect.any(String) }],
      });
      // An agent's reply: not delivered.
      await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'cb-ssrf', message: 'quero falar com um atendente' } });
      const replied = await ana.request('POST', '/api/admin/servers/demo/assistants/pt/handoffs/cb-ssrf/reply', { text: 'Oi' });
      expect(replied.json()).toMatchObject({ delivery: 'failed' });
      for (const text of [webhook.body, (await ana.request('GET', url)).body]) expect(text).not.toMatch(/s3cret|169\.254|meta-data/);
    } finally {
      await setUrl(standIn);
    }
    // The stand-in the operator allowed (127.0.0.1) is still reached.
    const allowed = await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'cb-allowed', message: 'oi' } });
    expect(allowed.body).toBe('success');
    expect(received).toEqual([{ recipient_id: 'cb-allowed', text: expect.any(String) }]);
  });
});

describe('output channels of the conversations API', () => {
  /** Nothing waits in the callback channel's outbox for the conversation (what is sent is stored there first). */
  const nothingQueued = async (sender: string) => {
    const assistant = await test.platform.defaultAssistant();
    expect(await test.platform.store.outbox.pending('callback', assistant.id, sender)).toEqual([]);
  };

  it('17: execute_side_effects with output_channel=callback sends posted bot events; without them nothing is sent', async () => {
    const bot = { event: 'bot', text: 'Seu chamado foi aberto.', data: {} };
    await test.app.inject({ method: 'POST', url: `/conversations/side/tracker/events?token=${token}`, payload: bot });
    await nothingQueued('side');
    expect(received).toEqual([]);
    const response = await test.app.inject({
      method: 'POST',
      url: `/conversations/side/tracker/events?token=${token}&execute_side_effects=true&output_channel=callback`,
      payload: bot,
    });
    expect(response.statusCode).toBe(200);
    await expect.poll(() => received, { timeout: 5_000 }).toEqual([{ recipient_id: 'side', text: 'Seu chamado foi aberto.' }]);
  });

  it("sends a posted bot event's elements as Rasa's default does: \"title : subtitle\" with their buttons", async () => {
    received = [];
    const bot = { event: 'bot', text: null, data: { elements: [{ title: 'T1', subtitle: 'S1', buttons: [{ title: 'Abrir', payload: '/abrir' }] }, { title: 'T2', subtitle: 'S2' }] } };
    const response = await test.app.inject({
      method: 'POST',
      url: `/conversations/cards/tracker/events?token=${token}&execute_side_effects=true&output_channel=callback`,
      payload: bot,
    });
    expect(response.statusCode).toBe(200);
    await expect.poll(() => received, { timeout: 5_000 }).toEqual([
      { recipient_id: 'cards', text: 'T1 : S1', buttons: [{ title: 'Abrir', payload: '/abrir' }] },
      { recipient_id: 'cards', text: 'T2 : S2', buttons: [] },
    ]);
  });

  it("sends a posted bot event's quick replies as buttons, as Rasa's REST-shaped channels do", async () => {
    received = [];
    const bot = { event: 'bot', text: 'Escolha', data: { quick_replies: [{ title: 'A', payload: '/a' }, { title: 'B' }] } };
    const response = await test.app.inject({
      method: 'POST',
      url: `/conversations/quick/tracker/events?token=${token}&execute_side_effects=true&output_channel=callback`,
      payload: bot,
    });
    expect(response.statusCode).toBe(200);
    await expect.poll(() => received, { timeout: 5_000 }).toEqual([{ recipient_id: 'quick', text: 'Escolha', buttons: [{ title: 'A', payload: '/a' }, { title: 'B', payload: 'B' }] }]);
  });

  it('24: an unknown output channel collects only; latest uses the last input channel', async () => {
    const unknown = await test.app.inject({ method: 'POST', url: `/conversations/out/trigger_intent?token=${token}&output_channel=nowhere`, payload: { name: 'sobre_voce' } });
    expect((unknown.json() as { messages: unknown[] }).messages).toHaveLength(1);
    await nothingQueued('out');
    expect(received).toEqual([]);
    // The last input channel of "out" is rest: latest collects only…
    await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'out', message: 'oi' } });
    await test.app.inject({ method: 'POST', url: `/conversations/out/trigger_intent?token=${token}&output_channel=latest`, payload: { name: 'sobre_voce' } });
    await nothingQueued('out');
    expect(received).toEqual([]);
    // …and after a message through the callback channel, latest is the callback.
    await test.app.inject({ method: 'POST', url: '/webhooks/callback/webhook', payload: { sender: 'out', message: 'oi' } });
    received = [];
    await test.app.inject({ method: 'POST', url: `/conversations/out/trigger_intent?token=${token}&output_channel=latest`, payload: { name: 'sobre_voce' } });
    await expect.poll(() => received, { timeout: 5_000 }).toEqual([{ recipient_id: 'out', text: 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais' }]);
  });

  it('answers trigger_intent and execute with messages only when the output channel collects them, as Rasa', async () => {
    const keys = (response: { json(): unknown }) => Object.keys(response.json() as object).sort();
    const sent = await test.app.inject({ method: 'POST', url: `/conversations/only/trigger_intent?token=${token}&output_channel=callback`, payload: { name: 'sobre_voce' } });
    await expect.poll(() => received, { timeout: 5_000 }).toHaveLength(1);
    expect(keys(sent)).toEqual(['tracker']);
    const executed = await test.app.inject({ method: 'POST', url: `/conversations/only/execute?token=${token}&output_channel=callback`, payload: { name: 'falar_sobre_mim' } });
    await expect.poll(() => received, { timeout: 5_000 }).toHaveLength(2);
    expect(keys(executed)).toEqual(['tracker']);
    const collected = await test.app.inject({ method: 'POST', url: `/conversations/only/trigger_intent?token=${token}`, payload: { name: 'sobre_voce' } });
    expect(keys(collected)).toEqual(['messages', 'tracker']);
  });

  it("24: trigger_intent to the callback keeps the user's input channel, so latest does not turn to the callback afterwards", async () => {
    await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'kept', message: 'oi' } });
    await test.app.inject({ method: 'POST', url: `/conversations/kept/trigger_intent?token=${token}&output_channel=callback`, payload: { name: 'sobre_voce' } });
    await expect.poll(() => received, { timeout: 5_000 }).toHaveLength(1);
    received = [];
    const latest = await test.app.inject({ method: 'POST', url: `/conversations/kept/trigger_intent?token=${token}&output_channel=latest`, payload: { name: 'sobre_voce' } });
    await nothingQueued('kept');
    expect(received).toEqual([]);
    expect((latest.json() as { tracker: { latest_input_channel: string } }).tracker.latest_input_channel).toBe('rest');
  });
});
