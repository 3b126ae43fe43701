/**
 * Small builders of CEL text (Kubernetes CEL, the IP/CIDR library of 1.31): the pieces the rules' CEL is written
 * with. Each takes CEL expressions and returns one, so a rule's CEL reads like its TypeScript. Facts about the
 * library (what `cidr()` accepts, the containsCIDR bug before 1.33): docs/vap.md.
 */

/** A CEL string literal. */
export function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * `root.?a.?b.orValue(fallback)`: a field that may be unset, read without an error. The fallback has the field's type
 * (kube-controller-manager type-checks against the CRD schema: `orValue(null)` on a string field is an error, VP-7).
 */
export function path(root: string, dotted: string, fallback: string): string {
  return `${root}${dotted.split('.').map((key) => `.?${key}`).join('')}.orValue(${fallback})`;
}

/** `root.?a.?b`: an optional (`.hasValue()`, `.orValue(x)`). */
export function optional(root: string, dotted: string): string {
  return `${root}${dotted.split('.').map((key) => `.?${key}`).join('')}`;
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

const HEX = "'0123456789abcdef'";

/** `[value].map(name, body)[0]`: CEL has no `let`; a one-element comprehension binds a value once. */
export function bind(value: string, name: string, body: string): string {
  return `[${value}].map(${name}, ${body})[0]`;
}

/**
 * A fixed-width hex text for an address that sorts as the address does (VP-5: ranges `a-b` need an order, which the
 * library lacks): 8 hex digits for IPv4, 32 for IPv6. Only after isIp.
 */
export function addressSortKey(text: string): string {
  const octet = `${HEX}.substring(int(o) / 16, int(o) / 16 + 1) + ${HEX}.substring(int(o) % 16, int(o) % 16 + 1)`;
  const ipv4 = `${text}.split('.').map(o, ${octet}).join('')`;
  const groups = (part: string) => `(${part} == '' ? '' : ${part}.split(':').map(g, ('000' + g).substring(size(g) - 1)).join(''))`;
  const compressed = bind(`[${groups('h[0]')}, ${groups('h[1]')}]`, 'q',
    "q[0] + '00000000000000000000000000000000'.substring(0, 32 - size(q[0]) - size(q[1])) + q[1]");
  const ipv6 = bind(`string(ip(${text}))`, 'c', `c.contains('::') ? ${bind("c.split('::')", 'h', compressed)} : ${groups('c')}`);
  return `(${ipFamily(text)} == 4 ? ${ipv4} : ${ipv6})`;
}

/**
 * The last address's key of a CIDR whose network address has key `key` (hex, `digits` long) and `hostBits` host
 * bits: the host bits set. CEL ints have no `|`: a digit with its low r bits set is `v - v % 2^r + 2^r - 1`.
 */
function lastKey(key: string, hostBits: string): string {
  const body = `k.substring(0, size(k) - h / 4 - (h % 4 > 0 ? 1 : 0))`
    + ` + (h % 4 > 0 ? ${bind(`${HEX}.indexOf(k.substring(size(k) - h / 4 - 1, size(k) - h / 4))`, 'v',
      `${bind('h % 4 == 1 ? 2 : h % 4 == 2 ? 4 : 8', 'm', `${HEX}.substring(v - v % m + m - 1, v - v % m + m)`)}`)} : '')`
    + " + 'ffffffffffffffffffffffffffffffff'.substring(0, h / 4)";
  return bind(key, 'k', bind(hostBits, 'h', body));
}

/**
 * A range as `[family, first key, last key]` (strings, so that the list is of one type), `[]` when the text is not a
 * readable CIDR. Ranges then compare as strings: overlap is `a[0] == b[0] && a[1] <= b[2] && b[1] <= a[2]`.
 */
export function cidrSpan(text: string): string {
  const network = `string(cidr(${text}).masked().ip())`;
  const bits = `(cidr(${text}).ip().family() == 4 ? 32 : 128)`;
  return `(${isCidr(text)} ? ${bind(addressSortKey(network), 'lo', `[string(cidr(${text}).ip().family()), string(lo), string(${lastKey('lo', `${bits} - cidr(${text}).prefixLength()`)})]`)} : [])`;
}

/** An address as a span of one (only after isIp). */
export function addressSpan(text: string): string {
  return bind(addressSortKey(text), 'x', `[string(${ipFamily(text)}), string(x), string(x)]`);
}

/**
 * Spans with their text in front, `[text, family, first, last]` (`[text]` when unreadable): what the variables of a
 * policy hold, so that each entry is parsed once per evaluation.
 */
export function spansOverlap(a: string, b: string): string {
  return `(size(${a}) == 4 && size(${b}) == 4 && ${a}[1] == ${b}[1] && ${a}[2] <= ${b}[3] && ${b}[2] <= ${a}[3])`;
}

/** A located span (size 4) holds the address span `[family, key, key]`. */
export function spanHolds(span: string, address: string): string {
  return `(size(${span}) == 4 && ${span}[1] == ${address}[0] && ${span}[2] <= ${address}[1] && ${address}[1] <= ${span}[3])`;
}
