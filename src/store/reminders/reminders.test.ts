import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { AssistantRecord, Store } from '../store.js';
import { StoreConflictError, StoreNotFoundError } from '../store-errors.js';
import { openWithAssistant, storeVariants } from '../test-stores.js';
import type { NewReminder } from './reminder-store.js';

describe.each(storeVariants())('$name store: reminders', (variant) => {
  let store: Store;
  let assistant: AssistantRecord;
  beforeEach(async () => {
    ({ store, assistant } = await openWithAssistant(variant));
    await store.conversations.ensure(assistant.id, 'u1', 1);
    await store.conversations.ensure(assistant.id, 'u2', 1);
  });
  afterAll(() => variant.cleanup());

  const reminder = (senderId: string, name: string, dueAt: number, entities: unknown = null): NewReminder => ({
    assistantId: assistant.id,
    senderId,
    name,
    intent: 'lembrete',
    entities,
    dueAt,
    killOnUserMessage: true,
    outputChannel: null,
    scheduledAt: 1,
  });

  it('keeps one reminder per name and conversation, bounded, and claims each due one once', async () => {
    await store.reminders.schedule(assistant.id, 'u1', { remove: [], add: [reminder('u1', 'a', 10, { item: 'x' }), reminder('u1', 'b', 20)], max: 3 });
    await store.reminders.schedule(assistant.id, 'u2', { remove: [], add: [reminder('u2', 'a', 15)], max: 3 });
    // The same name replaces (a new row); another conversation's is its own.
    await store.reminders.schedule(assistant.id, 'u1', { remove: [], add: [reminder('u1', 'a', 12, [{ entity: 'item', value: 'y' }])], max: 3 });
    const listed = await store.reminders.list(assistant.id, 'u1');
    expect(listed.map((row) => [row.name, row.dueAt, row.entities, row.killOnUserMessage, row.outputChannel])).toEqual([
      ['a', 12, [{ entity: 'item', value: 'y' }], true, null],
      ['b', 20, null, true, null],
    ]);
    // Over the bound: refused whole.
    const refused = store.reminders.schedule(assistant.id, 'u1', { remove: [], add: [reminder('u1', 'c', 30), reminder('u1', 'd', 30)], max: 3 });
    await expect(refused).rejects.toBeInstanceOf(StoreConflictError);
    await expect(refused).rejects.toMatchObject({ code: 'too_many_reminders' });
    expect(await store.reminders.list(assistant.id, 'u1')).toHaveLength(2);
    // Removing makes room in the same change.
    await store.reminders.schedule(assistant.id, 'u1', { remove: [listed[1]!.id], add: [reminder('u1', 'c', 30), reminder('u1', 'd', 30)], max: 3 });
    expect((await store.reminders.list(assistant.id, 'u1')).map((row) => row.name)).toEqual(['a', 'c', 'd']);

    // Due by 15: u1's a and u2's a, soonest first; a second claimant finds them taken.
    const taken = await store.reminders.claimDue({ claimant: 'p1', limit: 10, now: 15, until: 75 });
    expect(taken.map((row) => [row.senderId, row.name, row.attempts])).toEqual([
      ['u1', 'a', 1],
      ['u2', 'a', 1],
    ]);
    expect(await store.reminders.claimDue({ claimant: 'p2', limit: 10, now: 16, until: 76 })).toEqual([]);
    // A crashed claimant's claim ends: taken over, counting an attempt.
    expect((await store.reminders.claimDue({ claimant: 'p2', limit: 1, now: 80, until: 140 })).map((row) => [row.name, row.attempts])).toEqual([['a', 2]]);
    await store.reminders.delete(taken.map((row) => row.id));
    expect((await store.reminders.list(assistant.id, 'u1')).map((row) => row.name)).toEqual(['c', 'd']);
  });

  it("goes with its conversation (a user's erasure) and needs one", async () => {
    await store.reminders.schedule(assistant.id, 'u1', { remove: [], add: [reminder('u1', 'a', 10)], max: 3 });
    await store.analytics.eraseSender(assistant.id, 'u1');
    expect(await store.reminders.list(assistant.id, 'u1')).toEqual([]);
    await expect(store.reminders.schedule(assistant.id, 'nobody', { remove: [], add: [reminder('nobody', 'a', 10)], max: 3 })).rejects.toBeInstanceOf(StoreNotFoundError);
  });
});
