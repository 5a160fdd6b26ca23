// The conversations API as 4biz uses it ("Parameters API"): two customers with a Portuguese and an
// English assistant each, addressed by host, isolated from each other
// (reference/rasa-protocol.md §3–4 and §8; reference/4biz.md).
import { readFile } from 'node:fs/promises';
import { SignJWT } from 'jose';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importAssistant } from '../src/admin-api/files/import-assistant.js';
import { demoAssistantFiles } from '../src/assistant/index.js';
import type { AssistantRecord } from '../src/store/store.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
const assistants: Record<string, AssistantRecord> = {};
const tokens: Record<string, string> = {};
const DOMAIN = 'helperassistant.example';
const ADMIN_TOKEN = 'admin-token-for-conversations-api-0123456789';

beforeAll(async () => {
  test = await startTestPlatform({ env: { HELPER_PUBLIC_URL: `https://${DOMAIN}`, HELPER_ADMIN_TOKEN: ADMIN_TOKEN } });
  for (const server of ['acme', 'globex']) {
    for (const demo of demoAssistantFiles()) {
      const result = await importAssistant(test.platform.store, {
        text: await readFile(demo.path, 'utf8'),
        fileName: demo.path,
        target: { server, language: demo.language },
        mode: 'replace',
        createMissing: true,
      });
      if (!result.ok) throw new Error(result.errors.join('\n'));
      await test.platform.trainer.train(result.assistant);
      const key = `${server}${demo.language}`;
      assistants[key] = result.assistant;
      tokens[key] = await test.platform.apiAccess.rotate(result.assistant);
    }
  }
  test.platform.hosts.invalidate();
});
afterAll(async () => {
  await test?.close();
});

type Method = 'GET' | 'POST' | 'PUT';
async function call(host: string, method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) {
  return test.app.inject({
    method,
    url,
    headers: { host: `${host}.${DOMAIN}`, ...headers },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}
const withToken = (host: string, url: string) => `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(tokens[host] ?? '')}`;

describe('4biz: user data in, initial action, conversation', () => {
  it("sets the user's name, starts with trigger_intent and talks through the REST channel on the assistant's host", async () => {
    const events = await call('acmept', 'POST', withToken('acmept', '/conversations/joao.silva/tracker/events'), [
      { event: 'slot', name: 'nome', value: 'João' },
      { event: 'slot', name: 'email', value: 'joao@acme.example' },
    ]);
    expect(events.statusCode).toBe(200);
    const tracker = events.json() as { sender_id: string; slots: Record<string, unknown>; events: Array<{ event: string }> };
    expect(tracker.sender_id).toBe('joao.silva');
    expect(tracker.slots.nome).toBe('João');
    expect(tracker.events.map((event) => event.event).slice(0, 3)).toEqual(['action', 'session_started', 'action']);

    const start = await call('acmept', 'POST', withToken('acmept', '/conversations/joao.silva/trigger_intent'), { name: 'cumprimentar' });
    expect(start.statusCode).toBe(200);
    const started = start.json() as { tracker: { latest_message: { intent: { name: string } } }; messages: Array<{ recipient_id: string; text: string }> };
    expect(started.tracker.latest_message.intent.name).toBe('cumprimentar');
    expect(started.messages[0]?.recipient_id).toBe('joao.silva');
    expect(started.messages[0]?.text).toMatch(/^(Olá|Oi), João!/);

    const chat = await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'joao.silva', message: 'bom dia' });
    expect((chat.json() as Array<{ text: string }>)[0]?.text).toMatch(/João/);

    const after = (await call('acmept', 'GET', withToken('acmept', '/conversations/joao.silva/tracker'))).json() as { slots: Record<string, unknown>; latest_input_channel: string };
    expect(after.slots).toMatchObject({ nome: 'João' });
    expect(after.latest_input_channel).toBe('rest');
  });

  it('keeps the metadata of a REST message on its event, with the model and assistant ids', async () => {
    await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'meta', message: 'oi', metadata: { login: 'maria', unidade: 'TI' } });
    const tracker = (await call('acmept', 'GET', withToken('acmept', '/conversations/meta/tracker'))).json() as {
      events: Array<{ event: string; metadata?: Record<string, unknown> }>;
      latest_message: { metadata: Record<string, unknown> };
    };
    expect(tracker.events.find((event) => event.event === 'user')?.metadata).toMatchObject({ login: 'maria', unidade: 'TI' });
    expect(tracker.latest_message.metadata).toMatchObject({ login: 'maria' });
    // As Rasa logs every event: the user event carries the model and the assistant too (the same
    // as the bot's), and a message's own model_id is kept.
    const bot = tracker.events.find((event) => event.event === 'bot')?.metadata;
    expect(tracker.events.find((event) => event.event === 'user')?.metadata).toMatchObject({ model_id: bot?.['model_id'], assistant_id: bot?.['assistant_id'] });
    expect(bot?.['model_id']).toEqual(expect.any(String));
    await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'meta-own', message: 'oi', metadata: { model_id: 'mine' } });
    const own = (await call('acmept', 'GET', withToken('acmept', '/conversations/meta-own/tracker'))).json() as { events: Array<{ event: string; metadata?: Record<string, unknown> }> };
    expect(own.events.find((event) => event.event === 'user')?.metadata).toMatchObject({ model_id: 'mine', assistant_id: bot?.['assistant_id'] });
  });
});

