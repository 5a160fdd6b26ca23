// GET /, /version, /status and POST /model/parse (reference/rasa-protocol.md §3–4, §8 item 11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let test: TestPlatform;
let untrained: TestPlatform;
/** `?token=` of each platform's default assistant. */
let token: string;
let untrainedToken: string;
beforeAll(async () => {
  [test, untrained] = await Promise.all([startTestPlatform(), startTestPlatform({ demo: false })]);
  token = `token=${await test.platform.apiAccess.rotate(await test.platform.defaultAssistant())}`;
  untrainedToken = `token=${await untrained.platform.apiAccess.rotate(await untrained.platform.defaultAssistant())}`;
});
afterAll(async () => {
  await Promise.all([test?.close(), untrained?.close()]);
});

describe('GET /', () => {
  it('greets as Rasa does', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('Hello from Rasa: 3.6.21');
  });
});

describe('the demo assistant', () => {
  it("is created with the name its file gives", async () => {
    expect((await test.platform.defaultAssistant()).name).toBe('Helper (demonstração)');
  });
});

describe('GET /version', () => {
  it('has both of Rasa keys', async () => {
    const body = (await test.app.inject({ method: 'GET', url: '/version' })).json() as Record<string, string>;
    expect(body.version).toBe('3.6.21');
    expect(body.minimum_compatible_version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('GET /status', () => {
  it('names the model that answers', async () => {
    const response = await test.app.inject({ method: 'GET', url: `/status?${token}` });
    expect(response.statusCode).toBe(200);
    const body = response.json() as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['model_file', 'model_id', 'num_active_training_jobs']);
    const assistant = await test.platform.defaultAssistant();
    const model = await test.platform.store.models.latestReady(assistant.id);
    expect(body.model_id).toBe(model?.modelId);
    expect(body.num_active_training_jobs).toBe(0);
  });

  it('answers 409 Conflict without a model', async () => {
    const response = await untrained.app.inject({ method: 'GET', url: `/status?${untrainedToken}` });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ status: 'failure', reason: 'Conflict', code: 409 });
  });
});

describe('POST /model/parse', () => {
  it('returns Rasa parse data: text, intent, entities and ranking; unicode round-trips', async () => {
    const text = 'conte-me algumas coisas sobre você 🙂';
    const response = await test.app.inject({ method: 'POST', url: `/model/parse?${token}`, payload: { text } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { text: string; intent: { name: string; confidence: number }; entities: unknown[]; intent_ranking: Array<{ name: string; confidence: number }> };
    expect(body.text).toBe(text);
    expect(body.intent.name).toBe('sobre_voce');
    expect(body.intent.confidence).toBeGreaterThan(0);
    expect(body.intent.confidence).toBeLessThanOrEqual(1);
    expect(Array.isArray(body.entities)).toBe(true);
    expect(body.intent_ranking[0]?.name).toBe('sobre_voce');
    const confidences = body.intent_ranking.map((entry) => entry.confidence);
    expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
  });

  it('answers nlu_fallback below the threshold and still ranks the candidates', async () => {
    const body = (await test.app.inject({ method: 'POST', url: `/model/parse?${token}`, payload: { text: 'xqzt wvbk plmn' } })).json() as {
      intent: { name: string; confidence: number };
      intent_ranking: Array<{ name: string }>;
    };
    expect(body.intent.name).toBe('nlu_fallback');
    expect(body.intent_ranking[0]?.name).toBe('nlu_fallback');
    expect(body.intent_ranking.length).toBeGreaterThan(1);
  });

  it('finds entities of the contexts', async () => {
    const body = (await test.app.inject({ method: 'POST', url: `/model/parse?${token}`, payload: { text: 'minha impressora não imprime' } })).json() as {
      entities: Array<{ entity: string; value: unknown; start: number; end: number; extractor: string }>;
    };
    const entity = body.entities.find((item) => item.entity === 'equipamento');
    expect(entity).toMatchObject({ value: 'impressora', start: 6, end: 16, extractor: expect.any(String) });
  });

  it('answers in the shape of wit.ai, LUIS or Dialogflow with emulation_mode (any case), as Rasa does', async () => {
    const parse = async (mode: string) => {
      const response = await test.app.inject({ method: 'POST', url: `/model/parse?emulation_mode=${mode}&${token}`, payload: { text: 'minha impressora não imprime' } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      return response.json() as Record<string, unknown>;
    };
    const own = (await test.app.inject({ method: 'POST', url: `/model/parse?${token}`, payload: { text: 'minha impressora não imprime' } })).json() as {
      intent: { name: string; confidence: number };
      intent_ranking: Array<{ name: string; confidence: number }>;
      entities: Array<{ entity: string; value: unknown; start: number; end: number; extractor: string }>;
    };
    const entity = own.entities.find((item) => item.entity === 'equipamento')!;
    expect(await parse('wit')).toEqual({
      text: 'minha impressora não imprime',
      intents: [own.intent],
      entities: expect.objectContaining({ 'equipamento:equipamento': [{ confidence: expect.any(Number), name: 'equipamento', value: 'impressora', body: 'impressora', start: 6, end: 16, role: 'equipamento', entities: [] }] }),
    });
    const luis = (await parse('LUIS')) as { query: string; prediction: { normalizedQuery: string; topIntent: string; intents: Record<string, { score: number }>; entities: Record<string, unknown> } };
    expect(luis.query).toBe('minha impressora não imprime');
    expect(luis.prediction).toMatchObject({ normalizedQuery: 'minha impressora não imprime', topIntent: own.intent.name });
    expect(Object.keys(luis.prediction.intents)).toEqual(own.intent_ranking.map((intent) => intent.name));
    expect(luis.prediction.entities['equipamento']).toEqual(['impressora']);
    expect((luis.prediction.entities['$instance'] as Record<string, unknown>)['equipamento']).toEqual([
      { role: null, type: 'equipamento', text: 'impressora', startIndex: 6, length: 10, score: expect.anything(), modelType: entity.extractor },
    ]);
    expect(await parse('Dialogflow')).toEqual({
      responseId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      queryResult: {
        queryText: 'minha impressora não imprime',
        action: own.intent.name,
        parameters: expect.objectContaining({ equipamento: ['impressora'] }),
        fulfillmentText: '',
        fulfillmentMessages: [],
        outputContexts: [],
        intent: { name: own.intent.name, displayName: own.intent.name },
        intentDetectionConfidence: own.intent.confidence,
      },
    });
  });

  it('refuses a bad emulation_mode, a missing text and a wrong type with 400', async () => {
    for (const request of [
      { url: `/model/parse?emulation_mode=nonsense&${token}`, payload: { text: 'oi' } },
      { url: `/model/parse?${token}`, payload: {} },
      { url: `/model/parse?${token}`, payload: { text: 5 } },
    ]) {
      const response = await test.app.inject({ method: 'POST', ...request });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: 'failure', reason: 'BadRequest', code: 400 });
    }
  });

  it('answers 409 without a model', async () => {
    const response = await untrained.app.inject({ method: 'POST', url: `/model/parse?${untrainedToken}`, payload: { text: 'oi' } });
    expect(response.statusCode).toBe(409);
  });

  it('answers every conversations route 409 without a model, as Rasa does', async () => {
    const routes: Array<{ method: 'GET' | 'POST' | 'PUT'; path: string; payload?: unknown }> = [
      { method: 'GET', path: 'tracker' },
      { method: 'GET', path: 'story' },
      { method: 'POST', path: 'tracker/events', payload: { event: 'slot', name: 'x', value: 1 } },
      { method: 'PUT', path: 'tracker/events', payload: [] },
      { method: 'POST', path: 'messages', payload: { text: 'oi', sender: 'user' } },
      { method: 'POST', path: 'trigger_intent', payload: { name: 'x' } },
      { method: 'POST', path: 'predict' },
      { method: 'POST', path: 'execute', payload: { name: 'x' } },
    ];
    for (const { method, path, payload } of routes) {
      const response = await untrained.app.inject({ method, url: `/conversations/none/${path}?${untrainedToken}`, ...(payload === undefined ? {} : { payload: payload as object }) });
      expect(response.statusCode, `${method} ${path}`).toBe(409);
      expect(response.json()).toMatchObject({ status: 'failure', reason: 'Conflict', code: 409 });
    }
    expect(await untrained.platform.store.conversations.get((await untrained.platform.defaultAssistant()).id, 'none')).toBeUndefined();
  });
});

describe('credentials', () => {
  it('closes /status and /model/parse without a token or with a wrong one (401, as Rasa), and never echoes it', async () => {
    const missing = await test.app.inject({ method: 'GET', url: '/status' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json()).toMatchObject({ status: 'failure', reason: 'NotAuthenticated', code: 401, message: 'User is not authenticated.' });
    const wrong = await test.app.inject({ method: 'POST', url: '/model/parse?token=wr0ng-t0ken', payload: { text: 'oi' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ status: 'failure', reason: 'NotAuthenticated', code: 401, message: 'User is not authenticated.' });
    expect(wrong.body).not.toContain('wr0ng-t0ken');
  });

  it('leaves GET /, /version and the channel webhooks open, as Rasa does', async () => {
    expect((await test.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    expect((await test.app.inject({ method: 'GET', url: '/version' })).statusCode).toBe(200);
    expect((await test.app.inject({ method: 'POST', url: '/webhooks/rest/webhook?token=ignored', payload: { message: 'oi' } })).statusCode).toBe(200);
  });
});

describe('an assistant without a model', () => {
  it('replies [] on the REST channel, as Rasa does, and still records the message', async () => {
    const response = await untrained.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'u', message: 'oi' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual([]);
    const assistant = await untrained.platform.defaultAssistant();
    const events = await untrained.platform.store.conversations.events(assistant.id, 'u');
    expect(events.some((entry) => entry.event.event === 'user' && entry.event.text === 'oi')).toBe(true);
  });
});
