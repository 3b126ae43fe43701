/**
 * A bounded memo for the pure parsers and formatters of src/net. The rules read the same few addresses of a Cluster
 * many times per review (every overlap and containment check re-reads its fields), and the webhook sees the same
 * Cluster over and over; parsing dominated a review's cost. Results are frozen, so sharing them is safe.
 */
export class BoundedMemo<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K, compute: (key: K) => V): V {
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    // Dropping everything at the limit keeps the memo O(1) and bounded; hostile input cannot grow it without end.
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
