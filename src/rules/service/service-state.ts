import { parseIp } from '../../net/index.js';
import { type Service } from '../objects.js';

/**
 * The dual-stack fields of a Service as kube-apiserver's registry sees them: Go zero values instead of absent or null
 * keys (a JSON null, a missing key and `""` all decode to the same Go value), `type` defaulted to ClusterIP as v1
 * defaulting does before admission (KS-1). Reading never throws: a wrong type reads as unset, the schema reports it.
 */
export interface ServiceState {
  readonly type: string;
  readonly clusterIP: string;
  readonly clusterIPs: readonly string[];
  readonly ipFamilies: readonly string[];
  /** undefined is Go's nil pointer; `""` is a set, unsupported value. */
  readonly ipFamilyPolicy: string | undefined;
  readonly selectorEmpty: boolean;
}

export const CLUSTER_IPS = 'spec.clusterIPs';
export const IP_FAMILIES = 'spec.ipFamilies';
export const IP_FAMILY_POLICY = 'spec.ipFamilyPolicy';
export const NONE = 'None';

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function textsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map(textOf) : [];
}

export function readService(service: Service | undefined): ServiceState {
  const spec = (typeof service?.spec === 'object' && service.spec !== null ? service.spec : {}) as Record<string, unknown>;
  const selector = spec.selector;
  return {
    type: textOf(spec.type) || 'ClusterIP',
    clusterIP: textOf(spec.clusterIP),
    clusterIPs: textsOf(spec.clusterIPs),
    ipFamilies: textsOf(spec.ipFamilies),
    ipFamilyPolicy: typeof spec.ipFamilyPolicy === 'string' ? spec.ipFamilyPolicy : undefined,
    selectorEmpty: typeof selector !== 'object' || selector === null || Object.keys(selector).length === 0,
  };
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry === b[index]);
}

/** `isHeadlessService` in validation.go: exactly `["None"]`. */
export function isHeadless(service: ServiceState): boolean {
  return service.clusterIPs.length === 1 && service.clusterIPs[0] === NONE;
}

/** KS-3/KS-7 key on the singular field: `clusterIP: None` and an empty selector. */
export function isHeadlessSelectorless(service: ServiceState): boolean {
  return service.clusterIP === NONE && service.selectorEmpty;
}

/** Go's `netutils.IsIPv6String`: anything that does not parse as IPv6 counts as IPv4 (`familyOf` in alloc.go). */
export function isIpv6(text: string): boolean {
  const address = parseIp(text);
  return address.ok && address.value.family === 'IPv6';
}

export function familyOfIp(text: string): 'IPv4' | 'IPv6' {
  return isIpv6(text) ? 'IPv6' : 'IPv4';
}
