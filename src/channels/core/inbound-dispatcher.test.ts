// The acknowledgement deadline's edges, on a real store (SQLite) with turns whose time and outcome
// the test decides: a turn that fails after the deadline stays pending and is replayed; rows that
// cannot be stored make the request wait for its turns; failures before the deadline answer 5xx.
import { pino } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { InProcessLock } from '../../engine/lock/in-process-lock.js';
import type { Turn } from '../../engine/engine.js';
import type { AssistantRecord, Store } from '../../store/store.js';
import { openWithAssistant, storeVariants } from '../../store/test-stores.js';
import type { ChannelContext } from '../channel.js';
import type { SenderLimiter } from '../sender-limiter.js';
import { InboundDispatcher, type ChannelTurn } from './inbound-dispatcher.js';

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const [sqlite] = storeVariants().filter((variant) => variant.name === 'sqlite');
const ACK_MS = 60;

describe('inbound dispatcher: the acknowledgement deadline', () => {
  let store: Store;
  let assistant: AssistantRecord;
  /** What each message's turn does, by its text: wait this long, then fail or succeed. */
  let behaviour: Map<string, Array<{ ms: number; fails?: boolean }>>;
  let recorded: string[];
  /** The messages handled as replays (not counted against the sender's limits again). */
  let uncounted: string[];
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(sqlite!));
    behaviour = new Map();
    recorded = [];
    uncounted = [];
  });
  afterAll(() => sqlite!.cleanup());

  function dispatcher(
    inbound: Store['inbound'] = store.inbound,
    senderQueue = 0,
  ): InboundDispatcher<ChannelTurn> {
    const handle = async (turn: Turn) => {
      const step = behaviour.get(turn.text)?.shift() ?? { ms: 0 };
      await sleep(step.ms);
      if (step.fails) throw new Error(`the store failed on ${turn.text}`);
      recorded.push(turn.text);
      return [];
    };
    const senderLimiter = {
      handle,
      async handleUncounted(turn: Turn) {
        uncounted.push(turn.text);
        return handle(turn);
      },
    } as unknown as SenderLimiter;
    return new InboundDispatcher(
      {
        senderLimiter,
        lock: new InProcessLock(),
        hasMessage: async (_assistant, _sender, messageId) => recorded.includes(messageId),
        records: store.channels,
        inbound,
        webhookAckMs: ACK_MS,
        delivery: { delivers: true, pollMs: 100, claimMs: 1_000 },
        rateLimits: { senderQueue } as ChannelContext['rateLimits'],
      },
      {
        channel: 'facebook',
        recordsContacts: false,
        answerCalls: async () => [],
        sender: {
          rows: () => [],
          notify: () => undefined,
          enqueue: async () => undefined,
        },
      },
    );
  }
  const turn = (text: string, sender = 'u1'): ChannelTurn => ({ assistant, sender, text, messageId: text, metadata: {} });

  it('tells the answer that the waiting calls went out only once they were stored', async () => {
    for (const stores of [true, false]) {
      const seen: Array<{ text: string; waited: boolean }> = [];
      const enqueued: unknown[][] = [];
      const slow = new InboundDispatcher<ChannelTurn>(
        {
          senderLimiter: {
            async handle(current: Turn, options: { outbox: (messages: readonly never[]) => Promise<unknown> }) {
              await sleep(current.text === 'lento' ? 150 : 0);
              await options.outbox([]);
              recorded.push(current.text);
              return [];
            },
          } as unknown as SenderLimiter,
          lock: new InProcessLock(),
          hasMessage: async () => false,
          records: store.channels,
          inbound: store.inbound,
          webhookAckMs: ACK_MS,
          delivery: { delivers: true, pollMs: 100, claimMs: 1_000 },
          rateLimits: { senderQueue: 0 } as ChannelContext['rateLimits'],
        },
        {
          channel: 'facebook',
          recordsContacts: false,
          waitingCalls: (current) => [{ typing: current.sender }],
          answerCalls: async (current, _messages, { waited }) => {
            seen.push({ text: current.text, waited });
            return [];
          },
          sender: {
            rows: () => [],
            notify: () => undefined,
            enqueue: async (_assistantId, _sender, calls) => {
              if (!stores) throw new Error('the store is down');
              enqueued.push([...calls]);
            },
          },
        },
      );
      await slow.dispatch([turn('lento', `u-${stores}`), turn('rápido', `v-${stores}`)], log);
      await slow.settle();
      // Only the slow turn waited past the deadline; a failed store leaves the answer to do it all.
      expect(seen.sort((a, b) => a.text.localeCompare(b.text))).toEqual([
        { text: 'lento', waited: stores },
        { text: 'rápido', waited: false },
      ]);
      expect(enqueued).toEqual(stores ? [[{ typing: `u-${stores}` }]] : []);
    }
  });

  it('keeps a turn that fails after the deadline pending, and a replay once its claim ended records it', async () => {
    behaviour.set('lento', [{ ms: 150, fails: true }]);
    const first = dispatcher();
    expect(await first.dispatch([turn('lento'), turn('rápido', 'u2')], log)).toEqual({ failed: false, deferred: 1 });
    await first.settle();
    expect(recorded).toEqual(['rápido']);
    // Still claimed by the first dispatcher for its claim's time: nobody takes it yet.
    const now = Date.now() / 1000;
    expect(await store.inbound.claim('facebook', { claimant: 'other', limit: 10, now, until: now + 1 })).toEqual([]);
    const later = now + 1.5;
    const second = dispatcher();
    const taken = await store.inbound.claim('facebook', { claimant: second.claimant, limit: 10, now: later, until: later + 1 });
    expect(taken.map((row) => [row.sender, (row.turn as ChannelTurn).text, row.attempts])).toEqual([['u1', 'lento', 1]]);
    await second.replay(taken.map((row) => ({ row: row.id, turn: { ...(row.turn as Omit<ChannelTurn, 'assistant'>), assistant } })), log);
    expect(recorded).toEqual(['rápido', 'lento']);
    expect(await store.inbound.backlog()).toEqual([]);
  });

  it('deletes the row of a deferred turn once recorded, and keeps one user\'s later turns behind it', async () => {
    behaviour.set('um', [{ ms: 120 }]);
    const one = dispatcher();
    expect(await one.dispatch([turn('um'), turn('dois')], log)).toEqual({ failed: false, deferred: 2 });
    expect((await store.inbound.backlog())[0]?.pending).toBe(2);
    await one.settle();
    expect(recorded).toEqual(['um', 'dois']);
    expect(await store.inbound.backlog()).toEqual([]);
  });

  it('handles a user\'s earlier messages that a crashed process left pending before the new one', async () => {
    const now = Date.now() / 1000;
    // Held by a crashed process whose claim has not ended yet (another process would wait for it).
    await store.inbound.add(
      ['primeira', 'segunda'].map((text) => ({ assistantId: assistant.id, channel: 'facebook', sender: 'u1', turn: { sender: 'u1', text, messageId: text, metadata: {} } })),
      'crashed:1:0000',
      now + 60,
    );
    // The second was recorded just before the crash: skipped by its id, not recorded twice.
    recorded.push('segunda');
    expect(await dispatcher().dispatch([turn('terceira'), turn('outro usuário', 'u2')], log)).toEqual({ failed: false, deferred: 0 });
    expect(recorded.filter((text) => text !== 'outro usuário')).toEqual(['segunda', 'primeira', 'terceira']);
    expect(recorded).toContain('outro usuário');
    expect(await store.inbound.backlog()).toEqual([]);
  });

  it("keeps one user's order when the next POST comes while the previous one's turns are still pending", async () => {
    behaviour.set('um', [{ ms: 150 }]);
    const one = dispatcher();
    const first = await one.dispatch([turn('um'), turn('dois')], log);
    expect(first).toEqual({ failed: false, deferred: 2 });
    // The platform, answered, sends the next message at once: it waits behind both.
    expect((await one.dispatch([turn('três')], log)).failed).toBe(false);
    await one.settle();
    expect(recorded).toEqual(['um', 'dois', 'três']);
    expect(await store.inbound.backlog()).toEqual([]);
  });

  it('does not run a replayed message twice when another turn took it over first (no message id), nor one erased meanwhile', async () => {
    const now = Date.now() / 1000;
    const noId = (text: string) => ({ assistantId: assistant.id, channel: 'facebook', sender: 'u1', turn: { sender: 'u1', text, messageId: undefined, metadata: {} } });
    await store.inbound.add([noId('indicação')], 'crashed:1:0000', now - 1);
    await store.inbound.add([{ ...noId('apagada'), sender: 'u2', turn: { sender: 'u2', text: 'apagada', metadata: {} } }], 'crashed:1:0000', now - 1);
    // A replayer takes both; before it runs them, a new message of u1 catches up with its row,
    // and u2's data is erased.
    const replayer = dispatcher();
    const taken = await store.inbound.claim('facebook', { claimant: replayer.claimant, limit: 10, now, until: now + 60 });
    expect(taken).toHaveLength(2);
    expect(await dispatcher().dispatch([{ ...turn('nova'), messageId: undefined }], log)).toEqual({ failed: false, deferred: 0 });
    expect(recorded).toEqual(['indicação', 'nova']);
    await store.inbound.delete([taken[1]!.id]);
    await replayer.replay(taken.map((row) => ({ row: row.id, turn: { ...(row.turn as Omit<ChannelTurn, 'assistant'>), assistant } })), log);
    expect(recorded).toEqual(['indicação', 'nova']);
    // Taken over and replayed messages are not counted against the sender's limits again.
    expect(uncounted).toEqual(['indicação']);
    expect(await store.inbound.backlog()).toEqual([]);
  });

  it('leaves its own rows to the run when the deadline writes them while a catch-up looks (no second run without a message id)', async () => {
    const { inbound } = store;
    // The catch-up's read lands after the deadline wrote the rows of this very POST.
    const slowRead: Store['inbound'] = {
      add: inbound.add.bind(inbound),
      renew: inbound.renew.bind(inbound),
      delete: inbound.delete.bind(inbound),
      holds: inbound.holds.bind(inbound),
      claim: inbound.claim.bind(inbound),
      takeEarlier: async (...args) => {
        await sleep(ACK_MS + 60);
        return inbound.takeEarlier(...args);
      },
      backlog: inbound.backlog.bind(inbound),
    };
    const one = dispatcher(slowRead);
    const noId = (text: string) => ({ ...turn(text), messageId: undefined });
    expect(await one.dispatch([noId('primeira'), noId('segunda')], log)).toEqual({ failed: false, deferred: 2 });
    await one.settle();
    expect(recorded).toEqual(['primeira', 'segunda']);
    expect(await store.inbound.backlog()).toEqual([]);
  });

  it("drops a user's messages past HELPER_RATE_LIMIT_SENDER_QUEUE waiting, as a flood, acknowledging them", async () => {
    behaviour.set('lento', [{ ms: 150 }]);
    const one = dispatcher(store.inbound, 2);
    const answers = await Promise.all(['lento', 'a', 'b', 'c'].map(async (text, index) => {
      await sleep(index * 5);
      return one.dispatch([turn(text)], log);
    }));
    await one.settle();
    expect(answers.every((answer) => !answer.failed)).toBe(true);
    expect(recorded).toEqual(['lento', 'a', 'b']);
    expect(await store.inbound.backlog()).toEqual([]);
  });

  it('waits for the turns when their rows cannot be stored (nothing acknowledged unkept)', async () => {
    behaviour.set('lento', [{ ms: 150 }]);
    const { inbound } = store;
    const broken: Store['inbound'] = {
      add: async () => Promise.reject(new Error('the store is down')),
      renew: inbound.renew.bind(inbound),
      delete: inbound.delete.bind(inbound),
      holds: inbound.holds.bind(inbound),
      claim: inbound.claim.bind(inbound),
      takeEarlier: inbound.takeEarlier.bind(inbound),
      backlog: inbound.backlog.bind(inbound),
    };
    const started = Date.now();
    expect(await dispatcher(broken).dispatch([turn('lento')], log)).toEqual({ failed: false, deferred: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(recorded).toEqual(['lento']);
  });

  it('answers failed when a turn fails before the deadline (the platform redelivers), storing nothing', async () => {
    behaviour.set('falha', [{ ms: 0, fails: true }]);
    expect(await dispatcher().dispatch([turn('falha'), turn('ok')], log)).toEqual({ failed: true, deferred: 0 });
    expect(recorded).toEqual(['ok']);
    expect(await store.inbound.backlog()).toEqual([]);
  });

  it('renews the claim of a turn that runs longer than the claim', async () => {
    behaviour.set('longo', [{ ms: 1_600 }]);
    const one = dispatcher();
    expect(await one.dispatch([turn('longo')], log)).toEqual({ failed: false, deferred: 1 });
    await sleep(1_200);
    // Past the first claim's end: still held (renewed), so another process does not take it.
    const now = Date.now() / 1000;
    expect(await store.inbound.claim('facebook', { claimant: 'other', limit: 10, now, until: now + 1 })).toEqual([]);
    await one.settle();
    expect(await store.inbound.backlog()).toEqual([]);
  });
});
