/**
 * Kubernetes objects nest a few dozen levels (`check` refuses YAML flow nesting past 256 too). Deeper JSON still
 * parses, but the rules walk objects recursively and overflow the stack somewhere past a few thousand levels, which
 * would surface as an internal error; such an object is denied before any rule sees it.
 */
export const MAX_OBJECT_DEPTH = 256;

/**
 * Whether arrays and objects in `value` nest deeper than `limit` levels. Recursive but bounded: it descends at most
 * `limit` levels before answering, so any input depth is safe to ask, and it allocates nothing (it runs on both
 * objects of every review).
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit <= 0) return true;
  if (Array.isArray(value)) {
    for (const child of value) if (nestsDeeperThan(child, limit - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (nestsDeeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  }
  return false;
}
