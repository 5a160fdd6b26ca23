// WAL checkpoints off the event loop. SQLite copies the WAL's pages into the database file at a
// commit once the WAL holds `wal_autocheckpoint` pages, synchronously: with fsyncs of both files
// that is 20–40 ms during which the process answers nobody (the p99 of a busy chat). From the
// moment the first such checkpoint is due, a worker thread with its own connection copies the
// pages instead, concurrently with the writers (PASSIVE checkpoints); the store's commits wait
// only for its short last pass of a round, which lets the next write start the WAL over.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteAccess } from './sqlite-dialect.js';

/** How often the thread checkpoints once started. */
export const CHECKPOINT_INTERVAL_MS = 500;
/**
 * The thread checkpoints again while more than this many frames were committed during its last
 * pass (each pass is shorter than the one before), at most CHECKPOINT_PASSES times.
 */
const CHECKPOINT_TAIL_FRAMES = 64;
const CHECKPOINT_PASSES = 4;
/**
 * The WAL's size (frames) from which a round ends by starting the WAL over: SQLite's default
 * `wal_autocheckpoint`. Smaller WALs wait for later rounds, which cost no pause of the commits.
 */
const RESTART_FRAMES = 1000;
/** The bytes a frame takes in the WAL besides its page. */
const WAL_FRAME_HEADER_BYTES = 24;

/** A checkpoint's figures: the WAL's frames when it began, and how many are in the database file. */
interface CheckpointReply {
  log: number;
  checkpointed: number;
}

/** What a checkpointer has done. */
export interface CheckpointerStats {
  started: boolean;
  /** The thread could not start or ended: SQLite checkpoints inline again. */
  failed: boolean;
  rounds: number;
  /** Frames copied while commits went on. */
  framesByThread: number;
  /** Passes run while the store's commits waited, so that the WAL starts over, and their frames. */
  heldPasses: number;
  framesWhileHeld: number;
  /** Rounds that found the WAL started over since the one before. */
  restarts: number;
}

/**
 * The worker's program (CommonJS, so that it runs the same from dist and from the TypeScript
 * sources under test): one connection to the same file and PASSIVE checkpoints, which wait for no
 * reader or writer. `round`: passes until few frames were committed during the last; `pass`: one.
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
  for (let pass = 1; message === 'round' && pass < workerData.passes; pass++) {
    const next = passive();
    // A WAL started over counts from 0 again.
    const committedMeanwhile = next.log >= result.log ? next.log - result.log : next.log;
    result = next;
    if (committedMeanwhile <= workerData.tailFrames) break;
  }
  parentPort.postMessage({ kind: message, log: result.log, checkpointed: result.checkpointed });
});
`;

/**
 * Watches the WAL of an SQLite store and, once it has reached the connection's `wal_autocheckpoint`
 * size (when SQLite would first checkpoint inline), checkpoints it from a worker thread every
 * CHECKPOINT_INTERVAL_MS, and the connection no longer does. A checkpoint from another connection
 * copies what was committed when it began, and SQLite starts the WAL over only at a write that
 * finds all of it copied — under steady load, never. So a round that leaves the WAL at
 * RESTART_FRAMES or more ends with one more pass while the store holds its connection's gate:
 * commits wait (the event loop does not), that pass copies the few frames committed meanwhile, and
 * the next write starts the WAL over. A store that never writes `wal_autocheckpoint` pages never
 * starts the thread (about 10 MB of memory) and keeps SQLite's own checkpoints; a thread that
 * fails gives them back. The size is looked at every CHECKPOINT_INTERVAL_MS, so a burst may still
 * have SQLite checkpoint once inline before the thread takes over.
 */
export class SqliteCheckpointer {
  readonly #access: SqliteAccess;
  readonly #file: string;
  readonly #walFile: string;
  readonly #startBytes: number;
  readonly #restartFrames: number;
  readonly #timer: NodeJS.Timeout;
  #worker: Worker | undefined;
  #inFlight = false;
  #holdingGate = false;
  #failed = false;
  #closing: Promise<void> | undefined;
  #lastCheckpointed = 0;
  #lastLog = 0;
  readonly #stats: Omit<CheckpointerStats, 'failed'> = { started: false, rounds: 0, framesByThread: 0, heldPasses: 0, framesWhileHeld: 0, restarts: 0 };

