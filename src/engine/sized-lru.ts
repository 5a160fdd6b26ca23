// A least-recently-used map held to a budget of bytes: each value is stored with an estimate of
// its size, and the least recently used values go once the total passes the budget. The value just
// stored always stays, even alone over the budget (it is in use), so the cache never thrashes on
// one large value.
export class SizedLru<K, V> {
  /** Map keeps insertion order: re-inserting marks an entry as the most recently used. */
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly budgetBytes: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The value without marking it used. */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.budgetBytes || oldest === key) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
      this.onEvict?.(oldest, entry.value);
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The estimated bytes held. */
  get bytes(): number {
    return this.total;
  }
}
