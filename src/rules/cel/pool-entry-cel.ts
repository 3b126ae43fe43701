import { addressSortKey, bind, canonicalCidr, canonicalIp, cidrSpan, ipFamily, isIp } from './cel-expressions.js';

/**
 * Load-balancer pool entries in CEL (src/net/pool-entry.ts): a CIDR or a range `a-b`, both read into a span
 * `[family, first key, last key]` (cel-expressions.ts), so containment and overlap are string comparisons.
 */

/** `[text, family, first, last]` for a readable CIDR, `[text]` otherwise. */
export function locatedCidrSpan(text: string): string {
  return bind(cidrSpan(text), 'span', `size(span) == 3 ? [string(${text})] + span : [string(${text})]`);
}

/** parsePoolEntry: a strict CIDR, or two strict addresses of one family with start ≤ end (no spaces: isIP refuses them). */
export function poolEntrySpan(entry: string): string {
  const range = bind(`${entry}.split('-')`, 's', `size(s) == 2 && ${isIp('s[0]')} && ${isIp('s[1]')} && ${ipFamily('s[0]')} == ${ipFamily('s[1]')}`
    + ` ? ${bind(`[${addressSortKey('s[0]')}, ${addressSortKey('s[1]')}]`, 'k', `k[0] <= k[1] ? [string(${entry}), string(${ipFamily('s[0]')}), string(k[0]), string(k[1])] : [string(${entry})]`)} : [string(${entry})]`);
  return `(${entry}.contains('/') ? ${locatedCidrSpan(entry)} : ${range})`;
}

/** How a readable entry is best written (PoolEntry.canonical). */
export function poolEntryCanonical(entry: string): string {
  return `(${entry}.contains('/') ? ${canonicalCidr(entry)} : ${canonicalIp(`${entry}.split('-')[0]`)} + '-' + ${canonicalIp(`${entry}.split('-')[1]`)})`;
}
