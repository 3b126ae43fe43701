import { type IpAddress } from './address.js';
import { type IpFamily } from './family.js';

/** An inclusive run of addresses of one family: what a CIDR, an `a-b` pool entry and a single address all are. */
export interface IpRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

export function rangeOfAddress(address: IpAddress): IpRange {
  return { family: address.family, first: address.value, last: address.value };
}

export function rangeSize(range: IpRange): bigint {
  return range.last - range.first + 1n;
}

/** True when every address of `inner` lies in `outer`; ranges of different families never contain each other. */
export function rangeContains(outer: IpRange, inner: IpRange | IpAddress): boolean {
  const candidate = 'value' in inner ? rangeOfAddress(inner) : inner;
  return outer.family === candidate.family && outer.first <= candidate.first && candidate.last <= outer.last;
}

export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

export function sameRange(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first === b.first && a.last === b.last;
}
