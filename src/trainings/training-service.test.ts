// A training that fails for a reason of our own (not a TrainingError: a bug, a disk, a library)
// records a fixed problem, `internal`, whose text says nothing of the cause — anyone who may see
// the assistant's training history reads it, viewers included — and the cause goes to the log.
import pino from 'pino';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Trainer } from '../engine/trainer.js';
import { createStore } from '../store/create-store.js';
import type { StoreConfig } from '../store/store-config.js';
import type { Store } from '../store/store.js';
import { storeVariants } from '../store/test-stores.js';
import { TrainingNotifier } from './training-notifier.js';
import { TrainingService } from './training-service.js';

const [sqlite] = storeVariants().filter((variant) => variant.name === 'sqlite');
let store: Store;
let location: StoreConfig;

beforeAll(async () => {
  location = await sqlite!.location();
  store = await createStore(location);
  await store.servers.create({ name: 'acme' });
  await store.assistants.create({ serverName: 'acme', language: 'pt' });
});
afterAll(async () => {
  await store.close();
  await sqlite!.cleanup();
});

/** A trainer whose training fails as a bug would: an Error whose message holds internals. */
class BrokenTrainer extends Trainer {
  override train(): never {
    throw new Error("ENOENT: no such file or directory, open '/srv/helper/internal/models/tmp-77.bin'");
  }
}

describe('a training that fails unexpectedly', () => {
  it('records the internal problem without the cause, which only the log has', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) }));
    const trainer = Object.create(BrokenTrainer.prototype) as Trainer;
    const service = new TrainingService({ store, trainer, notifier: new TrainingNotifier({ from: 'helper@example.org', logger }), logger });
    const assistant = await store.assistants.get('acme', 'pt');
    expect(assistant).toBeDefined();
    const finished = await service.runNow(assistant!, 'complete', 'admin');
    expect(finished.status).toBe('failed');
    expect(finished.problems).toEqual([{ level: 'error', code: 'internal', message: expect.any(String) }]);
    const recorded = JSON.stringify(await store.trainings.get(finished.id));
    expect(recorded).not.toMatch(/ENOENT|\/srv\/helper|tmp-77/);
    expect(lines.some((line) => line.includes('training failed unexpectedly') && line.includes('tmp-77.bin'))).toBe(true);
  });
});
