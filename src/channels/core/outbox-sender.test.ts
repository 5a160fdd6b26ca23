// The push channels' delivery mechanism on a real store (SQLite) with a transport that records
// its calls and fails as told: order per recipient, retries and their limit, refusals, the
// platform's ids recorded, a failure to record never causing a resend, stop and resume.
import { pino } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRecord, OutboundMessage, Store } from '../../store/store.js';
import { openWithAssistant, storeVariants } from '../../store/test-stores.js';
import { deliveryReason } from './delivery-reason.js';
import { OutboxSender, type DeliveryOutcome, type FailureHandling } from './outbox-sender.js';
import { PlatformCallError } from './platform-call-error.js';

const [sqlite] = storeVariants().filter((variant) => variant.name === 'sqlite');
const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;

describe('OutboxSender', () => {
  let store: Store;
  let assistant: AssistantRecord;
  let sent: string[];
  /** When each text was sent (ms since the epoch). */
  let sentAt: Map<string, number>;
  let failures: Array<PlatformCallError | Error>;
  let outcomes: DeliveryOutcome[];
  let flagged: string[];

  function sender(
    options: {
      refuse?: (item: OutboundMessage) => boolean;
      record?: (outcome: DeliveryOutcome) => Promise<void>;
      attempts?: number;
      slowRetries?: boolean;
      claimMs?: number;
      before?: () => Promise<void>;
      failFor?: string;
      classify?: (error: PlatformCallError) => FailureHandling | undefined;
      credential?: string;
      log?: FastifyBaseLogger;
    } = {},
  ) {
    return new OutboxSender({
      outbox: store.outbox,
      ...(options.claimMs === undefined ? {} : { claimMs: options.claimMs }),
      retry: options.slowRetries ? { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 } : { attempts: options.attempts ?? 3, baseDelayMs: 1, maxDelayMs: 2, throttleBaseMs: 100, throttleMaxMs: 400 },
      log: options.log ?? log,
      transport: {
        channel: 'test',
        credential: async () => ('credential' in options ? options.credential : 'token'),
        refusal: async (item) => (options.refuse?.(item) ? { status: 'refused', reason: 'not now', reasonCode: deliveryReason('outside_window'), record: true } : undefined),
        send: async (item) => {
          await options.before?.();
          const failure = options.failFor === undefined || item.recipient === options.failFor ? failures.shift() : undefined;
          if (failure) throw failure;
          sent.push((item.payload as { text: string }).text);
          sentAt.set((item.payload as { text: string }).text, Date.now());
          return `id-${(item.payload as { text: string }).text}`;
        },
        classify: (error): FailureHandling =>
          options.classify?.(error) ??
          (error.status === 429
            ? { retry: true, throttled: error.code === 131056 ? 'recipient' : 'sender' }
            : error.status === null || error.status >= 500
              ? { retry: true }
              : { retry: false, status: 'failed', invalidToken: error.code === 190 }),
      },
      markNeedsNewToken: async (_assistantId, reason) => void flagged.push(reason),
      record: options.record ?? (async (outcome) => void outcomes.push(outcome)),
    });
  }
  const add = (recipient: string, ...texts: string[]) => store.outbox.add(texts.map((text) => ({ assistantId: assistant.id, channel: 'test', recipient, payload: { text } })));
  const until = async (check: () => boolean) => {
    for (let waited = 0; !check() && waited < 5_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(sqlite!));
    sent = [];
    sentAt = new Map();
    failures = [];
    outcomes = [];
    flagged = [];
  });
  afterAll(() => sqlite?.cleanup());

  it("sends each recipient's items in order, retrying temporary failures, and records the platform's ids", async () => {
    const outbox = sender();
    failures = [new PlatformCallError(503, null, null, 'busy'), new Error('a fault of ours')];
    await outbox.enqueue(assistant.id, 'a', [{ text: 'a1' }, { text: 'a2' }]);
    await outbox.enqueue(assistant.id, 'b', [{ text: 'b1' }]);
    await outbox.enqueue(assistant.id, 'a', [{ text: 'a3' }]);
    await until(() => sent.length === 4);
    await outbox.stop();
    expect(sent.filter((text) => text.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(outcomes.map((outcome) => [outcome.status, outcome.messageId]).sort()).toEqual([['accepted', 'id-a1'], ['accepted', 'id-a2'], ['accepted', 'id-a3'], ['accepted', 'id-b1']]);
    expect(await store.outbox.recipients('test')).toEqual([]);
  });

  it('gives up after the attempts, never retries a permanent failure, flags a refused token and goes on', async () => {
    const outbox = sender({ attempts: 2 });
    failures = [new PlatformCallError(null, null, null, 'timed out'), new PlatformCallError(502, null, null, 'bad gateway'), new PlatformCallError(401, 190, null, 'expired')];
    await outbox.enqueue(assistant.id, 'a', [{ text: 'a1' }, { text: 'a2' }, { text: 'a3' }]);
    await until(() => sent.length === 1);
    await outbox.stop();
    expect(sent).toEqual(['a3']);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'failed', 'accepted']);
    // The calls made for each given-up item: two for the temporary failures, one for the permanent.
    expect(outcomes.slice(0, 2).map((outcome) => outcome.detail)).toEqual([
      { status: 502, code: null, subcode: null, reason: 'bad gateway', attempts: 2 },
      { status: 401, code: 190, subcode: null, reason: 'expired', attempts: 1 },
    ]);
    expect(flagged).toEqual(['expired']);
  });

  it('records each failure with its reason coded: the refusal, the missing credential, the platform\'s error, a blocked user, a timeout, a fault of ours', async () => {
    const graphError = deliveryReason('graph_error', { status: 400, code: 100, subcode: 2018001, message: '(#100) No matching user found' });
    const outbox = sender({
      attempts: 2,
      refuse: (item) => (item.payload as { text: string }).text === 'late',
      classify: (error) => (error.status === 403 ? { retry: false, status: 'blocked' } : error.code === 131047 ? { retry: false, status: 'refused', reasonCode: deliveryReason('outside_window', { code: 131047 }) } : undefined),
    });
    failures = [
      new PlatformCallError(400, 100, 2018001, '(#100) No matching user found', null, graphError),
      new PlatformCallError(403, 403, null, 'Forbidden: bot was blocked by the user'),
      new PlatformCallError(400, 131047, null, 'Re-engagement message'),
      new PlatformCallError(null, null, null, 'timed out', null, deliveryReason('timeout')),
      new PlatformCallError(null, null, null, 'timed out', null, deliveryReason('timeout')),
      new Error('a fault of ours'),
      new Error('a fault of ours'),
    ];
    await outbox.enqueue(assistant.id, 'a', ['late', 'graph', 'blocked', 'window', 'slow', 'ours', 'ok'].map((text) => ({ text })));
    await until(() => sent.length === 1);
    await outbox.stop();
    expect(outcomes.map((outcome) => [outcome.status, outcome.reasonCode])).toEqual([
      ['refused', { code: 'outside_window', params: {} }],
      ['failed', graphError],
      ['blocked', { code: 'blocked', params: { status: 403, message: 'Forbidden: bot was blocked by the user' } }],
      ['refused', { code: 'outside_window', params: { code: 131047 } }],
      ['failed', { code: 'timeout', params: {} }],
      ['failed', { code: 'internal_error', params: {} }],
      ['accepted', null],
    ]);
    // The English text stays in the detail, as before.
    expect(outcomes[1]?.detail).toEqual({ status: 400, code: 100, subcode: 2018001, reason: '(#100) No matching user found', attempts: 1 });

    outcomes = [];
    const without = sender({ credential: undefined });
    await without.enqueue(assistant.id, 'b', [{ text: 'b1' }]);
    await until(() => outcomes.length === 1);
    await without.stop();
    expect(outcomes[0]).toMatchObject({ status: 'failed', detail: { reason: 'no access token is set' }, reasonCode: { code: 'no_token', params: {} } });
  });

  it("never records a fault of ours in its own words: a fixed sentence and the error's class; the error itself goes to the log once, at warn", async () => {
    // A library's error can quote anything: a URL with a token, a header. A viewer reads the record.
    const secret = 'made-up-secret-4f9c2e7a1b';
    const lines: Array<Record<string, unknown>> = [];
    const capture = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) }) as unknown as FastifyBaseLogger;
    const outbox = sender({ attempts: 2, log: capture });
    failures = [new TypeError(`fetch failed: https://api.example/bot${secret}/send (authorization: Bearer ${secret})`), new TypeError(`fetch failed: https://api.example/bot${secret}/send`)];
    await outbox.enqueue(assistant.id, 'a', [{ text: 'a1' }, { text: 'a2' }]);
    await until(() => sent.length === 1);
    await outbox.stop();
    expect(outcomes[0]).toMatchObject({ status: 'failed', detail: { reason: 'an error of this platform (see its log)', error: 'TypeError', attempts: 2 }, reasonCode: { code: 'internal_error', params: {} } });
    expect(JSON.stringify(outcomes)).not.toContain(secret);
    // The message and its stack once, at warn, with the assistant; the retry's line says only what it was.
    const quoting = lines.filter((line) => JSON.stringify(line).includes(secret));
    expect(quoting).toHaveLength(1);
    expect(quoting[0]).toMatchObject({ level: 40, assistantId: assistant.id, msg: 'test: sending the answer failed', err: { type: 'TypeError', message: expect.stringContaining(secret), stack: expect.stringContaining('TypeError') } });
  });

  it('records a refusal without calling the platform', async () => {
    const outbox = sender({ refuse: (item) => (item.payload as { text: string }).text === 'late' });
    await outbox.enqueue(assistant.id, 'a', [{ text: 'late' }, { text: 'ok' }]);
    await until(() => sent.length === 1);
    await outbox.stop();
    expect(sent).toEqual(['ok']);
    expect(outcomes[0]).toMatchObject({ status: 'refused', messageId: null, detail: { reason: 'not now' } });
  });

  it('never sends an item again because its outcome could not be recorded', async () => {
    const outbox = sender({ record: async () => Promise.reject(new Error('store down')) });
    await outbox.enqueue(assistant.id, 'a', [{ text: 'a1' }, { text: 'a2' }]);
    await until(() => sent.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await outbox.stop();
    expect(sent).toEqual(['a1', 'a2']);
    expect(await store.outbox.recipients('test')).toEqual([]);
  });

  it('never sends an item again because its row could not be deleted: only the delete is retried', async () => {
    const real = store.outbox.delete.bind(store.outbox);
    let failing = 1;
    store.outbox.delete = async (id) => {
      if (failing-- > 0) throw new Error('SQLITE_BUSY: database is locked');
      return real(id);
    };
    const outbox = sender();
    await outbox.enqueue(assistant.id, 'a', [{ text: 'hello' }, { text: 'second' }]);
    await until(() => sent.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await outbox.stop();
    expect(sent).toEqual(['hello', 'second']);
    expect(outcomes.map((outcome) => outcome.messageId)).toEqual(['id-hello', 'id-second']);
    expect(await store.outbox.recipients('test')).toEqual([]);
  });

  it('keeps the claim on a sent item whose row cannot be deleted by the stop: not given back to be sent at once', async () => {
    const real = store.outbox.delete.bind(store.outbox);
    let failing = true;
    store.outbox.delete = async (id) => {
      if (failing) throw new Error('store down');
      return real(id);
    };
    const outbox = sender();
    await outbox.enqueue(assistant.id, 'a', [{ text: 'a1' }, { text: 'a2' }]);
    await until(() => sent.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await outbox.stop();
    failing = false;
    expect(sent).toEqual(['a1']);
    expect((await store.outbox.pending('test', assistant.id, 'a')).map((item) => [(item.payload as { text: string }).text, item.claimedBy])).toEqual([
      ['a1', outbox.claimant],
      ['a2', null],
    ]);
    // Another sender leaves it alone while the claim lasts.
    const next = sender();
    await next.resume();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await next.stop();
    expect(sent).toEqual(['a1']);
  });

  it("pauses the assistant's sends on a rate limit, growing, without counting it as an attempt: nothing is given up to it", async () => {
    const outbox = sender({ attempts: 2, failFor: 'a' });
    const rateLimit = () => new PlatformCallError(429, 613, null, 'rate limit');
    failures = [rateLimit(), rateLimit(), rateLimit()];
    const started = Date.now();
    await outbox.enqueue(assistant.id, 'a', [{ text: 'a1' }]);
    await until(() => sent.length === 1);
    // Three pauses in a row, past the 2 attempts: 100 + 200 + 400 ms (the cap) before a1 went.
    expect(sentAt.get('a1')! - started).toBeGreaterThanOrEqual(650);
    // Another user of the same assistant waits out the pause too.
    failures = [rateLimit()];
    await outbox.enqueue(assistant.id, 'a', [{ text: 'a2' }]);
    await until(() => failures.length === 0);
    await outbox.enqueue(assistant.id, 'b', [{ text: 'b1' }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toEqual(['a1']);
    await until(() => sent.length === 3);
    await outbox.stop();
    expect(sent.slice(1).sort()).toEqual(['a2', 'b1']);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'accepted', 'accepted']);
  });

  it('delays only the user a rate limit names, without counting it as an attempt', async () => {
    const outbox = sender({ attempts: 1, failFor: 'a' });
    failures = [new PlatformCallError(429, 131056, null, 'pair rate limit'), new PlatformCallError(429, 131056, null, 'pair rate limit')];
    const started = Date.now();
    await outbox.enqueue(assistant.id, 'a', [{ text: 'a1' }]);
    await until(() => failures.length === 1);
    await outbox.enqueue(assistant.id, 'b', [{ text: 'b1' }]);
    await until(() => sent.length === 2);
    await outbox.stop();
    expect(sent).toEqual(['b1', 'a1']);
    expect(sentAt.get('b1')! - started).toBeLessThan(100);
    expect(sentAt.get('a1')! - started).toBeGreaterThanOrEqual(300);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'accepted']);
  });

  it('leaves what it could not send when stopped, and another sender resumes it in order', async () => {
    const first = sender({ slowRetries: true });
    failures = [new PlatformCallError(503, null, null, 'down')];
    await first.enqueue(assistant.id, 'a', [{ text: 'a1' }, { text: 'a2' }]);
    await until(() => failures.length === 0);
    await first.stop();
    expect(sent).toEqual([]);
    await add('b', 'b1');
    const second = sender();
    await second.resume();
    await until(() => sent.length === 3);
    await second.stop();
    expect(sent.filter((text) => text.startsWith('a'))).toEqual(['a1', 'a2']);
    expect(sent).toContain('b1');
    expect(await store.outbox.recipients('test')).toEqual([]);
  });

  it("sends a crashed sender's items only once its claim has ended, in order, each once", async () => {
    await add('a', 'a1', 'a2', 'a3');
    const now = Date.now() / 1000;
    // A sender that died holding a claim on the first two.
    expect(await store.outbox.claim('test', assistant.id, 'a', { claimant: 'crashed', limit: 2, now, until: now + 0.4 })).toHaveLength(2);
    const outbox = sender();
    await outbox.resume();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent).toEqual([]);
    for (let waited = 0; sent.length < 3 && waited < 5_000; waited += 50) {
      await outbox.sweep();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await outbox.stop();
    expect(sent).toEqual(['a1', 'a2', 'a3']);
    expect(await store.outbox.recipients('test')).toEqual([]);
  });

  it('never calls with a claim that ended while it stalled: the one call in flight is all it repeats', async () => {
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    // The first call hangs past the claim's end (a stalled process); the claim is 200 ms.
    const slow = sender({ claimMs: 200, before: async () => (calls++ === 0 ? stalled : undefined) });
    await add('a', 'a1', 'a2');
    slow.kick(assistant.id, 'a');
    await until(() => calls === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Another process takes the recipient over meanwhile.
    const now = Date.now() / 1000;
    expect((await store.outbox.claim('test', assistant.id, 'a', { claimant: 'other', limit: 4, now, until: now + 60 })).length).toBe(2);
    release();
    await until(() => sent.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toBe(1);
    await slow.stop();
    // The stalled call completes (in flight: the other process will make it again); a2 is left to the other.
    expect(sent).toEqual(['a1']);
    expect((await store.outbox.pending('test', assistant.id, 'a')).map((item) => [(item.payload as { text: string }).text, item.claimedBy])).toEqual([['a2', 'other']]);
  });
});
