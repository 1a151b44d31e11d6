/**
 * A small per-process cache for data that changes rarely and is read on every declaration
 * (villages, a county's figures). Entries expire, so a change made by another process (the
 * admin CLI) is picked up within the TTL; changes made here invalidate at once.
 */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: K, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.value;
    const value = await load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expiresAt: Date.now() + this.ttlMs });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** One cache per database, so test apps (and tenants) never see each other's entries. */
export function perDatabase<D extends object, K, V>(ttlMs: number): (db: D) => TtlCache<K, V> {
  const caches = new WeakMap<D, TtlCache<K, V>>();
  return (db) => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = new TtlCache<K, V>(ttlMs)));
    return cache;
  };
}
