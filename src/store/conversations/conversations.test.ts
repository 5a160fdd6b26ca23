import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRecord, Store, StoredEvent } from '../store.js';
import { StoreNotFoundError, StoreValidationError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

type Event = StoredEvent['event'];

const sessionStart = (timestamp: number): Event[] => [
  { event: 'action', timestamp, name: 'action_session_start', policy: null, confidence: 1 },
  { event: 'session_started', timestamp },
  { event: 'action', timestamp, name: 'action_listen', policy: null, confidence: null },
];
const user = (text: string, timestamp: number): Event => ({
  event: 'user',
  timestamp,
  text,
  parse_data: { intent: { name: 'saudacao', confidence: 0.93 }, entities: [], text, message_id: null, metadata: {} },
  input_channel: 'rest',
  message_id: `m-${text}`,
  metadata: { assistant_id: '1', model_id: '20250101-000000-abcd1234' },
});
const bot = (text: string, timestamp: number): Event => ({
  event: 'bot',
  timestamp,
  text,
  data: { elements: null, quick_replies: null, buttons: null, attachment: null, image: null, custom: null },
  metadata: { utter_action: 'utter_x' },
});
const texts = (events: StoredEvent[]): unknown[] => events.map(({ event }) => event['text'] ?? event['name'] ?? event.event);

describe.each(storeVariants())('$name store: conversations', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  it('ensures a conversation once', async () => {
    expect(await store.conversations.get(assistant.id, 'u1')).toBeUndefined();
    const created = await store.conversations.ensure(assistant.id, 'u1', 1000.5);
    expect(created).toEqual({ assistantId: assistant.id, senderId: 'u1', paused: false, createdAt: 1000.5, latestEventTime: null, revision: 0 });
    expect(await store.conversations.ensure(assistant.id, 'u1', 2000)).toEqual(created);
    expect(await store.conversations.get(assistant.id, 'u1')).toEqual(created);
    expect(await store.conversations.events(assistant.id, 'u1')).toEqual([]);
    expect(await store.conversations.sessionEvents(assistant.id, 'u1')).toEqual([]);
  });

  it('appends events in order, keeps them as given and tracks the latest event time', async () => {
    const first = [...sessionStart(10.25), user('oi', 11.5)];
    const second = [bot('Olá! 😀\n\nTudo bem?', 11.75), { event: 'slot', timestamp: 11.8, name: 'lista', value: [1, 'dois', null, { três: 3.5 }] }];
    expect(await store.conversations.append(assistant.id, 'u1', first)).toBe(1);
    expect(await store.conversations.append(assistant.id, 'u1', second)).toBe(2);
    const stored = await store.conversations.events(assistant.id, 'u1');
    expect(stored.map((entry) => entry.event)).toStrictEqual([...first, ...second]);
    const ids = stored.map((entry) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(await store.conversations.get(assistant.id, 'u1')).toMatchObject({ latestEventTime: 11.8, paused: false, revision: 2 });
    // Every write moves the revision on, so a state cached at revision 2 is known to be stale.
    await store.conversations.setPaused(assistant.id, 'u1', true);
    expect((await store.conversations.get(assistant.id, 'u1'))?.revision).toBe(3);
    expect(await store.conversations.revision(assistant.id, 'u1')).toBe(3);
    await store.conversations.setPaused(assistant.id, 'u1', false);
    expect(await store.conversations.revision(assistant.id, 'u1')).toBe(4);
    expect(await store.conversations.revision(assistant.id, 'u2')).toBeUndefined();
    // The append created the conversation, and nothing leaked to another one.
    expect(await store.conversations.events(assistant.id, 'u2')).toEqual([]);
    await store.conversations.append(assistant.id, 'u1', []);
    expect(await store.conversations.events(assistant.id, 'u1')).toHaveLength(6);
  });

  it('keeps the conversations of different senders and assistants apart', async () => {
    const other = await store.assistants.create({ serverName: 'acme', language: 'en' });
    await store.conversations.append(assistant.id, 'same', [user('pt', 1)]);
    await store.conversations.append(other.id, 'same', [user('en', 2)]);
    await store.conversations.append(assistant.id, 'same/with+odd-chars_\\=', [user('odd', 3)]);
    expect(texts(await store.conversations.events(assistant.id, 'same'))).toEqual(['pt']);
    expect(texts(await store.conversations.events(other.id, 'same'))).toEqual(['en']);
    expect(texts(await store.conversations.events(assistant.id, 'same/with+odd-chars_\\='))).toEqual(['odd']);
  });

  it('handles 50 concurrent appends to different conversations', async () => {
    const senders = Array.from({ length: 50 }, (_, index) => `sender-${index}`);
    await Promise.all(
      senders.map((sender, index) =>
        store.conversations.append(assistant.id, sender, [...sessionStart(index), user(`${sender} a`, index + 0.1), bot(`${sender} b`, index + 0.2)]),
      ),
    );
    for (const [index, sender] of senders.entries()) {
      const stored = await store.conversations.events(assistant.id, sender);
      expect(texts(stored)).toEqual(['action_session_start', 'session_started', 'action_listen', `${sender} a`, `${sender} b`]);
      expect(await store.conversations.get(assistant.id, sender)).toMatchObject({ latestEventTime: index + 0.2 });
      expect(texts(await store.conversations.sessionEvents(assistant.id, sender))).toEqual(texts(stored));
    }
  });

  it('keeps each conversation in order when appends to several conversations interleave', async () => {
    for (let turn = 0; turn < 10; turn += 1) {
      for (const sender of ['a', 'b', 'c']) {
        await store.conversations.append(assistant.id, sender, [user(`${sender}${turn}`, turn), bot(`${sender}${turn}!`, turn + 0.5)]);
      }
    }
    for (const sender of ['a', 'b', 'c']) {
      const expected = Array.from({ length: 10 }, (_, turn) => [`${sender}${turn}`, `${sender}${turn}!`]).flat();
      expect(texts(await store.conversations.events(assistant.id, sender))).toEqual(expected);
    }
  });

  it('keeps each batch whole when appends to one conversation run at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, batch) =>
        store.conversations.append(assistant.id, 'busy', [user(`q${batch}`, batch), bot(`a${batch}`, batch), bot(`b${batch}`, batch)]),
      ),
    );
    const stored = texts(await store.conversations.events(assistant.id, 'busy'));
    expect(stored).toHaveLength(60);
    for (let index = 0; index < stored.length; index += 3) {
      const batch = String(stored[index]).slice(1);
      expect(stored.slice(index, index + 3)).toEqual([`q${batch}`, `a${batch}`, `b${batch}`]);
    }
    expect(new Set(stored).size).toBe(60);
  });

  it('keeps first turns whole when several start one new conversation at once, the last session current', async () => {
    // On PostgreSQL a first turn is one statement that creates the row; the others find it and
    // take the transaction: each batch stays whole and the session pointer follows the last.
    await Promise.all(Array.from({ length: 10 }, (_, batch) => store.conversations.append(assistant.id, 'fresh', [...sessionStart(batch), user(`q${batch}`, batch)])));
    const stored = texts(await store.conversations.events(assistant.id, 'fresh'));
    expect(stored).toHaveLength(40);
    for (let index = 0; index < stored.length; index += 4) expect(stored.slice(index, index + 3)).toEqual(['action_session_start', 'session_started', 'action_listen']);
    const session = texts(await store.conversations.sessionEvents(assistant.id, 'fresh'));
    expect(session).toEqual(stored.slice(-4));
    expect(await store.conversations.get(assistant.id, 'fresh')).toMatchObject({ revision: 10 });
    // A new conversation's first session is all of its events; the next turn continues it.
    await store.conversations.append(assistant.id, 'fresh-2', [...sessionStart(1), user('um', 2)]);
    await store.conversations.append(assistant.id, 'fresh-2', [bot('dois', 3)]);
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'fresh-2'))).toEqual(['action_session_start', 'session_started', 'action_listen', 'um', 'dois']);
    expect(await store.conversations.get(assistant.id, 'fresh-2')).toMatchObject({ revision: 2, latestEventTime: 3 });
  });

  it("marks what a client posted (a replaced history, a posted append), not the engine's turns", async () => {
    await store.conversations.replace(assistant.id, 'u1', [...sessionStart(1), user('posto', 2)]);
    await store.conversations.append(assistant.id, 'u1', [user('postado', 3)], [], { posted: true });
    await store.conversations.append(assistant.id, 'u1', [user('do motor', 4), bot('resposta', 4)]);
    const marks = (entries: StoredEvent[]) => entries.map((entry) => [texts([entry])[0], entry.posted ?? false]);
    const expected = [...['action_session_start', 'session_started', 'action_listen', 'posto', 'postado'].map((text) => [text, true]), ['do motor', false], ['resposta', false]];
    expect(marks(await store.conversations.events(assistant.id, 'u1'))).toEqual(expected);
    expect(marks(await store.conversations.sessionEvents(assistant.id, 'u1'))).toEqual(expected);
    expect(await store.conversations.get(assistant.id, 'u1')).toMatchObject({ latestEventTime: 4, revision: 3 });
  });

  it('replaces the whole history', async () => {
    await store.conversations.append(assistant.id, 'u1', [...sessionStart(1), user('velho', 2), ...sessionStart(3), user('velho 2', 4)]);
    const replacement = [user('novo', 5), bot('resposta', 6)];
    await store.conversations.replace(assistant.id, 'u1', replacement);
    const stored = await store.conversations.events(assistant.id, 'u1');
    expect(stored.map((entry) => entry.event)).toStrictEqual(replacement);
    expect(await store.conversations.get(assistant.id, 'u1')).toMatchObject({ latestEventTime: 6 });
    // No session in the new history: the session is all of it.
    expect(await store.conversations.sessionEvents(assistant.id, 'u1')).toEqual(stored);

    const withSessions = [...sessionStart(7), user('s1', 8), ...sessionStart(9), user('s2', 10)];
    await store.conversations.replace(assistant.id, 'u1', withSessions);
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'u1'))).toEqual(['action_session_start', 'session_started', 'action_listen', 's2']);
    await store.conversations.append(assistant.id, 'u1', [bot('depois', 11)]);
    expect(texts(await store.conversations.events(assistant.id, 'u1')).at(-1)).toBe('depois');

    await store.conversations.replace(assistant.id, 'u1', []);
    expect(await store.conversations.events(assistant.id, 'u1')).toEqual([]);
    expect(await store.conversations.sessionEvents(assistant.id, 'u1')).toEqual([]);
    expect(await store.conversations.get(assistant.id, 'u1')).toMatchObject({ latestEventTime: null });
  });

  it('a replace and an append at once leave one after the other, never a mix', async () => {
    for (let round = 0; round < 10; round += 1) {
      const sender = `race-${round}`;
      await store.conversations.append(assistant.id, sender, [user('old', 1)]);
      await Promise.all([
        store.conversations.replace(assistant.id, sender, [user('r1', 2), user('r2', 3)]),
        store.conversations.append(assistant.id, sender, [user('x', 4)]),
      ]);
      const history = texts(await store.conversations.events(assistant.id, sender));
      expect([['r1', 'r2'], ['r1', 'r2', 'x']]).toContainEqual(history);
    }
  });

  it('replace creates a missing conversation', async () => {
    await store.conversations.replace(assistant.id, 'new', [user('a', 1)]);
    expect(await store.conversations.get(assistant.id, 'new')).toMatchObject({ latestEventTime: 1, paused: false });
  });

  it('returns all events as the session when no session ever started', async () => {
    await store.conversations.append(assistant.id, 'u1', [user('a', 1), bot('b', 2)]);
    await store.conversations.append(assistant.id, 'u1', [user('c', 3)]);
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'u1'))).toEqual(['a', 'b', 'c']);
  });

  it('returns the events of the current session after several sessions', async () => {
    await store.conversations.append(assistant.id, 'u1', [...sessionStart(1), user('s1 a', 2), bot('s1 b', 3)]);
    await store.conversations.append(assistant.id, 'u1', [user('s1 c', 4)]);
    await store.conversations.append(assistant.id, 'u1', [...sessionStart(5), user('s2 a', 6)]);
    await store.conversations.append(assistant.id, 'u1', [bot('s2 b', 7)]);
    const expectedS2 = ['action_session_start', 'session_started', 'action_listen', 's2 a', 's2 b'];
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'u1'))).toEqual(expectedS2);

    // Two sessions in one append: the later one counts.
    await store.conversations.append(assistant.id, 'u1', [...sessionStart(8), user('s3', 9), ...sessionStart(10), user('s4', 11)]);
    const session = await store.conversations.sessionEvents(assistant.id, 'u1');
    expect(texts(session)).toEqual(['action_session_start', 'session_started', 'action_listen', 's4']);
    const all = await store.conversations.events(assistant.id, 'u1');
    expect(all.slice(-4)).toEqual(session);
    expect(all).toHaveLength(19);
  });


  it('points at a session start past the first rows of a long append, while other conversations append at once', async () => {
    const long = [...Array.from({ length: 40 }, (_, index) => user(`old ${index}`, index)), ...sessionStart(41), user('new', 42)];
    await Promise.all([
      store.conversations.append(assistant.id, 'u2', [user('other', 1)]),
      store.conversations.append(assistant.id, 'u1', long),
      store.conversations.append(assistant.id, 'u3', [...sessionStart(1), user('third', 2)]),
    ]);
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'u1'))).toEqual(['action_session_start', 'session_started', 'action_listen', 'new']);
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'u3'))).toEqual(['action_session_start', 'session_started', 'action_listen', 'third']);
    expect(await store.conversations.events(assistant.id, 'u1')).toHaveLength(44);
  });
  it('keeps a session start split over two appends together', async () => {
    await store.conversations.append(assistant.id, 'u1', [...sessionStart(1), user('old', 2)]);
    await store.conversations.append(assistant.id, 'u1', [user('before', 3), { event: 'action', timestamp: 4, name: 'action_session_start' }]);
    await store.conversations.append(assistant.id, 'u1', [{ event: 'session_started', timestamp: 4 }, user('new', 5)]);
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'u1'))).toEqual(['action_session_start', 'session_started', 'new']);
  });

  it('starts a session at a session_started posted on its own', async () => {
    await store.conversations.append(assistant.id, 'u1', [...sessionStart(1), user('old', 2)]);
    await store.conversations.append(assistant.id, 'u1', [{ event: 'session_started', timestamp: 3 }, user('new', 4)]);
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'u1'))).toEqual(['session_started', 'new']);
    await store.conversations.append(assistant.id, 'u1', [user('more', 5), { event: 'session_started', timestamp: 6 }]);
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'u1'))).toEqual(['session_started']);
  });

  it('pauses and resumes a conversation', async () => {
    await store.conversations.ensure(assistant.id, 'u1', 1);
    await store.conversations.setPaused(assistant.id, 'u1', true);
    expect(await store.conversations.get(assistant.id, 'u1')).toMatchObject({ paused: true, createdAt: 1 });
    await store.conversations.append(assistant.id, 'u1', [user('still paused', 2)]);
    expect((await store.conversations.get(assistant.id, 'u1'))?.paused).toBe(true);
    await store.conversations.setPaused(assistant.id, 'u1', false);
    expect((await store.conversations.get(assistant.id, 'u1'))?.paused).toBe(false);
    // Pausing a conversation that does not exist yet creates it paused.
    await store.conversations.setPaused(assistant.id, 'u2', true);
    expect(await store.conversations.get(assistant.id, 'u2')).toMatchObject({ paused: true, latestEventTime: null });
  });

  it('finds a user message by its message_id, in its own conversation only', async () => {
    const tricky = 'm_a%b_c\\d"e';
    await store.conversations.append(assistant.id, 'u1', [{ ...user('hello', 1), message_id: tricky }, bot('hi', 2), user('plain', 3)]);
    expect(await store.conversations.hasMessage(assistant.id, 'u1', tricky)).toBe(true);
    expect(await store.conversations.hasMessage(assistant.id, 'u1', 'm-plain')).toBe(true);
    expect(await store.conversations.hasMessage(assistant.id, 'u1', 'm_aXbYc\\d"e')).toBe(false);
    expect(await store.conversations.hasMessage(assistant.id, 'u1', 'm_a%')).toBe(false);
    expect(await store.conversations.hasMessage(assistant.id, 'u2', tricky)).toBe(false);
    expect(await store.conversations.hasMessage(assistant.id + 1000, 'u1', tricky)).toBe(false);
  });

  it('refuses conversations of unknown assistants', async () => {
    const ghost = assistant.id + 1000;
    await expect(store.conversations.ensure(ghost, 'u1', 1)).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(store.conversations.append(ghost, 'u1', [user('a', 1)])).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(store.conversations.replace(ghost, 'u1', [user('a', 1)])).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(store.conversations.setPaused(ghost, 'u1', true)).rejects.toBeInstanceOf(StoreNotFoundError);
    expect(await store.conversations.get(ghost, 'u1')).toBeUndefined();
  });

  it('refuses events without a type or a numeric timestamp, storing none of the batch', async () => {
    await store.conversations.append(assistant.id, 'u1', [user('ok', 1)]);
    const noTimestamp = { event: 'bot', text: 'x' } as unknown as Event;
    const noType = { timestamp: 2 } as unknown as Event;
    const textTimestamp = { event: 'bot', timestamp: '3' } as unknown as Event;
    for (const bad of [noTimestamp, noType, textTimestamp]) {
      await expect(store.conversations.append(assistant.id, 'u1', [user('lost', 2), bad])).rejects.toBeInstanceOf(StoreValidationError);
      await expect(store.conversations.replace(assistant.id, 'u1', [bad])).rejects.toBeInstanceOf(StoreValidationError);
    }
    expect(texts(await store.conversations.events(assistant.id, 'u1'))).toEqual(['ok']);
  });

  it("stores a turn's outbox rows in the turn's transaction: both or neither", async () => {
    const send = (recipient: string, text: string, assistantId = assistant.id) => ({ assistantId, channel: 'facebook', recipient, payload: { text } });
    const ghost = assistant.id + 1000;
    // Appends that run at once (one SQLite transaction, a savepoint each): the one whose send
    // cannot be stored leaves neither its events nor its sends; the others keep both.
    const results = await Promise.allSettled([
      store.conversations.append(assistant.id, 'u1', [user('oi', 1), bot('Olá', 1.1)], [send('u1', 'typing'), send('u1', 'Olá')]),
      store.conversations.append(assistant.id, 'u2', [user('perdido', 1), bot('Nunca', 1.1)], [send('u2', 'Nunca', ghost)]),
      store.conversations.append(assistant.id, 'u3', [user('tchau', 1)], []),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(texts(await store.conversations.events(assistant.id, 'u1'))).toEqual(['oi', 'Olá']);
    expect(await store.conversations.events(assistant.id, 'u2')).toEqual([]);
    expect((await store.outbox.pending('facebook', assistant.id, 'u1')).map((item) => item.payload)).toEqual([{ text: 'typing' }, { text: 'Olá' }]);
    expect(await store.outbox.recipients('facebook')).toEqual([{ assistantId: assistant.id, recipient: 'u1' }]);
    // Sends without the events of their turn are refused.
    await expect(store.conversations.append(assistant.id, 'u1', [], [send('u1', 'solto')])).rejects.toBeInstanceOf(StoreValidationError);
  });
});
