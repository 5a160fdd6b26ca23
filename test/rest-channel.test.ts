// The REST channel as 4biz and any own system speak it (reference/rasa-protocol.md §1–2, §8),
// against the demo assistant, through the real HTTP app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
beforeAll(async () => {
  test = await startTestPlatform();
});
afterAll(async () => {
  await test?.close();
});

async function say(body: unknown, url = '/webhooks/rest/webhook') {
  return test.app.inject({ method: 'POST', url, payload: body as Record<string, unknown> });
}

async function userEvents(sender: string) {
  const assistant = await test.platform.defaultAssistant();
  const events = await test.platform.store.conversations.events(assistant.id, sender);
  return events.map((entry) => entry.event);
}

describe('POST /webhooks/rest/webhook', () => {
  it('answers "conte-me algumas coisas sobre você" exactly as the seed shows', async () => {
    const response = await say({ sender: 'joao', message: 'conte-me algumas coisas sobre você' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toBe(
      '[{"recipient_id":"joao","text":"Eu posso ajudá-lo a trabalhar de maneira mais inteligente, em vez de mais"}]',
    );
  });

  it('asks the satisfaction question with its buttons in the seed format, and follows up on the answer', async () => {
    const question = await say({ sender: 'maria', message: 'quero avaliar o atendimento' });
    expect(question.json()).toEqual([
      {
        recipient_id: 'maria',
        text: 'Você poderia avaliar o meu atendimento?',
        buttons: [
          { title: 'Sim', payload: 'sim' },
          { title: 'Não', payload: 'não' },
        ],
      },
    ]);
    // The button's payload is text for the NLU; the follow-up of the question answers it.
    const yes = (await say({ sender: 'maria', message: 'sim' })).json() as Array<{ text: string }>;
    expect(yes).toHaveLength(1);
    const events = await userEvents('maria');
    const actions = events.filter((event) => event.event === 'action' && event.name !== 'action_listen' && event.name !== 'action_session_start');
    const last = actions.at(-1) as { metadata?: { dialogue?: string }; policy?: string };
    expect(last.policy).toBe('DialoguePolicy');
    expect(last.metadata?.dialogue).toBeDefined();
    // The same "sim" without the question before it is not that follow-up.
    await say({ sender: 'pedro', message: 'sim' });
    const pedroActions = (await userEvents('pedro')).filter((event) => event.event === 'action' && event.name !== 'action_listen' && event.name !== 'action_session_start');
    expect((pedroActions.at(-1) as { metadata?: { dialogue?: string } }).metadata?.dialogue).not.toBe(last.metadata?.dialogue);
  });

  it('answers an image after its text', async () => {
    const answer = (await say({ sender: 'img', message: 'me mostra uma imagem' })).json() as Array<Record<string, unknown>>;
    expect(answer.length).toBe(2);
    expect(answer[0]).toEqual({ recipient_id: 'img', text: expect.any(String) });
    expect(answer[1]).toEqual({ recipient_id: 'img', image: expect.stringMatching(/^https:\/\//) });
  });

  it('answers the fallback when it does not understand', async () => {
    const answer = (await say({ sender: 'lost', message: 'xqzt wvbk plmn' })).json() as Array<{ text: string }>;
    expect(answer).toHaveLength(1);
    expect(answer[0]?.text).toMatch(/menu/i);
    const user = (await userEvents('lost')).find((event) => event.event === 'user') as unknown as { parse_data: { intent: { name: string } } };
    expect(user.parse_data.intent.name).toBe('nlu_fallback');
  });

  it('triggers an intent directly from a /intent payload', async () => {
    const answer = (await say({ sender: 'payload', message: '/avaliar_atendimento' })).json() as Array<{ text: string }>;
    expect(answer[0]?.text).toBe('Você poderia avaliar o meu atendimento?');
  });

  it('opens the conversation on /get_started or /start the assistant has no intent for: its greeting, else its answer to a greeting', async () => {
    await say({ sender: 'opening-1', message: 'oi' });
    const opened = (await say({ sender: 'opening-2', message: '/get_started' })).json() as Array<{ text: string }>;
    expect(opened[0]?.text).not.toMatch(/não entendi/i);
    // The skill that answers a greeting answered it.
    const answeredBy = async (sender: string) => (await userEvents(sender)).filter((event) => event.event === 'action' && event['name'] !== 'action_listen' && event['name'] !== 'action_session_start').map((event) => event['name']);
    expect(await answeredBy('opening-2')).toEqual(await answeredBy('opening-1'));
    expect((await userEvents('opening-2')).find((event) => event.event === 'user')).toMatchObject({ text: '/get_started', metadata: { understood_as: 'oi' } });
    const assistant = await test.platform.defaultAssistant();
    await test.platform.store.assistants.updateSettings(assistant.id, { greeting: 'Bem-vindo ao service desk!' });
    test.platform.hosts.invalidate();
    try {
      expect((await say({ sender: 'opening-3', message: '/start' })).json()).toEqual([{ recipient_id: 'opening-3', text: 'Bem-vindo ao service desk!' }]);
    } finally {
      await test.platform.store.assistants.updateSettings(assistant.id, { greeting: '' });
      test.platform.hosts.invalidate();
    }
  });

  it('trims the message, so "\\n/intent\\n" is the payload "/intent"', async () => {
    const answer = (await say({ sender: 'trim', message: '\n/avaliar_atendimento\n' })).json() as Array<{ text: string }>;
    expect(answer[0]?.text).toBe('Você poderia avaliar o meu atendimento?');
    expect((await userEvents('trim')).find((event) => event.event === 'user')).toMatchObject({ text: '/avaliar_atendimento' });
  });

  it('uses "default" when there is no sender, and turns a number sender into a string', async () => {
    expect((await say({ message: 'oi' })).json()).toEqual([expect.objectContaining({ recipient_id: 'default' })]);
    expect((await say({ sender: 12, message: 'oi' })).json()).toEqual([expect.objectContaining({ recipient_id: '12' })]);
    expect((await userEvents('12')).some((event) => event.event === 'user')).toBe(true);
  });

  it('records the message, its metadata and input channel, and the answer, before replying', async () => {
    await say({ sender: 'meta', message: '  oi  ', metadata: { user: { email: 'a@b.c' } }, input_channel: '4biz' });
    await say({ sender: 'meta', message: 'obrigado', input_channel: null });
    const events = await userEvents('meta');
    // An action event is shown by its name, the others by their type.
    const shown = (list: typeof events) => list.map((event) => (event.event === 'action' && String(event.name).startsWith('action_') ? event.name : event.event));
    const turn = ['user', 'action', 'bot', 'action_listen'];
    // Stored without Rasa's user_featurization (one row fewer per turn)…
    expect(shown(events)).toEqual(['action_session_start', 'session_started', 'slot', 'action_listen', ...turn, ...turn]);
    // …which the tracker puts back after each answered message, as Rasa's has it.
    const tracker = await test.platform.conversations.tracker(await test.platform.defaultAssistant(), 'meta');
    const rasaTurn = ['user', 'user_featurization', 'action', 'bot', 'action_listen'];
    expect(shown(tracker.events as typeof events)).toEqual(['action_session_start', 'session_started', 'slot', 'action_listen', ...rasaTurn, ...rasaTurn]);
    const [first, second] = events.filter((event) => event.event === 'user') as Array<Record<string, unknown>>;
    expect(first).toMatchObject({ text: 'oi', input_channel: '4biz', metadata: { user: { email: 'a@b.c' } } });
    expect(second).toMatchObject({ text: 'obrigado', input_channel: 'rest' });
    // An empty input_channel is the REST channel too (Rasa's `input_channel or "rest"`).
    await say({ sender: 'meta-empty-channel', message: 'oi', input_channel: '' });
    expect((await userEvents('meta-empty-channel')).find((event) => event.event === 'user')).toMatchObject({ input_channel: 'rest' });
    expect(events[2]).toMatchObject({ event: 'slot', name: 'session_started_metadata', value: { user: { email: 'a@b.c' } } });
    for (const event of events) expect(typeof event.timestamp).toBe('number');
    const bot = events.find((event) => event.event === 'bot') as unknown as { data: Record<string, unknown>; metadata: Record<string, unknown> };
    expect(Object.keys(bot.data).sort()).toEqual(['attachment', 'buttons', 'custom', 'elements', 'image', 'quick_replies']);
    expect(bot.metadata).toMatchObject({ utter_action: expect.any(String), model_id: expect.any(String), assistant_id: expect.any(String) });
  });

  it('streams newline-delimited JSON with ?stream=true, and ends the stream', async () => {
    const response = await say({ sender: 'stream', message: 'me mostra uma imagem' }, '/webhooks/rest/webhook?stream=TRUE');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const lines = response.body.split('\n');
    expect(lines.at(-1)).toBe('');
    const items = lines.slice(0, -1).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(items).toHaveLength(2);
    expect(items[1]).toMatchObject({ recipient_id: 'stream', image: expect.any(String) });
  });

  it('accepts JSON sent as text/plain', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/webhooks/rest/webhook',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ sender: 'plain', message: 'oi' }),
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('bad input gets a 4xx with Rasa error body naming the problem', () => {
  const cases: Array<[string, { payload: string; contentType?: string }, number, RegExp]> = [
    ['not JSON', { payload: '{"sender": "a", "message": ' }, 400, /not valid JSON/],
    ['an empty body', { payload: '' }, 400, /empty/],
    ['a JSON array', { payload: '[]' }, 400, /body must be object/],
    ['a missing message', { payload: '{"sender":"a"}' }, 400, /message is missing/],
    ['a null message', { payload: '{"sender":"a","message":null}' }, 400, /message must be string/],
    ['a number message', { payload: '{"sender":"a","message":12}' }, 400, /message must be string/],
    ['an object sender', { payload: '{"sender":{},"message":"oi"}' }, 400, /sender must be string,number/],
    ['an empty sender', { payload: '{"sender":"","message":"oi"}' }, 400, /sender must NOT have fewer than 1 characters/],
    ['string metadata', { payload: '{"message":"oi","metadata":"x"}' }, 400, /metadata must be object,null/],
    // Any content type is read as JSON, as Rasa reads it: a form body is not JSON.
    ['a form body', { payload: 'message=oi', contentType: 'application/x-www-form-urlencoded' }, 400, /not valid JSON/],
    ['a body over the limit', { payload: JSON.stringify({ message: 'a'.repeat(1_100_000) }) }, 413, /larger than the limit/],
  ];

  it.each(cases)('%s', async (_name, request, status, message) => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/webhooks/rest/webhook',
      headers: { 'content-type': request.contentType ?? 'application/json' },
      payload: request.payload,
    });
    expect(response.statusCode).toBe(status);
    const body = response.json() as Record<string, unknown>;
    expect(body).toMatchObject({ version: '3.6.21', status: 'failure', code: status, details: expect.any(Object) });
    expect(Object.keys(body).sort()).toEqual(['code', 'details', 'help', 'message', 'reason', 'status', 'version']);
    expect(body.message).toMatch(message);
  });

  it('answers a message empty once trimmed as Rasa processes it (text ""): as a message the assistant does not understand', async () => {
    const blank = await say({ sender: 'u6', message: '   ' });
    expect(blank.statusCode).toBe(200);
    const unclear = await say({ sender: 'u6-unclear', message: 'xqzv wplkj' });
    const answered = (response: typeof blank) => (response.json() as Array<{ text?: string }>).map((message) => typeof message.text);
    expect(answered(blank)).toEqual(answered(unclear));
    expect(answered(blank).length).toBeGreaterThan(0);
    const actions = async (sender: string) => (await userEvents(sender)).filter((event) => event.event === 'action' && event.name !== 'action_session_start' && event.name !== 'action_listen').map((event) => event.name);
    expect(await actions('u6')).toEqual(await actions('u6-unclear'));
    expect((await userEvents('u6')).find((event) => event.event === 'user')).toMatchObject({ text: '', parse_data: { intent: { name: 'nlu_fallback' } } });
    // An empty message too.
    expect((await say({ sender: 'u6', message: '' })).statusCode).toBe(200);
  });

  it('takes a null sender as "default", as Rasa does', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: null, message: 'oi' } });
    expect(response.statusCode).toBe(200);
    expect((response.json() as Array<{ recipient_id: string }>)[0]?.recipient_id).toBe('default');
  });

  it('reads a JSON body whatever its content type, or without one, as Rasa does', async () => {
    for (const headers of [{ 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'text/plain' }, {}]) {
      const response = await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', headers, payload: JSON.stringify({ sender: 'typeless', message: 'oi' }) });
      expect(response.statusCode, JSON.stringify(headers)).toBe(200);
      expect((response.json() as unknown[]).length).toBeGreaterThan(0);
    }
  });

  it('keeps serving after bad input', async () => {
    expect((await say({ sender: 'after', message: 'oi' })).statusCode).toBe(200);
  });

  it('answers an unknown route with a Rasa 404 and never echoes a token', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/nothing/here?token=s3cr3t' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 'failure', code: 404 });
    expect(response.body).not.toContain('s3cr3t');
  });
});

describe('GET /webhooks/rest/', () => {
  it('answers the health check', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/webhooks/rest/' });
    expect(response.json()).toEqual({ status: 'ok' });
  });
});
