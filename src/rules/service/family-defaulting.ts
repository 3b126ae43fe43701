import { type IpFamily, isIpFamily, otherFamily } from '../../net/index.js';
import { type ServiceNetwork } from '../cluster-view.js';
import { at, invalid } from '../field-errors.js';
import { type Cause, causeOf } from '../judgement.js';
import { validateClusterIpFields } from './cluster-ip-fields.js';
import { invalidList } from './go-values.js';
import {
  CLUSTER_IPS, IP_FAMILIES, IP_FAMILY_POLICY, NONE, type ServiceState, familyOfIp, isHeadlessSelectorless, sameList,
} from './service-state.js';

export interface FamilyInit {
  readonly causes: readonly Cause[];
  readonly service: ServiceState;
  /** KS-17: an unchanged PreferDualStack UPDATE skips defaulting, checks and allocation altogether. */
  readonly sticky: boolean;
}

const IP_TYPES = new Set(['ClusterIP', 'NodePort', 'LoadBalancer']);

/** KS-17 `isMatchingPreferDualStackClusterIPFields`; the new policy must be explicit (checked before KS-3). */
export function isStickyPreferDualStack(service: ServiceState, old: ServiceState | undefined): boolean {
  if (!old || service.ipFamilyPolicy === undefined) return false;
  if (old.type !== service.type || !IP_TYPES.has(service.type)) return false;
  if (service.ipFamilyPolicy !== 'PreferDualStack') return false;
  if (old.ipFamilyPolicy !== undefined && old.ipFamilyPolicy !== 'PreferDualStack') return false;
  return sameList(old.clusterIPs, service.clusterIPs) && sameList(old.ipFamilies, service.ipFamilies);
}

/** KS-3: nil policy → inherited on UPDATE, RequireDualStack for headless selectorless, else SingleStack. */
function defaultPolicy(service: ServiceState, old: ServiceState | undefined): string {
  if (service.ipFamilyPolicy !== undefined) return service.ipFamilyPolicy;
  if (old?.ipFamilyPolicy !== undefined) return old.ipFamilyPolicy;
  return isHeadlessSelectorless(service) ? 'RequireDualStack' : 'SingleStack';
}

function isConfigured(network: ServiceNetwork | undefined, family: string): boolean {
  // Without cluster facts (D9) every family counts as configured: only the Service's own fields are judged.
  return !network || (isIpFamily(family) && network.families.includes(family));
}

function withSecondFamily(families: readonly string[]): string[] {
  const first = families[0];
  return isIpFamily(first) ? [first, otherFamily(first)] : [...families];
}

/**
 * `initIPFamilyFields` (alloc.go): KS-3 to KS-10, KS-14, KS-15 and KS-17, in upstream order. Each stage that finds
 * errors returns them alone, as kube-apiserver does. `network` undefined = no cluster facts: the cluster checks
 * (S-3, S-4) and the cluster-dependent defaults (primary family, second family) are skipped.
 */
export function initIpFamilyFields(
  request: ServiceState, old: ServiceState | undefined, network: ServiceNetwork | undefined,
): FamilyInit {
  if (request.type === 'ExternalName') return { causes: [], service: request, sticky: false };
  if (isStickyPreferDualStack(request, old)) return { causes: [], service: request, sticky: true };

  const ipFamilyPolicy = defaultPolicy(request, old);
  let service: ServiceState = { ...request, ipFamilyPolicy };
  const done = (causes: readonly Cause[]): FamilyInit => ({ causes, service, sticky: false });

  const loose = validateClusterIpFields(service);
  if (loose.length > 0) return done(loose);

  const causes: Cause[] = [];
  if (old) {
    if (ipFamilyPolicy === 'SingleStack') {
      // KS-14: SingleStack with both lists untouched is a downgrade; the apiserver trims them.
      if (sameList(old.clusterIPs, service.clusterIPs) && service.clusterIPs.length > 1) {
        service = { ...service, clusterIPs: service.clusterIPs.slice(0, 1) };
      }
      if (sameList(old.ipFamilies, service.ipFamilies) && service.ipFamilies.length > 1) {
        service = { ...service, ipFamilies: service.ipFamilies.slice(0, 1) };
      }
    } else {
      // KS-15: dropping the secondary needs an explicit SingleStack.
      if (service.clusterIPs.length > 0 && service.clusterIPs.length < old.clusterIPs.length) {
        causes.push(causeOf('S-8', invalid(IP_FAMILY_POLICY, ipFamilyPolicy, "must be 'SingleStack' to release the secondary cluster IP")));
      }
      if (service.ipFamilies.length > 0 && service.ipFamilies.length < old.ipFamilies.length) {
        causes.push(causeOf('S-8', invalid(IP_FAMILY_POLICY, ipFamilyPolicy, "must be 'SingleStack' to release the secondary IP family")));
      }
    }
  }

  // KS-5, cluster-IP message first.
  if (ipFamilyPolicy === 'SingleStack') {
    if (service.clusterIPs.length === 2) {
      causes.push(causeOf('S-2', invalid(IP_FAMILY_POLICY, ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified")));
    }
    if (service.ipFamilies.length === 2) {
      causes.push(causeOf('S-2', invalid(IP_FAMILY_POLICY, ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified")));
    }
  }

  // KS-6: families follow the requested IPs; a family the cluster lacks is reported at the IP.
  const ipFamilies = [...service.ipFamilies];
  for (const [index, ip] of service.clusterIPs.entries()) {
    if (ip === NONE) break;
    if (index < ipFamilies.length) continue;
    const family = familyOfIp(ip);
    if (isConfigured(network, family)) ipFamilies.push(family);
    else causes.push(causeOf('S-4', invalidList(at(CLUSTER_IPS, index), service.clusterIPs, `${family} is not configured on this cluster`)));
  }
  service = { ...service, ipFamilies };
  if (causes.length > 0) return done(causes);

  const primary: IpFamily | undefined = network?.families[0];

  // KS-7: headless without selector skips every cluster check, even on a single-stack cluster.
  if (isHeadlessSelectorless(service)) {
    let families = service.ipFamilies;
    if (families.length === 0 && primary) families = [primary];
    if (families.length === 1 && ipFamilyPolicy !== 'SingleStack') families = withSecondFamily(families);
    service = { ...service, ipFamilies: families };
    return done([]);
  }

  // KS-8 then KS-9, collected together.
  if (ipFamilyPolicy === 'RequireDualStack' && network && network.families.length < 2) {
    causes.push(causeOf('S-3', invalid(IP_FAMILY_POLICY, ipFamilyPolicy, 'this cluster is not configured for dual-stack services')));
  }
  service.ipFamilies.forEach((family, index) => {
    if (!isConfigured(network, family)) causes.push(causeOf('S-4', invalid(at(IP_FAMILIES, index), family, 'not configured on this cluster')));
  });
  if (causes.length > 0) return done(causes);

  // KS-10: the primary family, then the other one for Prefer/Require on a dual-stack cluster.
  if (!network || !primary) return done([]);
  let families = service.ipFamilies.length === 0 ? [primary] : service.ipFamilies;
  if (ipFamilyPolicy !== 'SingleStack' && families.length === 1 && network.families.length === 2) families = withSecondFamily(families);
  service = { ...service, ipFamilies: families };
  return done([]);
}
