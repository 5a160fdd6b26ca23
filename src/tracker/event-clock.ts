// Rasa stamps each event with time.time() when it is made (and restamps a batch as it logs it), so
// the events of one turn have distinct, increasing timestamps at microsecond precision; a
// tracker's `?until=` cut then falls between them. We make a turn's events together and stamp
// them as one batch: the turn's time at microsecond precision, one microsecond more per event.

/** Float epoch seconds of an integer count of microseconds. */
export function secondsOfMicros(micros: number): number {
  return micros / 1_000_000;
}

/** The microsecond a float epoch-seconds timestamp falls on. */
export function microsOf(seconds: number): number {
  return Math.round(seconds * 1_000_000);
}

/**
 * Copies of `events` stamped in their order from `first` (microseconds): one microsecond apart,
 * with one microsecond left free after the event at `gapAfter` (the user message's place, for
 * Rasa's `user_featurization`, which readers put back: `withUserFeaturization`).
 */
export function stampedInOrder<T extends { timestamp: number }>(events: readonly T[], first: number, gapAfter = -1): T[] {
  return events.map((event, index) => ({ ...event, timestamp: secondsOfMicros(first + index + (gapAfter >= 0 && index > gapAfter ? 1 : 0)) }));
}

/**
 * Gives batches of event timestamps that never repeat in this process: a batch begins at its time
 * at microsecond precision or after the last microsecond given, whichever is later, and one
 * microsecond is left free after each batch, so a later batch never continues an earlier one's
 * sequence (the readers tell a turn's own events by it). Turns of one conversation run one at a
 * time (its lock), so its batches never interleave.
 */
export class EventClock {
  /** The first microsecond not given yet. */
  #next = Number.NEGATIVE_INFINITY;

  /** The first microsecond of a batch made at `now` (float epoch seconds). */
  begin(now: number): number {
    const first = Math.max(microsOf(now), this.#next);
    this.#next = Math.max(this.#next, first + 1);
    return first;
  }

  /** `stampedInOrder`, and the microseconds it used (and the one after) counted as given. */
  stamp<T extends { timestamp: number }>(events: readonly T[], first: number, gapAfter = -1): T[] {
    // The message's free microsecond counts even when nothing follows it in the batch.
    const used = events.length + (gapAfter >= 0 ? 1 : 0);
    this.#next = Math.max(this.#next, first + used + 1);
    return stampedInOrder(events, first, gapAfter);
  }
}
