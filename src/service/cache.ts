// A small bounded map with per-entry expiry, for the hot paths of the API (the body of a finished scan).
// Bounded by entries and by bytes: one result can be megabytes, so a count alone bounds nothing. Oldest
// entries go first when it is full; an entry larger than a quarter of the byte budget is not kept.
export interface BoundedCacheOptions<V> {
  maxEntries: number;
  ttlMs: number;
  /** Budget for the sum of `sizeOf(value)`; unbounded when absent. */
  maxBytes?: number;
  sizeOf?: (value: V) => number;
}

export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number; bytes: number }>();
  private bytes = 0;

  constructor(private readonly options: BoundedCacheOptions<V>) {}

  get enabled(): boolean {
    return this.options.maxEntries > 0 && this.options.ttlMs > 0;
  }

  /** Sum of the sizes of the entries held now. */
  get heldBytes(): number {
    return this.bytes;
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    if (!this.enabled) return;
    const { maxEntries, maxBytes = Infinity, sizeOf } = this.options;
    const bytes = sizeOf?.(value) ?? 0;
    this.delete(key);
    if (bytes > maxBytes / 4) return;
    while (this.entries.size > 0 && (this.entries.size >= maxEntries || this.bytes + bytes > maxBytes)) {
      this.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, { value, expires: now + this.options.ttlMs, bytes });
    this.bytes += bytes;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
