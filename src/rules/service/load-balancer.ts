import { type IpAddress, type IpFamily, isIpFamily, parseIp, rangeContains } from '../../net/index.js';
import { type LocatedPoolEntry, type ServiceNetwork, poolEntriesOf } from '../cluster-view.js';
import { type Service } from '../objects.js';
import { warn, type WarningFinding } from '../rule.js';
import { type ServiceState } from './service-state.js';

// MetalLB (the engine of GDC's bundled LB) takes a requested address from this annotation (comma-separated, one per
// family) or from the deprecated spec.loadBalancerIP.
export const METALLB_IPS_ANNOTATION = 'metallb.universe.tf/loadBalancerIPs';

interface RequestedIp {
  readonly source: string;
  readonly text: string;
  readonly address: IpAddress | undefined;
}

function requestedIpsOf(service: Service): RequestedIp[] {
  const found: RequestedIp[] = [];
  const add = (source: string, text: string) => {
    const address = parseIp(text);
    found.push({ source, text, address: address.ok ? address.value : undefined });
  };
  const single = service.spec?.loadBalancerIP;
  if (typeof single === 'string' && single !== '') add('loadBalancerIP', single);
  const annotation = service.metadata?.annotations?.[METALLB_IPS_ANNOTATION];
  if (typeof annotation === 'string') {
    for (const text of annotation.split(',').map((part) => part.trim()).filter((part) => part !== '')) add('loadBalancerIPs', text);
  }
  return found;
}

function shorten(text: string): string {
  return text.length > 45 ? `${text.slice(0, 42)}...` : text;
}

// The annotation is free text: a hostile one lists thousands of addresses; the first few warnings say enough.
const MAX_REQUEST_WARNINGS = 3;

/** S-11: a requested LB address must be valid, of one of the Service's families, and inside an address pool. */
function requestedIpWarnings(requested: readonly RequestedIp[], families: readonly string[], entries: readonly LocatedPoolEntry[]): WarningFinding[] {
  const warnings: WarningFinding[] = [];
  for (const { source, text, address } of requested) {
    if (warnings.length === MAX_REQUEST_WARNINGS) break;
    if (!address) warnings.push(warn(`${source} ${JSON.stringify(shorten(text))} is not a valid IP address`));
    else if (!families.includes(address.family)) {
      warnings.push(warn(`${source} ${text} is ${address.family} but the Service has only ${families.join(', ')}`));
    } else if (!entries.some((entry) => rangeContains(entry.value.range, address))) {
      warnings.push(warn(`${source} ${text} is in no address pool: the bundled load balancer can't assign it`));
    }
  }
  return warnings;
}

/** S-10: each family of the Service needs a pool that hands addresses out automatically, or an explicit request. */
function familyPoolWarnings(requested: readonly RequestedIp[], families: readonly IpFamily[], entries: readonly LocatedPoolEntry[]): WarningFinding[] {
  return families.filter((family) => {
    const automatic = entries.some((entry) => entry.value.range.family === family && entry.pool.manualAssign !== true);
    const explicit = requested.some(({ address }) => address?.family === family
      && entries.some((entry) => rangeContains(entry.value.range, address)));
    return !automatic && !explicit;
  }).map((family) => warn(`no address pool hands out ${family} addresses automatically: no ${family} external IP for this Service`));
}

/**
 * S-10 and S-11, for LoadBalancer Services served by the bundled load balancer of the cluster we know (a
 * loadBalancerClass hands the Service to another implementation). Judged on the families kube-apiserver reaches.
 */
export function loadBalancerFindings(object: Service, final: ServiceState, network: ServiceNetwork | undefined): { s10: WarningFinding[]; s11: WarningFinding[] } {
  const none = { s10: [], s11: [] };
  const cluster = network?.cluster;
  if (final.type !== 'LoadBalancer' || cluster?.spec?.loadBalancer?.mode !== 'bundled') return none;
  const loadBalancerClass = (object.spec as Record<string, unknown> | undefined)?.loadBalancerClass;
  if (typeof loadBalancerClass === 'string' && loadBalancerClass !== '') return none;
  const entries = poolEntriesOf(cluster);
  const requested = requestedIpsOf(object);
  const families = final.ipFamilies.filter(isIpFamily);
  return { s10: familyPoolWarnings(requested, families, entries), s11: requestedIpWarnings(requested, final.ipFamilies, entries) };
}
