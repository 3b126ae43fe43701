/**
 * Kubernetes objects nest a few dozen levels (`check` refuses YAML flow nesting past 256 too). Deeper JSON still
 * parses, but the rules walk objects recursively and overflow the stack somewhere past a few thousand levels, which
 * would surface as an internal error; such an object is denied before any rule sees it.
 */
export const MAX_OBJECT_DEPTH = 256;

/** Whether arrays and objects in `value` nest deeper than `limit` levels; iterative, so any depth is safe to ask. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}
