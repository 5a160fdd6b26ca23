import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRecord, Store } from '../store.js';
import { StoreConflictError, StoreNotFoundError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';

describe.each(storeVariants())('$name store: models', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
  });
  afterAll(() => variant.cleanup());

  it('starts a training with a placeholder version, then marks it ready with its artifact and the next version', async () => {
    const before = Date.now() / 1000;
    const started = await store.models.start(assistant.id);
    expect(started).toMatchObject({
      assistantId: assistant.id,
      version: -1,
      status: 'training',
      finishedAt: null,
      error: null,
      artifact: null,
    });
    expect(started.modelId).toMatch(/^\d{8}-\d{6}-[0-9a-f]{8}$/);
    expect(started.startedAt).toBeGreaterThanOrEqual(before - 1);
    expect(await store.models.latestReady(assistant.id)).toBeUndefined();

    const artifact = JSON.stringify({ format: 1, weights: [0.25, -1.5e-7], words: ['olá', 'pizza'] });
    const ready = await store.models.succeed(started.id, artifact);
    expect(ready).toEqual({ ...started, version: 1, status: 'ready', artifact, finishedAt: ready.finishedAt });
    expect(ready.finishedAt).toBeGreaterThanOrEqual(started.startedAt);
    expect(await store.models.latestReady(assistant.id)).toEqual(ready);
  });

  it('records a failure with its error', async () => {
    const started = await store.models.start(assistant.id);
    const failed = await store.models.fail(started.id, 'the assistant has no intents');
    expect(failed).toMatchObject({ id: started.id, status: 'failed', error: 'the assistant has no intents', artifact: null });
    expect(failed.finishedAt).not.toBeNull();
    expect(await store.models.latestReady(assistant.id)).toBeUndefined();
  });

  it('numbers ready versions per assistant without gaps and serves the newest ready one, ignoring failed and training ones', async () => {
    const other = await store.assistants.create({ serverName: 'acme', language: 'en' });
    const v1 = await store.models.start(assistant.id);
    const ready1 = await store.models.succeed(v1.id, 'one');
    const otherV1 = await store.models.start(other.id);
    const v2 = await store.models.start(assistant.id);
    const ready2 = await store.models.succeed(v2.id, 'two');
    const v3 = await store.models.start(assistant.id);
    const failed = await store.models.fail(v3.id, 'broken');
    const v4 = await store.models.start(assistant.id);

    expect([ready1.version, ready2.version]).toEqual([1, 2]);
    // Placeholders while training and once failed: a failed training takes no number.
    expect([failed.version, v4.version]).toEqual([-1, -2]);
    expect(otherV1.version).toBe(-1);
    expect(new Set([v1, v2, v3, v4, otherV1].map((model) => model.modelId)).size).toBe(5);
    expect(await store.models.latestReady(assistant.id)).toMatchObject({ id: v2.id, version: 2, artifact: 'two' });
    expect(await store.models.latestReady(other.id)).toBeUndefined();
    expect(await store.models.latestReadyId(assistant.id)).toBe(v2.id);
    expect(await store.models.latestReadyId(other.id)).toBeUndefined();
    expect(await store.models.get(v2.id)).toMatchObject({ id: v2.id, status: 'ready', artifact: 'two' });
    expect(await store.models.get(v4.id)).toMatchObject({ status: 'training', artifact: null });
    expect(await store.models.get(987654)).toBeUndefined();

    const listed = await store.models.list(assistant.id);
    expect(listed.map((model) => [model.version, model.status])).toEqual([
      [1, 'ready'],
      [2, 'ready'],
      [-1, 'failed'],
      [-2, 'training'],
    ]);
    expect(await store.models.list(other.id)).toEqual([otherV1]);
    // The training after the failed one is version 3, not 4.
    expect((await store.models.succeed(v4.id, 'three')).version).toBe(3);
  });

  it('gives trainings started and finished at once different placeholders and versions', async () => {
    const started = await Promise.all(Array.from({ length: 8 }, () => store.models.start(assistant.id)));
    expect(started.map((model) => model.version).sort((a, b) => b - a)).toEqual([-1, -2, -3, -4, -5, -6, -7, -8]);
    const ready = await Promise.all(started.map((model) => store.models.succeed(model.id, 'x')));
    expect(ready.map((model) => model.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('finishes a model only once', async () => {
    const started = await store.models.start(assistant.id);
    await store.models.fail(started.id, 'timeout');
    await expect(store.models.succeed(started.id, 'late')).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.models.fail(started.id, 'again')).rejects.toBeInstanceOf(StoreConflictError);
    expect(await store.models.list(assistant.id)).toMatchObject([{ status: 'failed', error: 'timeout', artifact: null }]);
  });

  it('refuses unknown assistants and models', async () => {
    await expect(store.models.start(assistant.id + 1000)).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(store.models.succeed(424242, 'x')).rejects.toBeInstanceOf(StoreNotFoundError);
    await expect(store.models.fail(424242, 'x')).rejects.toBeInstanceOf(StoreNotFoundError);
    expect(await store.models.list(assistant.id + 1000)).toEqual([]);
  });
});
