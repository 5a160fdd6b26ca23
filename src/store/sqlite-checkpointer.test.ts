import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from './create-store.js';
import { openStoreDatabase } from './database.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';

const folders: string[] = [];
function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'helper-checkpointer-'));
  folders.push(path);
  return path;
}
afterEach(() => {
  for (const path of folders.splice(0)) rmSync(path, { recursive: true, force: true });
});

const PAGE = 4096;
const walBytes = (dataDir: string): number => (existsSync(join(dataDir, 'helper.sqlite-wal')) ? statSync(join(dataDir, 'helper.sqlite-wal')).size : 0);
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SqliteCheckpointer', () => {
  it('leaves a store that writes little to SQLite: no thread, checkpoints at wal_autocheckpoint', async () => {
    const dataDir = folder();
    const store = await createStore({ dataDir });
    const { sqlite } = openStoreDatabase({ dataDir });
    try {
      const checkpointer = new SqliteCheckpointer(sqlite!, { intervalMs: 10 });
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(checkpointer.stats).toEqual({ started: false, failed: false, rounds: 0, framesByThread: 0, heldPasses: 0, framesWhileHeld: 0, restarts: 0 });
      expect(sqlite!.database.pragma('wal_autocheckpoint', { simple: true })).toBe(4000);
      await checkpointer.close();
    } finally {
      sqlite!.database.close();
      await store.close();
    }
  });

  it('copies a growing WAL from its thread while commits go on, and the WAL starts over', async () => {
    const dataDir = folder();
    const { sqlite } = openStoreDatabase({ dataDir });
    const database = sqlite!.database;
    database.exec('create table rows (id integer primary key, body blob not null)');
    // Every round that finds frames in the WAL ends with the pass that holds the commits back.
    const checkpointer = new SqliteCheckpointer(sqlite!, { intervalMs: 20, startPages: 200, restartFrames: 1 });
    const insert = database.prepare('insert into rows (body) values (?)');
    // About 12,000 pages (three pages a commit), committed one after another about as fast as
    // the chat's group commits at its peak (a few thousand a second), the event loop turning between.
    const commits = 4000;
    let largestWal = 0;
    for (let index = 0; index < commits; index++) {
      // Through the connection's gate, as the store's commits go.
      await sqlite!.gate.run(() =>
        database.transaction(() => {
          for (let row = 0; row < 3; row++) insert.run(Buffer.alloc(3000, index % 251));
        })(),
      );
      if (index % 100 === 0) largestWal = Math.max(largestWal, walBytes(dataDir));
      await (index % 2 === 0 ? turn() : new Promise((resolve) => setTimeout(resolve, 1)));
    }
    // Until the thread has gone round a few more times with nothing new.
    const rounds = checkpointer.stats.rounds;
    while (checkpointer.stats.rounds < rounds + 3) await new Promise((resolve) => setTimeout(resolve, 10));

    const stats = checkpointer.stats;
    expect(stats.restarts).toBeGreaterThanOrEqual(5);
    // Rounds ended with a pass while commits waited at the gate; it had less left to copy than the
    // thread copied while commits went on (a quarter on a quiet machine; a third seen under a load
    // of 10, where the thread gets less of a core: the bound is half, which copying everything
    // while commits wait would still break).
    expect(stats.heldPasses).toBeGreaterThan(0);
    expect(stats.framesWhileHeld).toBeLessThan(stats.framesByThread / 2);
    expect(stats.started).toBe(true);
    // While the thread works, commits never copy the WAL themselves.
    expect(database.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // The thread copied nearly everything while commits went on.
    expect(stats.framesByThread).toBeGreaterThan(commits * 2);
    // The WAL kept starting over instead of growing with everything written (about 48 MB).
    expect(largestWal).toBeLessThan((commits * 3 * PAGE) / 4);
    // Nothing is left to copy: a checkpoint now finds every frame in the database file.
    const [state] = database.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(state!.checkpointed).toBe(state!.log);

    // Closed first, the thread's connection lets the store's own close remove the WAL.
    await checkpointer.close();
    database.close();
    expect(existsSync(join(dataDir, 'helper.sqlite-wal'))).toBe(false);
    const reopened = new SqliteDatabase(join(dataDir, 'helper.sqlite'), { readonly: true });
    try {
      expect(reopened.prepare('select count(*) as count from rows').get()).toEqual({ count: commits * 3 });
      expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      reopened.close();
    }
  });

  it('gives the connection its checkpoints back when the thread fails', async () => {
    const dataDir = folder();
    const { sqlite } = openStoreDatabase({ dataDir });
    const database = sqlite!.database;
    try {
      database.exec('create table rows (body blob not null)');
      const checkpointer = new SqliteCheckpointer(sqlite!, { intervalMs: 10, startPages: 10 });
      // The database file moved away (the open connection keeps it): the thread cannot open it.
      renameSync(join(dataDir, 'helper.sqlite'), join(dataDir, 'moved.sqlite'));
      const insert = database.prepare('insert into rows (body) values (?)');
      database.transaction(() => {
        for (let row = 0; row < 40; row++) insert.run(Buffer.alloc(3000));
      })();
      await expect.poll(() => checkpointer.stats.started, { timeout: 5000 }).toBe(true);
      await expect.poll(() => database.pragma('wal_autocheckpoint', { simple: true }), { timeout: 5000 }).toBe(4000);
      // The store goes on writing, and closing is quick.
      insert.run(Buffer.alloc(10));
      expect(checkpointer.stats.rounds).toBe(0);
      await checkpointer.close();
    } finally {
      database.close();
    }
  });

  it('closes with the store: the WAL is gone after a busy store closes', async () => {
    const dataDir = folder();
    const store = await createStore({ dataDir });
    // Another connection fills the WAL past the thread's start size (the store's wal_autocheckpoint, 4,000 pages).
    const writer = new SqliteDatabase(join(dataDir, 'helper.sqlite'));
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table filler (body blob not null)');
    const insert = writer.prepare('insert into filler (body) values (?)');
    writer.transaction(() => {
      for (let row = 0; row < 4200; row++) insert.run(Buffer.alloc(4000));
    })();
    writer.close();
    expect(walBytes(dataDir)).toBeGreaterThan(4000 * PAGE);
    // The store's checkpointer looks every 500 ms; its thread's first round copies the WAL into
    // the database file (the store's own connection commits nothing here, so it copies nothing).
    const databaseBytes = (): number => statSync(join(dataDir, 'helper.sqlite')).size;
    await expect.poll(databaseBytes, { timeout: 5000, interval: 50 }).toBeGreaterThan(4200 * 4000);
    await store.close();
    expect(existsSync(join(dataDir, 'helper.sqlite-wal'))).toBe(false);
  });

  it('lets a command that closes last end normally: its close waits for the thread', async () => {
    const dataDir = folder();
    const script = join(dataDir, 'command.mts');
    // A command's process: it starts the thread, closes, and has nothing else to wait for.
    writeFileSync(
      script,
      `import { openStoreDatabase } from ${JSON.stringify(fileURLToPath(new URL('./database.ts', import.meta.url)))};
import { SqliteCheckpointer } from ${JSON.stringify(fileURLToPath(new URL('./sqlite-checkpointer.ts', import.meta.url)))};
const { sqlite } = openStoreDatabase({ dataDir: ${JSON.stringify(dataDir)} });
sqlite.database.exec('create table rows (body blob not null)');
const checkpointer = new SqliteCheckpointer(sqlite, { intervalMs: 10, startPages: 10 });
const insert = sqlite.database.prepare('insert into rows (body) values (?)');
sqlite.database.transaction(() => { for (let row = 0; row < 40; row++) insert.run(Buffer.alloc(3000)); })();
while (checkpointer.stats.rounds === 0) await new Promise((resolve) => setTimeout(resolve, 10));
await checkpointer.close();
sqlite.database.close();
console.log('closed');
`,
    );
    const result = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('closed');
    // 13: the process ended while its top-level await (the close) had not settled.
    expect(result.status).toBe(0);
  });
});
