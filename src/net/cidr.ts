import { type IpAddress, LEADING_ZEROS, formatIp, parseIp } from './address.js';
import { type IpFamily, type Parsed, familyBits, parsed, refused } from './family.js';
import { BoundedMemo, deepFreeze } from './parse-cache.js';
import { type IpRange } from './range.js';

/** A network: `first` is the network address with the host bits cleared, `last` the highest address. */
export interface Cidr extends IpRange {
  readonly prefix: number;
}

/** A parsed CIDR and how it should have been written; `canonical !== text` means the input was not canonical (D5). */
export interface ParsedCidr {
  readonly cidr: Cidr;
  readonly canonical: string;
  /** The address as written had bits set beyond the prefix length. */
  readonly hostBitsSet: boolean;
}

export const CIDR_EXAMPLE = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const PREFIX_TEXT = /^(0|[1-9][0-9]{0,2})$/;

const parsedCidrs = new BoundedMemo<string, Parsed<ParsedCidr>>(16_384);

export function parseCidr(text: unknown): Parsed<ParsedCidr> {
  if (typeof text !== 'string' || text.length > 100) return parseCidrText(text);
  return parsedCidrs.get(text, (key) => deepFreeze(parseCidrText(key)));
}

function parseCidrText(text: unknown): Parsed<ParsedCidr> {
  if (typeof text !== 'string') return refused(CIDR_EXAMPLE);
  const slash = text.indexOf('/');
  if (slash < 0 || slash !== text.lastIndexOf('/')) return refused(CIDR_EXAMPLE);
  const prefixText = text.slice(slash + 1);
  const address = parseIp(text.slice(0, slash));
  if (!address.ok) return address.reason === LEADING_ZEROS
    ? refused('must not have leading 0s in IP or prefix length')
    : refused(address.reason === CIDR_EXAMPLE ? CIDR_EXAMPLE : `${CIDR_EXAMPLE}: ${address.reason}`);
  if (!PREFIX_TEXT.test(prefixText)) {
    return /^[0-9]+$/.test(prefixText) ? refused('must not have leading 0s in IP or prefix length') : refused(CIDR_EXAMPLE);
  }
  const prefix = Number(prefixText);
  if (prefix > familyBits(address.value.family)) return refused(CIDR_EXAMPLE);
  const cidr = cidrOf(address.value, prefix);
  const canonical = formatCidr(cidr);
  return parsed({ cidr, canonical, hostBitsSet: cidr.first !== address.value.value });
}

/** The network of `prefix` bits around `address`. */
export function cidrOf(address: IpAddress, prefix: number): Cidr {
  const hostBits = BigInt(familyBits(address.family) - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const first = address.value & ~hostMask;
  return { family: address.family, prefix, first, last: first | hostMask };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.first })}/${cidr.prefix}`;
}

export function hostBits(cidr: Cidr): number {
  return familyBits(cidr.family) - cidr.prefix;
}

export function cidrSize(cidr: Cidr): bigint {
  return 1n << BigInt(hostBits(cidr));
}

export function sameCidr(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.prefix === b.prefix && a.first === b.first;
}

export function familyOfCidr(cidr: Cidr): IpFamily {
  return cidr.family;
}
