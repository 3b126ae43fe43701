/**
 * Small builders of CEL text (Kubernetes CEL, the IP/CIDR library of 1.31): the pieces the rules' CEL is written
 * with. Each takes CEL expressions and returns one, so a rule's CEL reads like its TypeScript. Facts about the
 * library (what `cidr()` accepts, the containsCIDR bug before 1.33): docs/vap.md.
 */

/** A CEL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `root.?a.?b.orValue(fallback)`: a field that may be unset, read without an error. */
export function path(root: string, dotted: string, fallback = 'null'): string {
  return `${root}${dotted.split('.').map((key) => `.?${key}`).join('')}.orValue(${fallback})`;
}

/** A list field, `[]` when unset. */
export function list(root: string, dotted: string): string {
  return path(root, dotted, '[]');
}

/** The value quoted as Go's `%q` prints a plain string (the messages' `Invalid value: "x"`). */
export function quoted(expression: string): string {
  return `'"' + ${expression} + '"'`;
}

/** D17: parses strictly (no leading zeros, zones or IPv4-mapped IPv6), as our own parser. */
export function isCidr(text: string): string {
  return `isCIDR(${text})`;
}

export function isIp(text: string): string {
  return `isIP(${text})`;
}

/** 4 or 6; only after isCidr. */
export function cidrFamily(text: string): string {
  return `cidr(${text}).ip().family()`;
}

export function ipFamily(text: string): string {
  return `ip(${text}).family()`;
}

export function isCidrOfFamily(text: string, family: 4 | 6): string {
  return `(${isCidr(text)} && ${cidrFamily(text)} == ${family})`;
}

export function isIpOfFamily(text: string, family: 4 | 6): string {
  return `(${isIp(text)} && ${ipFamily(text)} == ${family})`;
}

export function prefixOf(text: string): string {
  return `cidr(${text}).prefixLength()`;
}

/** VP-5: `cidr()` keeps host bits and normalizes case and compression; the canonical text is the masked one. */
export function canonicalCidr(text: string): string {
  return `string(cidr(${text}).masked())`;
}

export function isCanonicalCidr(text: string): string {
  return `(${isCidr(text)} && ${canonicalCidr(text)} == ${text})`;
}

/** The address as Go prints it (lower-case, compressed). */
export function canonicalIp(text: string): string {
  return `string(ip(${text}))`;
}

/**
 * `outer` contains `inner` (both CIDR texts that parse). VP-5: `containsCIDR` was wrong before 1.33 when the network
 * addresses differ; this form is right on every 1.31+ patch.
 */
export function cidrContainsCidr(outer: string, inner: string): string {
  return `(cidr(${outer}).containsIP(cidr(${inner}).masked().ip()) && cidr(${outer}).prefixLength() <= cidr(${inner}).prefixLength())`;
}

/** Two CIDRs overlap exactly when one contains the other's network address and is at least as wide. */
export function cidrsOverlap(a: string, b: string): string {
  return `(${cidrContainsCidr(a, b)} || ${cidrContainsCidr(b, a)})`;
}

export function cidrContainsIp(outer: string, address: string): string {
  return `cidr(${outer}).containsIP(ip(${address}))`;
}

/** The same CIDR as networks: same family, prefix and network address. */
export function sameCidr(a: string, b: string): string {
  return `(${canonicalCidr(a)} == ${canonicalCidr(b)})`;
}

/** A CIDR list as the network sees it: each parseable entry canonical, the others as written (C-20's cidrKey). */
export function cidrKeys(listExpression: string, variable = 'k'): string {
  return `${listExpression}.map(${variable}, ${isCidr(variable)} ? ${canonicalCidr(variable)} : ${variable})`;
}

/** An address as the network sees it (C-20's addressKey); null and other values as they are. */
export function addressKey(value: string): string {
  return `(type(${value}) == string && ${isIp(value)} ? ${canonicalIp(value)} : ${value})`;
}

/**
 * A fixed-width text for an address that sorts as the address does (VP-5: ranges `a-b` need ordering, which the
 * library lacks): IPv4 `010.002.000.001`, IPv6 32 hex digits. Only after isIp.
 */
export function addressSortKey(text: string): string {
  const ipv4 = `${text}.split('.').map(o, size(o) == 1 ? '00' + o : size(o) == 2 ? '0' + o : o).join('.')`;
  const canonical = canonicalIp(text);
  const groups = (part: string) => `(${part} == '' ? '' : ${part}.split(':').map(g, ('000' + g).substring(size(g) - 1)).join(''))`;
  const head = `${canonical}.split('::')[0]`;
  const tail = `${canonical}.split('::')[1]`;
  const filled = `(${groups(head)} + '00000000000000000000000000000000'.substring(0, 32 - size(${groups(head)}) - size(${groups(tail)})) + ${groups(tail)})`;
  const ipv6 = `(${canonical}.contains('::') ? ${filled} : ${groups(canonical)})`;
  return `(${ipFamily(text)} == 4 ? ${ipv4} : ${ipv6})`;
}
