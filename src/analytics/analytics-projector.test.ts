// The projector's share of the event loop: batches sized to what is left of a round's budget, so
// a saturated process gives the projection its 5 % and no more, and an idle one catches up.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRecord, Store } from '../store/store.js';
import { openWithAssistant, storeVariants } from '../store/test-stores.js';
import { AnalyticsProjector, MIN_BATCH } from './analytics-projector.js';
import { sessionStart, turnEvents } from './turn-events.js';

const T0 = 1_750_000_000;
const TURNS = 120;

describe.each(storeVariants())('$name store: the analytics projector', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
    const model = await store.models.start(assistant.id);
    await store.models.succeed(model.id, '{}');
    for (let turn = 0; turn < TURNS; turn++) {
      const at = T0 + turn * 10;
      await store.conversations.append(assistant.id, `user-${turn}`, [...sessionStart(at, model.modelId), ...turnEvents({ text: `mensagem ${turn}`, intent: 'saudacao', confidence: 0.9, skill: 'ola', timestamp: at + 1, modelId: model.modelId })]);
    }
  });
  afterAll(() => variant.cleanup());

  it('with no budget left, a round projects one smallest batch and stops; the next rounds go on from there', async () => {
    const projector = new AnalyticsProjector(store, { batchSize: 500, roundBudgetMs: 0, lagSeconds: 0 });
    const sessions = async () => (await store.analytics.listSessions({ assistantId: assistant.id, from: T0 - 10, to: T0 + TURNS * 10, sort: 'started_at', direction: 'desc', limit: 500 })).length;
    await projector.round();
    const first = await store.analytics.cursor();
    expect(first).toBeGreaterThan(0);
    // At most MIN_BATCH events read: each session here is several projected events.
    expect(await sessions()).toBeGreaterThan(0);
    expect(await sessions()).toBeLessThanOrEqual(MIN_BATCH);
    expect(first).toBeLessThan(await store.analytics.latestEventId());
    await projector.round();
    expect(await store.analytics.cursor()).toBeGreaterThan(first);
    await projector.catchUp();
    expect(await store.analytics.cursor()).toBe(await store.analytics.latestEventId());
    expect(await sessions()).toBe(TURNS);
  });

  it('with budget to spare, one round projects everything in batches no larger than the maximum', async () => {
    const projector = new AnalyticsProjector(store, { batchSize: MIN_BATCH * 2, roundBudgetMs: 60_000, lagSeconds: 0 });
    await projector.round();
    expect(await store.analytics.cursor()).toBe(await store.analytics.latestEventId());
  });
});
