/** Structural equality of JSON values, key order ignored, an undefined key the same as a missing one (UPDATE diffs). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  const otherKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  // Own keys only: a decoded `"__proto__"` key must not be compared with the other side's prototype.
  return keys.length === otherKeys.length
    && keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]));
}

function specOf(object: unknown): unknown {
  return typeof object === 'object' && object !== null && !Array.isArray(object) ? (object as { spec?: unknown }).spec : undefined;
}

/** Whether an UPDATE leaves `spec` as it was: a metadata-only update (a controller's finalizer, labels). */
export function sameSpec(object: unknown, oldObject: unknown): boolean {
  return sameJson(specOf(object), specOf(oldObject));
}