describe('never open, never crossing customers', () => {
  it('answers 401 without a token and with the token of another assistant (it authenticates nobody here, as in Rasa)', async () => {
    const none = await call('acmept', 'GET', '/conversations/x/tracker');
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ version: '3.6.21', status: 'failure', reason: 'NotAuthenticated', code: 401 });
    for (const other of ['acmeen', 'globexpt', 'globexen']) {
      const foreign = await call('acmept', 'GET', `/conversations/x/tracker?token=${tokens[other]}`);
      expect(foreign.statusCode).toBe(401);
      expect(foreign.json()).toMatchObject({ reason: 'NotAuthenticated', code: 401 });
    }
  });

  it("keeps each customer's conversations apart, even with the same conversation id", async () => {
    await call('acmept', 'POST', withToken('acmept', '/conversations/shared-id/tracker/events'), { event: 'slot', name: 'nome', value: 'Cliente ACME' });
    await call('globexpt', 'POST', withToken('globexpt', '/conversations/shared-id/tracker/events'), { event: 'slot', name: 'nome', value: 'Cliente Globex' });
    const acme = (await call('acmept', 'GET', withToken('acmept', '/conversations/shared-id/tracker'))).json() as { slots: Record<string, unknown> };
    const globex = (await call('globexpt', 'GET', withToken('globexpt', '/conversations/shared-id/tracker'))).json() as { slots: Record<string, unknown> };
    expect(acme.slots.nome).toBe('Cliente ACME');
    expect(globex.slots.nome).toBe('Cliente Globex');
    const english = (await call('acmeen', 'GET', withToken('acmeen', '/conversations/shared-id/tracker'))).json() as { slots: Record<string, unknown> };
    expect(english.slots.name).toBeNull();
    // The REST channel too answers in each assistant's own language.
    const en = (await call('globexen', 'POST', '/webhooks/rest/webhook', { sender: 's', message: 'tell me something about you' })).json() as Array<{ text: string }>;
    expect(en[0]?.text).toBe('I can help you work smarter, not harder');
  });

  it("accepts Rasa's JWT: a user reads only its own conversation", async () => {
    const sign = async (user: { username: string; role: string }) =>
      `Bearer ${await new SignJWT({ user }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(tokens.acmept ?? ''))}`;
    const user = await sign({ username: 'ana', role: 'user' });
    expect((await call('acmept', 'GET', '/conversations/ana/tracker', undefined, { authorization: user })).statusCode).toBe(200);
    expect((await call('acmept', 'GET', '/conversations/bia/tracker', undefined, { authorization: user })).statusCode).toBe(403);
    const admin = await sign({ username: 'ops', role: 'admin' });
    expect((await call('acmept', 'GET', '/conversations/bia/tracker', undefined, { authorization: admin })).statusCode).toBe(200);
    // Signed with another assistant's token: not a credential of this one.
    expect((await call('globexpt', 'GET', '/conversations/bia/tracker', undefined, { authorization: admin })).statusCode).toBe(401);
  });

  it('lets allowed addresses call without a token, only for their assistant', async () => {
    await test.platform.store.assistants.update(assistants.acmeen!.id, { apiAllowedCidrs: ['127.0.0.0/8'] });
    test.platform.hosts.invalidate();
    expect((await call('acmeen', 'GET', '/conversations/ip/tracker')).statusCode).toBe(200);
    expect((await call('acmept', 'GET', '/conversations/ip/tracker')).statusCode).toBe(401);
    await test.platform.store.assistants.update(assistants.acmeen!.id, { apiAllowedCidrs: [] });
    test.platform.hosts.invalidate();
  });
});

