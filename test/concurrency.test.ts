// 50 senders × 20 interleaved messages: every conversation keeps all its events, in order, on the
// embedded store with the in-process lock and on PostgreSQL with the Redis lock.
import { afterAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

const SENDERS = 50;
const MESSAGES = 20;
const phrases = ['oi', 'obrigado', 'quero avaliar o atendimento', 'sim', 'não', 'conte-me algumas coisas sobre você', 'tchau'];

// Each sender has 20 messages in flight at once, on purpose: the per-sender queue bound (10 by
// default, tested in rate-limits.test.ts) is lifted so that the lock's ordering is what is tested.
const unbounded = { HELPER_RATE_LIMIT_SENDER_QUEUE: '0' };
const variants: Array<[string, Record<string, string>]> = [
  ['sqlite + in-process lock', unbounded],
  ['postgres + redis lock', { ...unbounded, REDIS_URL: process.env.HELPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' }],
];

const opened: TestPlatform[] = [];
afterAll(async () => {
  await Promise.all(opened.map((platform) => platform.close()));
});

describe.each(variants)('%s', (_name, env) => {
  it(`keeps ${SENDERS} × ${MESSAGES} interleaved messages in order per conversation`, async () => {
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const test = await startTestPlatform({ env, postgres: 'REDIS_URL' in env });
    opened.push(test);
    expect(test.platform.store.dialect).toBe('REDIS_URL' in env ? 'postgres' : 'sqlite');
    const senders = Array.from({ length: SENDERS }, (_, index) => `${run}-s${index}`);
    const sent = new Map(senders.map((sender) => [sender, [] as string[]]));
    const requests: Promise<unknown>[] = [];
    // Interleaved: message k of every sender goes out before message k+1 of any, all in flight at once.
    for (let k = 0; k < MESSAGES; k += 1) {
      for (const [index, sender] of senders.entries()) {
        const message = `${phrases[(k + index) % phrases.length]} #${k}`;
        sent.get(sender)?.push(message);
        requests.push(
          test.app
            .inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender, message } })
            .then((response) => expect(response.statusCode).toBe(200)),
        );
      }
    }
    await Promise.all(requests);
    const assistant = await test.platform.defaultAssistant();
    for (const sender of senders) {
      const events = (await test.platform.store.conversations.events(assistant.id, sender)).map((entry) => entry.event);
      const texts = events.filter((event) => event.event === 'user').map((event) => event.text);
      expect(texts).toEqual(sent.get(sender));
      // Every turn is whole and in order: user, action, bot, action_listen (Rasa's
      // user_featurization is not stored; the tracker puts it back).
      const turns = events.slice(3).map((event) => (event.name === 'action_listen' ? 'action_listen' : event.event));
      expect(turns).toEqual(Array.from({ length: MESSAGES }, () => ['user', 'action', 'bot', 'action_listen']).flat());
      expect(events.filter((event) => event.event === 'session_started')).toHaveLength(1);
      const timestamps = events.map((event) => event.timestamp);
      expect([...timestamps].sort((a, b) => a - b)).toEqual(timestamps);
    }
  });
});
