// A map bounded by the bytes its values hold rather than by their number: SAM embeddings, CLIP features and
// refinement logits differ a thousandfold in size, and memory is what runs out.

export class ByteLru<K, V> {
  // A Map iterates in insertion order, so re-inserting on use keeps the least recently used entry first.
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(
    readonly maxBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {
    if (!(maxBytes >= 0)) throw new Error(`ByteLru: maxBytes must be ≥ 0, got ${maxBytes}`);
  }

  /** Bytes held by the entries now. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /**
   * Stores the value as the most recently used and evicts the least recently used until the bytes fit. A value
   * larger than the whole budget is not kept (it would evict everything and then itself); returns whether it was.
   */
  set(key: K, value: V): boolean {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (!(bytes >= 0)) throw new Error(`ByteLru: size of an entry must be ≥ 0, got ${bytes}`);
    if (bytes > this.maxBytes) return false;
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
    return true;
  }

  delete(key: K): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.total -= entry.bytes;
    return true;
  }

  /** Keys from least to most recently used. */
  keys(): K[] {
    return [...this.entries.keys()];
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