describe("Rasa's conversations API (§8)", () => {
  it('12: the tracker of an unknown id has exactly the three session-start events, and then the id exists', async () => {
    expect((await call('acmept', 'GET', withToken('acmept', '/conversations/brand-new/story'))).statusCode).toBe(404);
    const tracker = (await call('acmept', 'GET', withToken('acmept', '/conversations/brand-new/tracker'))).json() as Record<string, unknown> & {
      events: Array<Record<string, unknown>>;
      slots: Record<string, unknown>;
    };
    expect(tracker.events.map((event) => event.event === 'action' ? event.name : event.event)).toEqual(['action_session_start', 'session_started', 'action_listen']);
    expect(tracker.events[0]).toMatchObject({ confidence: 1 });
    expect(tracker.events[2]).toMatchObject({ confidence: null });
    for (const event of tracker.events) expect(event.metadata).toEqual({ assistant_id: String(assistants.acmept!.id), model_id: expect.any(String) });
    expect(Object.values(tracker.slots).every((value) => value === null)).toBe(true);
    expect(tracker).toMatchObject({ paused: false, latest_message: { intent: {}, entities: [], text: null, message_id: null, metadata: {} } });
    expect((await call('acmept', 'GET', withToken('acmept', '/conversations/brand-new/story'))).statusCode).toBe(200);
  });

  it('13, 14, 16: a posted event gets the server time, the model_id it carries is kept, values round-trip, ids may contain /+-_\\=', async () => {
    const id = 'a/b+c-d_e\\f=g';
    const before = Date.now() / 1000;
    const response = await call('acmept', 'POST', withToken('acmept', `/conversations/${encodeURIComponent(id)}/tracker/events`), {
      event: 'slot',
      name: 'nome',
      value: null,
      metadata: { model_id: 'mine' },
    });
    expect(response.statusCode).toBe(200);
    const tracker = response.json() as { sender_id: string; events: Array<Record<string, unknown>> };
    expect(tracker.sender_id).toBe(id);
    expect(tracker.events).toHaveLength(4);
    expect(tracker.events[3]?.timestamp).toBeGreaterThanOrEqual(before - 1);
    expect(tracker.events[3]?.metadata).toMatchObject({ model_id: 'mine' });
    for (const value of [1, 'texto', null, ['a', 2]]) {
      const slots = (await call('acmept', 'POST', withToken('acmept', `/conversations/${encodeURIComponent(id)}/tracker/events`), [{ event: 'slot', name: 'nome', value }])).json() as { slots: Record<string, unknown> };
      expect(slots.slots.nome).toEqual(value);
    }
    const pair = [
      { event: 'action', name: 'action_session_start', timestamp: 100.5 },
      { event: 'session_started', timestamp: 100.5 },
    ];
    const echoed = (await call('acmept', 'POST', withToken('acmept', '/conversations/pair/tracker/events?include_events=ALL'), pair)).json() as { events: Array<Record<string, unknown>> };
    expect(echoed.events.map((event) => event.timestamp)).toEqual([100.5, 100.5]);
  });

  it('reads an id with % as written (decoded once), and refuses an id over 256 characters with a 400', async () => {
    for (const id of ['50%off', 'a%zz', 'ação 100%25']) {
      const tracker = await call('acmept', 'GET', withToken('acmept', `/conversations/${encodeURIComponent(id)}/tracker`));
      expect(tracker.statusCode).toBe(200);
      expect((tracker.json() as { sender_id: string }).sender_id).toBe(id);
    }
    const long = await call('acmept', 'GET', withToken('acmept', `/conversations/${'x'.repeat(257)}/tracker`));
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ reason: 'BadRequest', message: 'the conversation id must have at most 256 characters', details: { parameter: 'conversation_id', in: 'path' } });
    expect((await call('acmept', 'GET', withToken('acmept', `/conversations/${'x'.repeat(256)}/tracker`))).statusCode).toBe(200);
  });

  it('15, 16: PUT replaces the history exactly; an empty body is 400', async () => {
    const history = [
      { event: 'action', name: 'action_session_start', timestamp: 1 },
      { event: 'session_started', timestamp: 1 },
      { event: 'user', text: 'oi', timestamp: 2, parse_data: { intent: { name: 'cumprimentar', confidence: 1 }, entities: [] } },
      // An answered turn without Rasa's user_featurization: read back without one too.
      { event: 'action', name: 'utter_cumprimentar', timestamp: 3 },
      { event: 'bot', text: 'Olá!', timestamp: 3 },
      { event: 'action', name: 'action_listen', timestamp: 3 },
    ];
    const put = await call('acmept', 'PUT', withToken('acmept', '/conversations/replaced/tracker/events?include_events=ALL'), history);
    expect(put.statusCode).toBe(200);
    const tracker = put.json() as { sender_id: string; events: Array<Record<string, unknown>> };
    expect(tracker.sender_id).toBe('replaced');
    expect(tracker.events.map((event) => [event.event, event.timestamp])).toEqual(history.map((event) => [event.event, event.timestamp]));
    // Read back in Rasa's event shapes, whatever the poster left out.
    expect(tracker.events[0]).toMatchObject({ name: 'action_session_start', policy: null, confidence: null, action_text: null, hide_rule_turn: false });
    expect(tracker.events[2]).toMatchObject({
      text: 'oi',
      input_channel: null,
      message_id: null,
      parse_data: { intent: { name: 'cumprimentar', confidence: 1 }, entities: [], text: 'oi', message_id: null },
    });
    const read = async () =>
      ((await call('acmept', 'GET', withToken('acmept', '/conversations/replaced/tracker'))).json() as { events: Array<Record<string, unknown>> }).events.map(
        (event) => event.event,
      );
    expect(await read()).toEqual(history.map((event) => event.event));
    // Posted turns likewise; a turn the assistant answers afterwards has its user_featurization.
    const posted = [
      { event: 'user', text: 'tudo bem?', timestamp: 4 },
      { event: 'action', name: 'action_listen', timestamp: 4 },
    ];
    expect((await call('acmept', 'POST', withToken('acmept', '/conversations/replaced/tracker/events'), posted)).statusCode).toBe(200);
    expect(await read()).toEqual([...history, ...posted].map((event) => event.event));
    expect((await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'replaced', message: 'oi' })).statusCode).toBe(200);
    // (a new session first: the posted timestamps are long past)
    const answered = (await read()).slice(history.length + posted.length);
    expect(answered.slice(answered.indexOf('user'), answered.indexOf('user') + 2)).toEqual(['user', 'user_featurization']);
    expect(answered.filter((event) => event === 'user_featurization')).toHaveLength(1);
    for (const method of ['POST', 'PUT'] as const) {
      const empty = await test.app.inject({
        method,
        url: withToken('acmept', '/conversations/replaced/tracker/events'),
        headers: { host: `acmept.${DOMAIN}`, 'content-type': 'application/json' },
        payload: '',
      });
      expect(empty.statusCode).toBe(400);
      expect(empty.json()).toMatchObject({ status: 'failure', reason: 'BadRequest' });
    }
    const invalid = await call('acmept', 'POST', withToken('acmept', '/conversations/replaced/tracker/events'), { event: 'slot', value: 1 });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ message: expect.stringMatching(/name must be a string/) });
  });

  it('18: include_events takes ALL, AFTER_RESTART, APPLIED and NONE, any case; anything else is 400', async () => {
    await call('acmept', 'POST', withToken('acmept', '/conversations/inc/tracker/events'), [
      { event: 'slot', name: 'nome', value: 'x' },
      { event: 'restart' },
      { event: 'slot', name: 'nome', value: 'y' },
    ]);
    const count = async (value: string) =>
      ((await call('acmept', 'GET', withToken('acmept', `/conversations/inc/tracker?include_events=${value}`))).json() as { events: unknown[] | null }).events;
    expect(await count('all')).toHaveLength(6);
    expect(await count('AFTER_RESTART')).toHaveLength(1);
    expect(await count('Applied')).toHaveLength(1);
    expect(await count('none')).toBeNull();
    expect((await call('acmept', 'GET', withToken('acmept', '/conversations/inc/tracker?include_events=SOME'))).statusCode).toBe(400);
  });

  it("until, as Rasa's float_arg: a value float() cannot read is ignored (the whole tracker or story), a timestamp cuts the history", async () => {
    await call('acmept', 'POST', withToken('acmept', '/conversations/upto/tracker/events'), [
      { event: 'slot', name: 'nome', value: 'antes', timestamp: 1000 },
      { event: 'slot', name: 'nome', value: 'depois', timestamp: 2000 },
    ]);
    const tracker = async (until: string) => {
      const response = await call('acmept', 'GET', withToken('acmept', `/conversations/upto/tracker?include_events=ALL&until=${until}`));
      expect(response.statusCode, until).toBe(200);
      return response.json() as { slots: Record<string, unknown>; events: unknown[] };
    };
    const whole = await tracker('abc');
    expect(whole.slots.nome).toBe('depois');
    expect(whole.events).toHaveLength(5);
    expect((await tracker('')).events).toHaveLength(5);
    expect((await tracker('0x10')).events).toHaveLength(5);
    expect((await tracker('1500')).slots.nome).toBe('antes');
    expect((await tracker('1.5e3')).slots.nome).toBe('antes');
    expect((await tracker('inf')).events).toHaveLength(5);
    const story = await call('acmept', 'GET', withToken('acmept', '/conversations/upto/story?until=abc'));
    expect(story.statusCode).toBe(200);
    expect(story.body).toBe((await call('acmept', 'GET', withToken('acmept', '/conversations/upto/story'))).body);
  });

  it("each event of a turn has its own increasing timestamp, as Rasa's: until = a message's timestamp stops at that message", async () => {
    for (const message of ['bom dia', 'minha impressora não funciona']) {
      expect((await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'stamps', message })).statusCode).toBe(200);
    }
    const tracker = async (until?: number) => {
      const query = until === undefined ? '' : `&until=${until}`;
      return (await call('acmept', 'GET', withToken('acmept', `/conversations/stamps/tracker?include_events=ALL${query}`))).json() as { events: Array<{ event: string; timestamp: number; text?: string }> };
    };
    const { events } = await tracker();
    // Strictly increasing, the featurization Rasa writes after each message included.
    for (let index = 1; index < events.length; index++) expect(events[index]?.timestamp, `event ${index}`).toBeGreaterThan(events[index - 1]?.timestamp ?? Infinity);
    const first = events.find((event) => event.event === 'user');
    const cut = (await tracker(first?.timestamp)).events;
    expect(cut.at(-1)).toMatchObject({ event: 'user', text: 'bom dia' });
    expect(cut).toEqual(events.slice(0, events.indexOf(first as (typeof events)[number]) + 1));
  });

  it('21: /messages logs a user message, with a slot from an entity, and answers nothing; other senders are 400', async () => {
    const logged = await call('acmept', 'POST', withToken('acmept', '/conversations/msg/messages'), { text: 'minha impressora não funciona', sender: 'user' });
    expect(logged.statusCode).toBe(200);
    const events = (logged.json() as { events: Array<Record<string, unknown>> }).events;
    expect(events.at(-2)).toMatchObject({ event: 'user', text: 'minha impressora não funciona' });
    expect(events.at(-1)).toMatchObject({ event: 'slot', name: 'equipamento', value: 'impressora' });
    expect(events.some((event) => event.event === 'bot')).toBe(false);
    expect((await call('acmept', 'POST', withToken('acmept', '/conversations/msg/messages'), { text: 'x', sender: 'bot' })).statusCode).toBe(400);
  });

  it('23: trigger_intent takes entities as a dict (slots); a missing name is 400, an unknown intent 404', async () => {
    const triggered = await call('acmept', 'POST', withToken('acmept', '/conversations/trig/trigger_intent'), { name: 'informar_nome', entities: { nome: 'Bia' } });
    expect(triggered.statusCode).toBe(200);
    const body = triggered.json() as { tracker: { slots: Record<string, unknown>; latest_message: { entities: unknown[] } }; messages: Array<{ text: string }> };
    expect(body.tracker.slots.nome).toBe('Bia');
    // As Rasa records them: {entity, value} from a dict, a list's entities as given.
    expect(body.tracker.latest_message.entities).toEqual([{ entity: 'nome', value: 'Bia' }]);
    const listed = (await call('acmept', 'POST', withToken('acmept', '/conversations/trig/trigger_intent'), { name: 'informar_nome', entities: [{ entity: 'nome', value: 'Rui', role: 'cliente' }] })).json() as typeof body;
    expect(listed.tracker.latest_message.entities).toEqual([{ entity: 'nome', value: 'Rui', role: 'cliente' }]);
    expect(listed.tracker.slots.nome).toBe('Rui');
    expect(body.messages[0]?.text).toBe('Prazer em conhecer você, Bia! Como posso ajudar?');
    // The user event as Rasa's UserUttered.create_external makes it: the intent's name alone, no
    // ranking, no message id, parse_data's metadata only is_external.
    const tracked = (await call('acmept', 'GET', withToken('acmept', '/conversations/trig/tracker'))).json() as { events: Array<Record<string, unknown>> };
    const external = tracked.events.find((event) => event['event'] === 'user');
    expect(external).toMatchObject({ text: 'EXTERNAL: informar_nome', message_id: null, metadata: { is_external: true } });
    expect(external?.['parse_data']).toEqual({ intent: { name: 'informar_nome' }, entities: [{ entity: 'nome', value: 'Bia' }], text: 'EXTERNAL: informar_nome', message_id: null, metadata: { is_external: true } });
    expect((await call('acmept', 'POST', withToken('acmept', '/conversations/trig/trigger_intent'), {})).statusCode).toBe(400);
    const unknown = await call('acmept', 'POST', withToken('acmept', '/conversations/trig/trigger_intent'), { name: 'voar' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ reason: 'NotFound' });
  });

  it("bounds a POST's name at 256 characters (a 400 naming it), and quotes an unknown intent's or action's name cut short, in Rasa's error shape", async () => {
    const huge = await call('acmept', 'POST', withToken('acmept', '/conversations/trig/trigger_intent'), { name: 'a'.repeat(900_000) });
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ status: 'failure', reason: 'BadRequest', code: 400, message: 'name must NOT have more than 256 characters', details: { parameter: 'name', in: 'body' } });
    expect(huge.body.length).toBeLessThan(1_000);
    expect((await call('acmept', 'POST', withToken('acmept', '/conversations/trig/trigger_intent'), { name: 'a'.repeat(257) })).statusCode).toBe(400);
    // At the bound, unknown: 404 as before, the name quoted cut to 60 characters.
    const unknown = await call('acmept', 'POST', withToken('acmept', '/conversations/trig/trigger_intent'), { name: 'a'.repeat(256) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ status: 'failure', reason: 'NotFound', code: 404, message: `The intent "${'a'.repeat(60)}…" does not exist in the assistant's model.`, details: { parameter: 'name', in: 'body' } });
    expect(unknown.body.length).toBeLessThan(500);
    expect((await call('acmept', 'POST', withToken('acmept', '/conversations/trig/trigger_intent'), { name: 'voar' })).json()).toMatchObject({ message: 'The intent "voar" does not exist in the assistant\'s model.' });
    // execute's action and a posted event's name have the same bound; an unknown action is still Rasa's 500, quoted short.
    expect((await call('acmept', 'POST', withToken('acmept', '/conversations/trig/execute'), { name: 'b'.repeat(257) })).statusCode).toBe(400);
    const action = await call('acmept', 'POST', withToken('acmept', '/conversations/trig/execute'), { name: 'b'.repeat(256) });
    expect(action.statusCode).toBe(500);
    expect(action.json()).toMatchObject({ reason: 'ConversationError', message: `An unexpected error occurred. Error: The action "${'b'.repeat(60)}…" does not exist: name a skill of the assistant or action_listen.` });
    const slot = await call('acmept', 'POST', withToken('acmept', '/conversations/trig/tracker/events'), { event: 'slot', name: 'c'.repeat(257), value: 1 });
    expect(slot.json()).toMatchObject({ reason: 'BadRequest', details: { parameter: 'name', in: 'body' } });
    expect((await call('acmept', 'POST', withToken('acmept', '/conversations/trig/tracker/events'), { event: 'active_loop', name: null })).statusCode).toBe(200);
  });

  it('24: output_channel=callback without a callback URL collects, as Rasa falls back to collecting for a channel it does not have', async () => {
    const triggered = await call('acmept', 'POST', withToken('acmept', '/conversations/no-callback/trigger_intent?output_channel=callback'), { name: 'informar_nome', entities: { nome: 'Bia' } });
    expect(triggered.statusCode).toBe(200);
    expect((triggered.json() as { messages: unknown[] }).messages).toEqual([{ recipient_id: 'no-callback', text: 'Prazer em conhecer você, Bia! Como posso ajudar?' }]);
    const executed = await call('acmept', 'POST', withToken('acmept', '/conversations/no-callback/execute?output_channel=callback'), { name: 'falar_sobre_mim' });
    expect(executed.statusCode).toBe(200);
    expect((executed.json() as { messages: unknown[] }).messages).toHaveLength(1);
    const posted = await call('acmept', 'POST', withToken('acmept', '/conversations/no-callback/tracker/events?execute_side_effects=true&output_channel=callback'), { event: 'bot', text: 'Olá' });
    expect(posted.statusCode).toBe(200);
    expect((posted.json() as { events: Array<{ event: string }> }).events.at(-1)).toMatchObject({ event: 'bot', text: 'Olá' });
  });

  it("24: …and says so among the callback channel's failures, at most once a minute per assistant", async () => {
    /** The callback channel's failures of an assistant, newest first, as Integrações › API Rest reads them. */
    const failures = async (server: string) => {
      const response = await test.app.inject({
        method: 'GET',
        url: `/api/admin/servers/${server}/assistants/pt/integrations/callback/deliveries?status=failed,refused,blocked`,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(response.statusCode).toBe(200);
      return (response.json() as { deliveries: Array<Record<string, unknown>> }).deliveries;
    };
    const trigger = (host: string, id: string) => call(host, 'POST', withToken(host, `/conversations/${id}/trigger_intent?output_channel=callback`), { name: 'cumprimentar' });
    // The requests of the test before made one record, for the first of them.
    expect(await failures('acme')).toEqual([
      { recipient: 'no-callback', messageId: null, status: 'failed', detail: { reason: 'no callback URL is set' }, reasonCode: 'no_callback_url', reasonParams: {}, occurredAt: expect.any(String) },
    ]);
    // Another user within the minute: collected as before, nothing more recorded; another assistant has its own minute.
    const again = await trigger('acmept', 'no-callback-2');
    expect(again.statusCode).toBe(200);
    expect((again.json() as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
    expect(await failures('acme')).toHaveLength(1);
    expect((await trigger('globexpt', 'no-callback-2')).statusCode).toBe(200);
    expect((await failures('globex')).map((row) => [row['recipient'], row['reasonCode']])).toEqual([['no-callback-2', 'no_callback_url']]);
    // A minute later, the next request records again.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect((await trigger('acmept', 'no-callback-3')).statusCode).toBe(200);
      expect((await failures('acme')).map((row) => row['recipient'])).toEqual(['no-callback-3', 'no-callback']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers 502 naming the channel when an output channel does not take the messages; the turn stays recorded', async () => {
    // WhatsApp is not set up for this assistant (no phone number id): its outlet refuses.
    const failed = await call('acmept', 'POST', withToken('acmept', '/conversations/no-whatsapp/trigger_intent?output_channel=whatsapp'), { name: 'cumprimentar' });
    expect(failed.statusCode).toBe(502);
    expect(failed.json()).toMatchObject({ reason: 'OutputChannelFailed', message: expect.stringMatching(/turn is recorded.*whatsapp/) });
    const tracker = (await call('acmept', 'GET', withToken('acmept', '/conversations/no-whatsapp/tracker'))).json() as { events: Array<{ event: string; text?: string }> };
    expect(tracker.events.some((event) => event.event === 'user' && event.text === 'EXTERNAL: cumprimentar')).toBe(true);
  });

  it("records Rasa's input channels: trigger_intent keeps the conversation's latest (null when new), /messages has none", async () => {
    type Tracker = { latest_input_channel: string | null; events: Array<{ event: string; input_channel?: string | null; text?: string }> };
    const lastUser = (tracker: Tracker) => tracker.events.findLast((event) => event.event === 'user');
    const fresh = (await call('acmept', 'POST', withToken('acmept', '/conversations/chan-fresh/trigger_intent'), { name: 'cumprimentar' })).json() as { tracker: Tracker };
    expect(fresh.tracker.latest_input_channel).toBeNull();
    expect(lastUser(fresh.tracker)).toMatchObject({ text: 'EXTERNAL: cumprimentar', input_channel: null });
    // The output channel named is where the answer goes, not where the user wrote from.
    await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'chan-rest', message: 'oi', input_channel: 'portal' });
    const pushed = (await call('acmept', 'POST', withToken('acmept', '/conversations/chan-rest/trigger_intent?output_channel=socketio'), { name: 'cumprimentar' })).json() as { tracker: Tracker };
    expect(pushed.tracker.latest_input_channel).toBe('portal');
    expect(lastUser(pushed.tracker)).toMatchObject({ text: 'EXTERNAL: cumprimentar', input_channel: 'portal' });
    const logged = (await call('acmept', 'POST', withToken('acmept', '/conversations/chan-rest/messages'), { text: 'oi de novo', sender: 'user' })).json() as Tracker;
    expect(lastUser(logged)).toMatchObject({ text: 'oi de novo', input_channel: null });
    expect(logged.latest_input_channel).toBeNull();
  });

  it('19: /predict scores every action, sorted by score then name; an unknown id is 404', async () => {
    const unknown = await call('acmept', 'POST', withToken('acmept', '/conversations/never-seen/predict'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ message: 'Conversation ID not found.', code: 404 });
    await call('acmept', 'POST', withToken('acmept', '/conversations/pred/messages'), { text: 'conte-me algumas coisas sobre você', sender: 'user' });
    const predicted = (await call('acmept', 'POST', withToken('acmept', '/conversations/pred/predict'))).json() as {
      scores: Array<{ action: string; score: number }>;
      policy: string;
      confidence: number;
      tracker: { sender_id: string };
    };
    expect(predicted.scores[0]).toEqual({ action: 'falar_sobre_mim', score: 1 });
    const rest = predicted.scores.slice(1);
    expect(rest.every((entry) => entry.score === 0)).toBe(true);
    // Sorted by name as Python sorts strings (code points), as Rasa sorts them.
    expect(rest.map((entry) => entry.action)).toEqual([...rest.map((entry) => entry.action)].sort());
    // Rasa 3.6's DEFAULT_ACTION_NAMES are among the domain's actions: each scored.
    const rasaDefaults = ['action_listen', 'action_restart', 'action_session_start', 'action_default_fallback', 'action_deactivate_loop', 'action_revert_fallback_events', 'action_default_ask_affirmation', 'action_default_ask_rephrase', 'action_two_stage_fallback', 'action_unlikely_intent', 'action_back', '...', 'action_extract_slots'];
    for (const name of rasaDefaults) expect(rest, name).toContainEqual({ action: name, score: 0 });
    expect(rest[0]).toEqual({ action: '...', score: 0 });
    expect(predicted).toMatchObject({ policy: 'DialoguePolicy', confidence: 1, tracker: { sender_id: 'pred' } });
  });

  it('19: /predict after a logged message whose entity filled a slot answers that message, not action_listen', async () => {
    const logged = (await call('acmept', 'POST', withToken('acmept', '/conversations/pred-slot/messages'), { text: 'meu nome é Maria', sender: 'user' })).json() as {
      events: Array<Record<string, unknown>>;
    };
    expect(logged.events.at(-1)).toMatchObject({ event: 'slot', name: 'nome' });
    const predicted = (await call('acmept', 'POST', withToken('acmept', '/conversations/pred-slot/predict'))).json() as { scores: Array<{ action: string; score: number }> };
    expect(predicted.scores[0]?.score).toBe(1);
    expect(predicted.scores[0]?.action).not.toBe('action_listen');
  });

  it('23: /execute runs a skill and answers tracker and messages; unknown id 404, missing name 400, unknown action 500 as in Rasa', async () => {
    const executed = await call('acmept', 'POST', withToken('acmept', '/conversations/pred/execute'), { name: 'falar_sobre_mim' });
    expect(executed.statusCode).toBe(200);
    const body = executed.json() as { tracker: { latest_action_name: string }; messages: Array<{ text: string }> };
    expect(body.messages).toEqual([{ recipient_id: 'pred', text: 'Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais' }]);
    // As Rasa's execute_action: the action and its bot event, no action_listen after them.
    expect(body.tracker.latest_action_name).toBe('falar_sobre_mim');
    const events = (body.tracker as unknown as { events: Array<{ event: string; name?: string }> }).events;
    expect(events.slice(-2).map((event) => event.name ?? event.event)).toEqual(['falar_sobre_mim', 'bot']);
    const listened = await call('acmept', 'POST', withToken('acmept', '/conversations/pred/execute?include_events=ALL'), { name: 'action_listen', policy: 'MyPolicy', confidence: 0.5 });
    expect((listened.json() as { tracker: { events: Array<Record<string, unknown>> } }).tracker.events.at(-1)).toMatchObject({ event: 'action', name: 'action_listen', policy: 'MyPolicy', confidence: 0.5 });
    expect((await call('acmept', 'POST', withToken('acmept', '/conversations/never-seen/execute'), { name: 'falar_sobre_mim' })).statusCode).toBe(404);
    expect((await call('acmept', 'POST', withToken('acmept', '/conversations/pred/execute'), {})).statusCode).toBe(400);
    const unknown = await call('acmept', 'POST', withToken('acmept', '/conversations/pred/execute'), { name: 'voar' });
    expect(unknown.statusCode).toBe(500);
    expect(unknown.json()).toMatchObject({ status: 'failure', reason: 'ConversationError', code: 500, message: expect.stringMatching(/voar/) });
  });

  it("23: /execute runs Rasa's default actions: action_session_start (slots carried over), action_restart, action_deactivate_loop", async () => {
    const execute = async (name: string) => {
      const response = await call('acmept', 'POST', withToken('acmept', '/conversations/pred-defaults/execute?include_events=ALL'), { name });
      expect(response.statusCode, name).toBe(200);
      return (response.json() as { tracker: { events: Array<Record<string, unknown>>; slots: Record<string, unknown>; followup_action: string | null }; messages: unknown[] }).tracker;
    };
    await call('acmept', 'POST', withToken('acmept', '/conversations/pred-defaults/tracker/events'), { event: 'slot', name: 'nome', value: 'Ana' });
    const started = await execute('action_session_start');
    expect(started.events.slice(-4).map((event) => (event.event === 'action' ? event.name : event.event))).toEqual(['action_session_start', 'session_started', 'slot', 'action_listen']);
    expect(started.slots['nome']).toBe('Ana');
    const looped = await execute('action_deactivate_loop');
    expect(looped.events.slice(-3)).toMatchObject([{ event: 'action', name: 'action_deactivate_loop' }, { event: 'active_loop', name: null }, { event: 'slot', name: 'requested_slot', value: null }]);
    const restarted = await execute('action_restart');
    expect(restarted.events.slice(-2)).toMatchObject([{ event: 'action', name: 'action_restart' }, { event: 'restart' }]);
    expect(restarted.slots['nome']).toBeNull();
    expect(restarted.followup_action).toBe('action_session_start');
    // The next message opens a new session, as in Rasa.
    expect((await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'pred-defaults', message: 'oi' })).statusCode).toBe(200);
    const after = (await call('acmept', 'GET', withToken('acmept', '/conversations/pred-defaults/tracker'))).json() as { events: Array<Record<string, unknown>> };
    expect(after.events.slice(0, 3).map((event) => (event.event === 'action' ? event.name : event.event))).toEqual(['action_session_start', 'session_started', 'action_listen']);
    expect(after.events[3]).toMatchObject({ event: 'user', text: 'oi' });
  });

  it('25: /story of a known conversation is a Rasa story', async () => {
    const story = await call('acmept', 'GET', withToken('acmept', '/conversations/joao.silva/story'));
    expect(story.statusCode).toBe(200);
    expect(story.headers['content-type']).toBe('text/plain; charset=utf-8');
    const parsed = parseYaml(story.body) as { stories: Array<{ story: string; steps: Array<Record<string, unknown>> }> };
    expect(parsed.stories[0]?.story).toBe('joao.silva');
    expect(parsed.stories[0]?.steps).toContainEqual({ intent: 'cumprimentar', user: 'bom dia' });
  });
});

describe('human handoff', () => {
  it('pauses through the events API: messages are recorded and the assistant stays silent until resumed', async () => {
    await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'handoff', message: 'oi' });
    const paused = (await call('acmept', 'POST', withToken('acmept', '/conversations/handoff/tracker/events'), { event: 'pause' })).json() as { paused: boolean };
    expect(paused.paused).toBe(true);
    const silent = await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'handoff', message: 'quero falar com alguém' });
    expect(silent.json()).toEqual([]);
    const tracker = (await call('acmept', 'GET', withToken('acmept', '/conversations/handoff/tracker'))).json() as { events: Array<Record<string, unknown>> };
    expect(tracker.events.at(-1)).toMatchObject({ event: 'user', text: 'quero falar com alguém' });
    await call('acmept', 'POST', withToken('acmept', '/conversations/handoff/tracker/events'), { event: 'resume' });
    expect(((await call('acmept', 'POST', '/webhooks/rest/webhook', { sender: 'handoff', message: 'oi' })).json() as unknown[]).length).toBeGreaterThan(0);
  });
});
