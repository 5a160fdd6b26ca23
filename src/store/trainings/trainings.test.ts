import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from '../create-store.js';
import type { AssistantRecord, Store } from '../store.js';
import { StoreConflictError, StoreNotFoundError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: trainings', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  const now = () => Date.now() / 1000;

  it('records a training only when none is scheduled or running (createIfIdle), once of several at once', async () => {
    const input = { assistantId: assistant.id, scope: 'complete' as const, scheduledFor: now(), requestedBy: 'first-start' };
    const created = await Promise.all([store.trainings.createIfIdle(input), store.trainings.createIfIdle(input), store.trainings.createIfIdle(input)]);
    expect(created.filter((training) => training !== undefined)).toHaveLength(1);
    await store.trainings.claimDue(now(), 'process-a');
    expect(await store.trainings.createIfIdle(input)).toBeUndefined();
    const [running] = await store.trainings.list(assistant.id);
    await store.trainings.finish(running!.id, { status: 'failed', problems: [], modelVersion: null, modelId: null, now: now() });
    expect(await store.trainings.createIfIdle(input)).toMatchObject({ status: 'scheduled', requestedBy: 'first-start' });
  });

  it('gives back a training its claimant stopped: scheduled again, unclaimed, claimable at once', async () => {
    const training = await store.trainings.create({ assistantId: assistant.id, scope: 'complete', scheduledFor: now(), requestedBy: 'operator' });
    await store.trainings.claimDue(now(), 'process-a');
    await store.trainings.reportProgress(training.id, 30, 'training the classifier', now());
    // Only its claimant gives it back.
    expect(await store.trainings.release(training.id, 'process-b')).toBeUndefined();
    const released = await store.trainings.release(training.id, 'process-a');
    expect(released).toMatchObject({ status: 'scheduled', claimedBy: null, startedAt: null, heartbeatAt: null, progress: 0, phase: null });
    expect(await store.trainings.release(training.id, 'process-a')).toBeUndefined();
    expect(await store.trainings.claimDue(now(), 'process-b')).toMatchObject({ id: training.id, status: 'running', claimedBy: 'process-b' });
  });

  it('records a training from scheduled through running to succeeded, newest first in the history', async () => {
    const first = await store.trainings.create({ assistantId: assistant.id, scope: 'complete', scheduledFor: now(), requestedBy: 'operator' });
    expect(first).toMatchObject({ status: 'scheduled', scope: 'complete', progress: 0, problems: [], startedAt: null, modelVersion: null });
    const later = await store.trainings.create({ assistantId: assistant.id, scope: 'skills', scheduledFor: now() + 3600, requestedBy: 'ana' });
    const claimed = await store.trainings.claimDue(now(), 'process-a');
    expect(claimed).toMatchObject({ id: first.id, status: 'running', claimedBy: 'process-a' });
    // The later one is not due; the first is running.
    expect(await store.trainings.claimDue(now(), 'process-a')).toBeUndefined();
    await store.trainings.reportProgress(first.id, 42.4, 'training the classifier', now());
    expect(await store.trainings.get(first.id)).toMatchObject({ progress: 42, phase: 'training the classifier' });
    const done = await store.trainings.finish(first.id, {
      status: 'succeeded',
      problems: [{ level: 'warning', message: 'intent "oi" has 2 different phrases' }],
      modelVersion: 3,
      modelId: '20260101-000000-abcd0123',
      now: now(),
    });
    expect(done).toMatchObject({ status: 'succeeded', progress: 100, modelVersion: 3, phase: null, problems: [{ level: 'warning' }] });
    expect(done.finishedAt).not.toBeNull();
    await expect(store.trainings.finish(first.id, { status: 'failed', problems: [], modelVersion: null, modelId: null, now: now() })).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    expect((await store.trainings.list(assistant.id)).map((training) => training.id)).toEqual([later.id, first.id]);
  });

  it('cancels only a scheduled training', async () => {
    const training = await store.trainings.create({ assistantId: assistant.id, scope: 'dialogues', scheduledFor: now() + 60, requestedBy: 'operator' });
    expect(await store.trainings.cancel(training.id, now())).toMatchObject({ status: 'cancelled' });
    await expect(store.trainings.cancel(training.id, now())).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.trainings.cancel(98765, now())).rejects.toBeInstanceOf(StoreNotFoundError);
    expect(await store.trainings.claim(training.id, now(), 'p')).toBeUndefined();
    await expect(store.trainings.create({ assistantId: 98765, scope: 'complete', scheduledFor: now(), requestedBy: 'x' })).rejects.toBeInstanceOf(StoreNotFoundError);
  });

  it('gives each due training to one claimant only, even when two processes claim at once', async () => {
    // Two connections to one database: two app processes. (Two SQLite connections in one thread
    // would wait on each other's write lock synchronously; there, one connection claims concurrently.)
    const location = await variant.location();
    const one = await createStore(location);
    const two = variant.name === 'postgres' ? await createStore(location) : one;
    try {
      await one.servers.create({ name: 'acme' });
      const targets = [await one.assistants.create({ serverName: 'acme', language: 'pt' }), await one.assistants.create({ serverName: 'acme', language: 'en' })];
      for (const target of [...targets, ...targets]) {
        await one.trainings.create({ assistantId: target.id, scope: 'complete', scheduledFor: now() - 1, requestedBy: 'operator' });
      }
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? one : two).trainings.claimDue(now(), `p${i}`)));
      const claimed = claims.filter((claim) => claim !== undefined);
      expect(new Set(claimed.map((claim) => claim.id)).size).toBe(claimed.length);
      // At most one running training per assistant.
      const running = [...(await one.trainings.list(targets[0]!.id)), ...(await one.trainings.list(targets[1]!.id))].filter((t) => t.status === 'running');
      expect(running.length).toBe(claimed.length);
      expect(new Set(running.map((t) => t.assistantId)).size).toBe(running.length);
      expect(claimed.length).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('fails trainings whose process stopped renewing them, with the reason', async () => {
    const training = await store.trainings.create({ assistantId: assistant.id, scope: 'complete', scheduledFor: now() - 600, requestedBy: 'operator' });
    await store.trainings.claim(training.id, now() - 600, 'crashed');
    const alive = await store.trainings.create({ assistantId: (await store.assistants.create({ serverName: 'acme', language: 'es' })).id, scope: 'complete', scheduledFor: now(), requestedBy: 'operator' });
    await store.trainings.claim(alive.id, now(), 'alive');
    await store.trainings.heartbeat('alive', now());
    const failed = await store.trainings.failAbandoned(now() - 60, 'the process running it stopped', now());
    expect(failed.map((record) => record.id)).toEqual([training.id]);
    expect(await store.trainings.get(training.id)).toMatchObject({ status: 'failed', problems: [{ level: 'error', message: 'the process running it stopped' }] });
    expect(await store.trainings.get(alive.id)).toMatchObject({ status: 'running' });
  });
});

