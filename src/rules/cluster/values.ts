import { parseCidr, parseIp, parsePoolEntry, formatIp } from '../../net/index.js';


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
