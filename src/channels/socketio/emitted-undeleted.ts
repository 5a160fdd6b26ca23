// The kept web chat replies (agents' replies, socketio-channel.ts) this process emitted but has not
// deleted yet: the store failed the delete, or Redis has not taken the emit yet. Each row's entry
// holds its emit's handover (resolves true once the emit has left this process), so that the next
// delivery that claims the row deletes it without emitting it again, and the sweep deletes those
// whose emit has left even when no tab of the session comes back.
//
// Bounded: an entry leaves once its row is deleted (or found gone), once Redis refused its emit
// (the row is then emitted again), and the oldest leave first past `max` entries. An entry that
// leaves early only costs a second emit of its row (at least once, never lost), never a lost one.

/** At most this many rows are remembered; past it the oldest are forgotten (emitted again if claimed again). */
export const MAX_EMITTED_UNDELETED = 10_000;

interface Entry {
  handover: Promise<boolean>;
  /** The handover's answer once it has one. */
  left?: boolean;
}

export class EmittedUndeleted {
  readonly #entries = new Map<number, Entry>();
  readonly #max: number;

  constructor(max = MAX_EMITTED_UNDELETED) {
    this.#max = max;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The handover of the row's emit, when this process emitted it and has not deleted it. */
  handover(id: number): Promise<boolean> | undefined {
    return this.#entries.get(id)?.handover;
  }

  /** Rows emitted together, with the handover of their emits (one for all of them). */
  add(ids: readonly number[], handover: Promise<boolean>): void {
    const added = ids.map((id) => {
      const entry: Entry = { handover };
      this.#entries.delete(id);
      this.#entries.set(id, entry);
      return [id, entry] as const;
    });
    // Refused by Redis: those emits may not have been taken, so the rows are to be emitted again.
    void handover.then(
      (left) => this.#settle(added, left),
      () => this.#settle(added, false),
    );
    for (const id of this.#entries.keys()) {
      if (this.#entries.size <= this.#max) break;
      this.#entries.delete(id);
    }
  }

  /** The row was deleted, found gone, or is to be emitted again. */
  remove(id: number): void {
    this.#entries.delete(id);
  }

  /** The rows whose emits have left this process: only their deletes are owed. */
  left(): number[] {
    return [...this.#entries].filter(([, entry]) => entry.left === true).map(([id]) => id);
  }

  #settle(added: ReadonlyArray<readonly [number, Entry]>, left: boolean): void {
    for (const [id, entry] of added) {
      if (this.#entries.get(id) !== entry) continue;
      if (left) entry.left = true;
      else this.#entries.delete(id);
    }
  }
}
