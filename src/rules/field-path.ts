/** `spec.a.b[1]`, `metadata.labels[example.com/x]` → `['spec', 'a', 'b', 1]`, `['metadata', 'labels', 'example.com/x']`. */
export function fieldSteps(field: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const match of field.matchAll(/([^.[\]]+)|\[([^\]]*)\]/g)) {
    if (match[1] !== undefined) steps.push(match[1]);
    else steps.push(/^\d+$/.test(match[2] ?? '') ? Number(match[2]) : (match[2] ?? ''));
  }
  return steps;
}

/** The value a cause's field path names in a decoded object; undefined where the path leaves the object. */
export function valueAt(object: unknown, field: string): unknown {
  let value = object;
  for (const step of fieldSteps(field)) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (Array.isArray(value)) {
      if (typeof step !== 'number') return undefined;
      value = value[step];
    } else {
      // Own keys only: a path segment `__proto__` must not reach the prototype.
      const key = String(step);
      value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    }
  }
  return value;
}
