import ipaddr from 'ipaddr.js';
import { type IpFamily, type Parsed, parsed, refused } from './family.js';
import { BoundedMemo, deepFreeze } from './parse-cache.js';

/** An IP address as a number, so containment and overlap are plain comparisons. */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

// Longest textual IPv6 address with an embedded IPv4 tail is 45 characters; anything much longer is hostile input.
const MAX_ADDRESS_TEXT = 64;
const DECIMAL_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const IPV6_TEXT = /^[0-9a-fA-F:.]+$/;

export const ADDRESS_EXAMPLE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
export const LEADING_ZEROS = 'must not have leading 0s in IP address';
export const ZONE_ID = 'must not have an IPv6 zone ID';

/**
 * Strict parsing (docs/rules.md D17), as Go's net/netip does it: IPv4 only in four-part decimal without leading zeros,
 * no IPv6 zone IDs, and an IPv4-mapped IPv6 address is not IPv6.
 */
const parsedAddresses = new BoundedMemo<string, Parsed<IpAddress>>(16_384);
const formattedIpv4 = new BoundedMemo<bigint, string>(16_384);
const formattedIpv6 = new BoundedMemo<bigint, string>(16_384);

export function parseIp(text: unknown): Parsed<IpAddress> {
  if (typeof text !== 'string' || text.length > MAX_ADDRESS_TEXT) return parseIpText(text);
  return parsedAddresses.get(text, (key) => deepFreeze(parseIpText(key)));
}

function parseIpText(text: unknown): Parsed<IpAddress> {
  if (typeof text !== 'string' || text.length === 0) return refused(ADDRESS_EXAMPLE);
  if (text.length > MAX_ADDRESS_TEXT) return refused(`${ADDRESS_EXAMPLE}: too long`);
  if (text.includes('%')) return refused(ZONE_ID);
  if (text.includes(':')) return parseIpv6(text);
  return parseIpv4(text);
}

function parseIpv4(text: string): Parsed<IpAddress> {
  const octets = text.split('.');
  if (octets.length !== 4) return refused(ADDRESS_EXAMPLE);
  let value = 0n;
  for (const octet of octets) {
    if (!DECIMAL_OCTET.test(octet)) {
      return /^[0-9]+$/.test(octet) ? refused(LEADING_ZEROS) : refused(ADDRESS_EXAMPLE);
    }
    const number = Number(octet);
    if (number > 255) return refused(ADDRESS_EXAMPLE);
    value = (value << 8n) | BigInt(number);
  }
  return parsed({ family: 'IPv4', value });
}

function parseIpv6(text: string): Parsed<IpAddress> {
  if (!IPV6_TEXT.test(text)) return refused(ADDRESS_EXAMPLE);
  const hexadecimal = withHexadecimalTail(text);
  if (hexadecimal === undefined || !ipaddr.IPv6.isValid(hexadecimal)) return refused(ADDRESS_EXAMPLE);
  const address = ipaddr.IPv6.parse(hexadecimal);
  if (address.isIPv4MappedAddress()) return refused('must not be an IPv4-mapped IPv6 address');
  let value = 0n;
  for (const part of address.parts) value = (value << 16n) | BigInt(part);
  return parsed({ family: 'IPv6', value });
}

/**
 * `1:2::1.2.3.4` → `1:2::102:304`: the dotted tail, parsed strictly, as two hexadecimal groups; undefined when the
 * tail is not a strict IPv4 address. ipaddr.js must not see the dotted form: it reads the deprecated IPv4-compatible
 * `::1.2.3.4` as the IPv4-mapped `::ffff:1.2.3.4`, where Go (net/netip, so Kubernetes) reads `::102:304`.
 */
function withHexadecimalTail(text: string): string | undefined {
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (!tail.includes('.')) return text;
  const ipv4 = parseIpv4(tail);
  if (!ipv4.ok) return undefined;
  const high = (ipv4.value.value >> 16n).toString(16);
  const low = (ipv4.value.value & 0xffffn).toString(16);
  return `${text.slice(0, lastColon + 1)}${high}:${low}`;
}

/** Canonical text: dotted decimal, or RFC 5952 (lower-case, longest zero run compressed) as Go prints it. */
export function formatIp(address: IpAddress): string {
  return address.family === 'IPv4'
    ? formattedIpv4.get(address.value, () => formatIpText(address))
    : formattedIpv6.get(address.value, () => formatIpText(address));
}

function formatIpText(address: IpAddress): string {
  if (address.family === 'IPv4') {
    const octets: number[] = [];
    for (let shift = 24n; shift >= 0n; shift -= 8n) octets.push(Number((address.value >> shift) & 0xffn));
    return octets.join('.');
  }
  const parts: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) parts.push(Number((address.value >> shift) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

export function sameAddress(a: IpAddress, b: IpAddress): boolean {
  return a.family === b.family && a.value === b.value;
}
