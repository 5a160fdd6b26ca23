// The SQLite hot path's group commit: concurrent appends share a transaction, yet each resolves
// only once committed and fails on its own or, when the transaction fails, all together.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventRows } from './conversation-rows.js';
import { createStore } from '../create-store.js';
import { SqliteConversations } from './sqlite-conversations.js';
import { SqliteGate } from '../sqlite-dialect.js';
import type { AssistantRecord, Store, StoredEvent } from '../store.js';
import { StoreNotFoundError } from '../store-errors.js';

type Event = StoredEvent['event'];
const user = (text: string, timestamp: number): Event => ({ event: 'user', timestamp, text });
const sessionStart = (timestamp: number): Event[] => [
  { event: 'action', timestamp, name: 'action_session_start' },
  { event: 'session_started', timestamp },
  { event: 'action', timestamp, name: 'action_listen' },
];
const texts = (events: StoredEvent[]): unknown[] => events.map(({ event }) => event['text'] ?? event['name'] ?? event.event);

describe('SQLite conversations: group commit', () => {
  let dataDir: string;
  let store: Store;
  let assistant: AssistantRecord;
  const opened: SqliteDatabase.Database[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'helper-group-commit-'));
    store = await createStore({ dataDir });
    await store.servers.create({ name: 'acme' });
    assistant = await store.assistants.create({ serverName: 'acme', language: 'pt' });
  });
  afterEach(async () => {
    for (const database of opened.splice(0)) database.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** A second connection to the store's file with the hot path on it, failing at once when busy. */
  const openConversations = (): SqliteConversations => {
    const database = new SqliteDatabase(join(dataDir, 'helper.sqlite'));
    database.pragma('busy_timeout = 0');
    database.pragma('foreign_keys = ON');
    opened.push(database);
    return new SqliteConversations({ database, gate: new SqliteGate() });
  };

  it('fails only the append that breaks, keeping the others of its transaction', async () => {
    const ghost = assistant.id + 1000;
    const results = await Promise.allSettled([
      store.conversations.append(assistant.id, 'a', [...sessionStart(1), user('a1', 1)]),
      store.conversations.append(ghost, 'g', [user('lost', 1)]),
      store.conversations.append(assistant.id, 'b', [user('b1', 1)]),
      store.conversations.append(assistant.id, 'a', [user('a2', 2)]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreNotFoundError);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : null))).toEqual([1, null, 1, 2]);
    expect(texts(await store.conversations.events(assistant.id, 'a'))).toEqual(['action_session_start', 'session_started', 'action_listen', 'a1', 'a2']);
    expect(texts(await store.conversations.sessionEvents(assistant.id, 'a'))).toEqual(['action_session_start', 'session_started', 'action_listen', 'a1', 'a2']);
    expect(texts(await store.conversations.events(assistant.id, 'b'))).toEqual(['b1']);
    expect(await store.conversations.get(ghost, 'g')).toBeUndefined();
  });

  it('reports a failed transaction to every append in it, and stores none of them', async () => {
    const conversations = openConversations();
    const blocker = new SqliteDatabase(join(dataDir, 'helper.sqlite'));
    opened.push(blocker);
    blocker.exec('begin immediate');
    const append = (sender: string) => {
      const events = [user(`${sender}!`, 1)];
      return conversations.append(assistant.id, sender, events, eventRows(assistant.id, sender, events));
    };
    const results = await Promise.allSettled([append('x'), append('y'), append('z')]);
    blocker.exec('rollback');
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const result of results) expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_BUSY' });
    for (const sender of ['x', 'y', 'z']) expect(await store.conversations.events(assistant.id, sender)).toEqual([]);
    // The connection is usable again once the lock is free.
    await expect(append('x')).resolves.toBe(1);
    expect(texts(await store.conversations.events(assistant.id, 'x'))).toEqual(['x!']);
  });

  it('resolves an append only after its commit is visible to another connection', async () => {
    const reader = new SqliteDatabase(join(dataDir, 'helper.sqlite'), { readonly: true });
    opened.push(reader);
    const count = () => (reader.prepare('select count(*) as n from events where sender_id = ?').get('c') as { n: number }).n;
    const appended = store.conversations.append(assistant.id, 'c', [user('c1', 1), user('c2', 2)]);
    expect(count()).toBe(0);
    await appended;
    expect(count()).toBe(2);
  });

  it('waits while Kysely holds the connection, then writes', async () => {
    const database = new SqliteDatabase(join(dataDir, 'helper.sqlite'));
    opened.push(database);
    const gate = new SqliteGate();
    const conversations = new SqliteConversations({ database, gate });
    const count = () => (database.prepare('select count(*) as n from events where sender_id = ?').get('d') as { n: number }).n;
    await gate.lock(); // as Kysely does for a query or a transaction
    const events = [user('d1', 1)];
    let settled = false;
    const appended = conversations.append(assistant.id, 'd', events, eventRows(assistant.id, 'd', events)).finally(() => {
      settled = true;
    });
    const read = conversations.get(assistant.id, 'd');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([settled, count()]).toEqual([false, 0]);
    gate.unlock();
    await expect(appended).resolves.toBe(1);
    // The read was asked after the append, so it waited behind it.
    await expect(read).resolves.toMatchObject({ revision: 1 });
    expect(count()).toBe(1);
  });
});
