import { parseCidr, parseIp, parsePoolEntry, formatIp } from '../../net/index.js';

/** Structural equality of JSON values (what an UPDATE diff compares). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameJson(left[key], right[key])) return false;
  return true;
}

/** An IP as the network sees it: `10.2.0.1` and a differently written equal address compare equal. */
export function addressKey(value: unknown): unknown {
  const address = parseIp(value);
  return address.ok ? formatIp(address.value) : value;
}

export function cidrKey(value: unknown): unknown {
  const cidr = parseCidr(value);
  return cidr.ok ? cidr.value.canonical : value;
}

export function poolEntryKey(value: unknown): unknown {
  const entry = parsePoolEntry(value);
  return entry.ok ? entry.value.canonical : value;
}

export function mapList(value: unknown, key: (item: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map(key) : value;
}
