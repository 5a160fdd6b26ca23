// WAL checkpoints off the event loop. SQLite copies the WAL's pages into the database file at a
// commit once the WAL holds `wal_autocheckpoint` pages, synchronously: with fsyncs of both files
// that is 20–40 ms during which the process answers nobody (the p99 of a busy chat). From the
// moment the first such checkpoint is due, a worker thread with its own connection copies the
// pages instead, concurrently with the writers (a PASSIVE checkpoint), and the event loop only
// finishes what was committed meanwhile, which lets the next write start the WAL over.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteAccess } from './sqlite-dialect.js';

/** How often the thread checkpoints once started. */
export const CHECKPOINT_INTERVAL_MS = 500;
/**
 * The thread checkpoints again while more than this many frames were committed during its last
 * pass (each pass is shorter than the one before), at most CHECKPOINT_PASSES times, so that what
 * the event loop finishes is small.
 */
const CHECKPOINT_TAIL_FRAMES = 64;
const CHECKPOINT_PASSES = 4;
/** The bytes a frame takes in the WAL besides its page. */
const WAL_FRAME_HEADER_BYTES = 24;

/** What the thread did in one round: the WAL's frames and how many of them are in the database file. */
interface CheckpointReply {
  log: number;
  checkpointed: number;
}

/** What a checkpointer has done: frames copied by its thread and by the event loop's tails. */
export interface CheckpointerStats {
  started: boolean;
  rounds: number;
  framesByThread: number;
  framesByTail: number;
  /** Rounds that found the WAL started over since the one before. */
  restarts: number;
}

/**
 * The worker's program (CommonJS, so that it runs the same from dist and from the TypeScript
 * sources under test): one connection to the same file, PASSIVE checkpoints on request. A PASSIVE
 * checkpoint waits for no reader or writer; the frames it cannot reach are left for the next.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
const passive = () => db.pragma('wal_checkpoint(PASSIVE)')[0];
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  let result = passive();
  for (let pass = 1; pass < workerData.passes; pass++) {
    const before = result.checkpointed;
    const next = passive();
    // A restarted WAL counts from 0 again: nothing of the earlier round is left.
    const committedMeanwhile = next.log >= result.log ? next.log - result.log : next.log;
    result = next;
    if (committedMeanwhile <= workerData.tailFrames && next.checkpointed >= before) break;
  }
  parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed });
});
`;

/**
 * Watches the WAL of an SQLite store and, once it has reached the connection's `wal_autocheckpoint`
 * size (when SQLite would first checkpoint inline), checkpoints it from a worker thread every
 * CHECKPOINT_INTERVAL_MS. A store that never writes that much never starts the thread (about 10 MB
 * of memory) and keeps SQLite's own checkpoints; a thread that fails gives them back. The size is
 * looked at every CHECKPOINT_INTERVAL_MS, so a burst may still have SQLite checkpoint once inline
 * before the thread takes over.
 */
export class SqliteCheckpointer {
  readonly #access: SqliteAccess;
  readonly #file: string;
  readonly #walFile: string;
  readonly #startBytes: number;
  readonly #timer: NodeJS.Timeout;
  #worker: Worker | undefined;
  #inFlight = false;
  #failed = false;
  #closing: Promise<void> | undefined;
  #lastCheckpointed = 0;
  #lastLog = 0;
  readonly #stats: CheckpointerStats = { started: false, rounds: 0, framesByThread: 0, framesByTail: 0, restarts: 0 };

  /** `startPages`: the WAL's size that starts the thread (default: the connection's `wal_autocheckpoint`). */
  constructor(access: SqliteAccess, options: { intervalMs?: number; startPages?: number } = {}) {
    this.#access = access;
    this.#file = access.database.name;
    this.#walFile = `${this.#file}-wal`;
    const pageSize = access.database.pragma('page_size', { simple: true }) as number;
    const startPages = options.startPages ?? (access.database.pragma('wal_autocheckpoint', { simple: true }) as number);
    // No automatic checkpoints (0): nothing to take over.
    this.#startBytes = startPages > 0 ? startPages * (pageSize + WAL_FRAME_HEADER_BYTES) : Number.POSITIVE_INFINITY;
    this.#timer = setInterval(() => this.#tick(), options.intervalMs ?? CHECKPOINT_INTERVAL_MS);
    this.#timer.unref();
  }

  get stats(): CheckpointerStats {
    return { ...this.#stats };
  }

  /** Stops the thread and closes its connection, so that the store's own close can end the WAL. */
  close(): Promise<void> {
    this.#closing ??= this.#stop();
    return this.#closing;
  }

  async #stop(): Promise<void> {
    clearInterval(this.#timer);
    const worker = this.#worker;
    if (!worker || this.#failed) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    await exited;
  }

  #tick(): void {
    if (this.#closing || this.#failed || this.#inFlight) return;
    if (!this.#worker) {
      if (this.#walBytes() < this.#startBytes) return;
      this.#startWorker();
    }
    this.#inFlight = true;
    this.#worker?.postMessage('checkpoint');
  }

  #walBytes(): number {
    try {
      return statSync(this.#walFile).size;
    } catch {
      return 0;
    }
  }

  #startWorker(): void {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.#file, driver, passes: CHECKPOINT_PASSES, tailFrames: CHECKPOINT_TAIL_FRAMES },
    });
    worker.unref();
    worker.on('message', (reply: CheckpointReply) => this.#replied(reply));
    // A thread that fails leaves SQLite's own checkpoints to do the work, as before it started.
    // While the thread runs, commits leave the WAL to it (SQLite would otherwise still copy it
    // inline whenever a round's WAL passed `wal_autocheckpoint`); a failed thread gives it back.
    const autocheckpoint = this.#access.database.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.#access.database.pragma('wal_autocheckpoint = 0');
    const failed = (): void => {
      this.#failed = true;
      clearInterval(this.#timer);
      if (this.#access.database.open) this.#access.database.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    };
    worker.on('error', failed);
    worker.on('exit', () => {
      if (!this.#closing) failed();
    });
    this.#worker = worker;
    this.#stats.started = true;
  }

  #replied(reply: CheckpointReply): void {
    this.#stats.rounds++;
    // Frames the thread copied this round (the WAL restarts from 0 when a write finds it all copied).
    const restarted = reply.log < this.#lastLog || reply.checkpointed < this.#lastCheckpointed;
    if (restarted) this.#stats.restarts++;
    this.#stats.framesByThread += reply.checkpointed - (restarted ? 0 : Math.min(this.#lastCheckpointed, reply.checkpointed));
    this.#lastLog = reply.log;
    this.#lastCheckpointed = reply.checkpointed;
    if (reply.log === 0 || this.#closing) {
      this.#inFlight = false;
      return;
    }
    // The frames committed during the thread's last pass (its figures are the WAL's as the pass
    // began): copied here, between two uses of the connection, so that the WAL is all in the
    // database file and the next write starts it over. Nothing to copy costs no write or sync.
    void this.#access.gate
      .run(() => {
        if (this.#closing || !this.#access.database.open) return;
        const [result] = this.#access.database.pragma('wal_checkpoint(PASSIVE)') as CheckpointReply[];
        if (!result) return;
        this.#stats.framesByTail += Math.max(0, result.checkpointed - this.#lastCheckpointed);
        this.#lastLog = result.log;
        this.#lastCheckpointed = result.checkpointed;
      })
      .catch(() => undefined)
      .finally(() => {
        this.#inFlight = false;
      });
  }
}
