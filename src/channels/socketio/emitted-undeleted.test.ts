import { describe, expect, it } from 'vitest';
import { EmittedUndeleted } from './emitted-undeleted.js';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('the rows a web chat process emitted but has not deleted', () => {
  it('keeps each with its handover until it is removed (deleted, or found gone)', async () => {
    const rows = new EmittedUndeleted();
    const handover = Promise.resolve(true);
    rows.add([1, 2], handover);
    expect(rows.handover(1)).toBe(handover);
    await settled();
    expect(rows.left()).toEqual([1, 2]);
    rows.remove(1);
    expect([rows.handover(1), rows.left(), rows.size]).toEqual([undefined, [2], 1]);
  });

  it('forgets those Redis refused (to be emitted again), and lists for deleting only those whose emits have left', async () => {
    const rows = new EmittedUndeleted();
    let answer = (_left: boolean): void => undefined;
    rows.add([1], new Promise<boolean>((resolve) => (answer = resolve)));
    rows.add([2, 3], Promise.resolve(false));
    rows.add([4], Promise.reject(new Error('connection closed')));
    await settled();
    expect([rows.size, rows.left()]).toEqual([1, []]);
    answer(true);
    await settled();
    expect(rows.left()).toEqual([1]);
  });

  it('holds at most its cap, forgetting the oldest first', async () => {
    const rows = new EmittedUndeleted(3);
    for (let id = 1; id <= 5; id++) rows.add([id], Promise.resolve(true));
    rows.add([6, 7], Promise.resolve(true));
    await settled();
    expect(rows.size).toBe(3);
    expect(rows.left()).toEqual([5, 6, 7]);
  });

  it('a row emitted again is remembered with its latest handover', async () => {
    const rows = new EmittedUndeleted();
    rows.add([1], Promise.resolve(false));
    const again = Promise.resolve(true);
    rows.add([1], again);
    await settled();
    expect([rows.handover(1), rows.left()]).toEqual([again, [1]]);
  });
});