  /**
   * `startPages`: the WAL's size that starts the thread (default: the connection's
   * `wal_autocheckpoint`); `restartFrames`: the WAL's size from which a round ends with the held
   * pass (default RESTART_FRAMES, at least 1).
   */
  constructor(access: SqliteAccess, options: { intervalMs?: number; startPages?: number; restartFrames?: number } = {}) {
    this.#access = access;
    this.#file = access.database.name;
    this.#walFile = `${this.#file}-wal`;
    const pageSize = access.database.pragma('page_size', { simple: true }) as number;
    const startPages = options.startPages ?? (access.database.pragma('wal_autocheckpoint', { simple: true }) as number);
    // No automatic checkpoints (0): nothing to take over.
    this.#startBytes = startPages > 0 ? startPages * (pageSize + WAL_FRAME_HEADER_BYTES) : Number.POSITIVE_INFINITY;
    this.#restartFrames = Math.max(1, options.restartFrames ?? RESTART_FRAMES);
    this.#timer = setInterval(() => this.#tick(), options.intervalMs ?? CHECKPOINT_INTERVAL_MS);
    this.#timer.unref();
  }

  get stats(): CheckpointerStats {
    return { ...this.#stats, failed: this.#failed };
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
    // Referenced until it has ended: a command whose last step is closing the store waits for it
    // (unreferenced, its process would end first, with a close that never settled).
    worker.ref();
    worker.postMessage('close');
    await exited;
    // A held pass's reply that never came must not keep the store's commits waiting.
    this.#releaseGate();
  }

  #tick(): void {
    if (this.#closing || this.#failed || this.#inFlight) return;
    // Closed under us (a caller that closed the connection without closing this first).
    if (!this.#access.database.open) {
      void this.close();
      return;
    }
    if (!this.#worker) {
      if (this.#walBytes() < this.#startBytes) return;
      try {
        this.#startWorker();
      } catch {
        // No thread (memory, a missing driver): SQLite's own checkpoints go on as before.
        this.#failed = true;
        clearInterval(this.#timer);
        return;
      }
    }
    this.#inFlight = true;
    this.#worker?.postMessage('round');
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
    worker.on('message', (reply: CheckpointReply & { kind: 'round' | 'pass' }) => (reply.kind === 'round' ? this.#roundDone(reply) : this.#passDone(reply)));
    // While the thread runs, commits leave the WAL to it (SQLite would otherwise still copy it
    // inline whenever a round's WAL passed `wal_autocheckpoint`); a failed thread gives it back.
    const autocheckpoint = this.#access.database.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.#access.database.pragma('wal_autocheckpoint = 0');
    const failed = (): void => {
      this.#failed = true;
      clearInterval(this.#timer);
      this.#releaseGate();
      if (this.#access.database.open) this.#access.database.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    };
    worker.on('error', failed);
    worker.on('exit', () => {
      if (!this.#closing) failed();
    });
    this.#worker = worker;
    this.#stats.started = true;
  }

  #count(reply: CheckpointReply): number {
    const restarted = reply.log < this.#lastLog || reply.checkpointed < this.#lastCheckpointed;
    if (restarted) this.#stats.restarts++;
    const copied = reply.checkpointed - (restarted ? 0 : Math.min(this.#lastCheckpointed, reply.checkpointed));
    this.#lastLog = reply.log;
    this.#lastCheckpointed = reply.checkpointed;
    return copied;
  }

  #roundDone(reply: CheckpointReply): void {
    this.#stats.rounds++;
    this.#stats.framesByThread += this.#count(reply);
    if (reply.log < this.#restartFrames || this.#closing || this.#failed) {
      this.#inFlight = false;
      return;
    }
    // No commit runs while the gate is held, so this pass leaves the whole WAL copied.
    void this.#access.gate.lock().then(() => {
      this.#holdingGate = true;
      if (this.#closing || this.#failed) return this.#passDone(undefined);
      this.#worker?.postMessage('pass');
    });
  }

  #passDone(reply: CheckpointReply | undefined): void {
    if (reply) {
      this.#stats.heldPasses++;
      this.#stats.framesWhileHeld += this.#count(reply);
    }
    this.#releaseGate();
    this.#inFlight = false;
  }

  #releaseGate(): void {
    if (!this.#holdingGate) return;
    this.#holdingGate = false;
    this.#access.gate.unlock();
  }
}
