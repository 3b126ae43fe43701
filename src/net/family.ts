/** The two IP families, spelled as Kubernetes spells them in `ipFamilies`. */
export type IpFamily = 'IPv4' | 'IPv6';

export const IP_FAMILIES: readonly IpFamily[] = ['IPv4', 'IPv6'];

export function familyBits(family: IpFamily): 32 | 128 {
  return family === 'IPv4' ? 32 : 128;
}

export function otherFamily(family: IpFamily): IpFamily {
  return family === 'IPv4' ? 'IPv6' : 'IPv4';
}

export function isIpFamily(value: unknown): value is IpFamily {
  return value === 'IPv4' || value === 'IPv6';
}

/** Parsing never throws on user input: it gives a value or the reason it could not. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function refused<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}
