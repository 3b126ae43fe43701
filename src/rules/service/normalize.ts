import { type IpFamily, otherFamily } from '../../net/index.js';
import { NONE, type ServiceState, familyOfIp, sameList } from './service-state.js';

/** KS-13 on CREATE (`normalizeClusterIPs` with no old object): a lone `clusterIP` becomes `clusterIPs`. */
export function normalizeOnCreate(service: ServiceState): ServiceState {
  if (service.clusterIP !== '' && service.clusterIPs.length === 0) return { ...service, clusterIPs: [service.clusterIP] };
  return service;
}

/** KS-13 on UPDATE: divine what an old client (singular field only) meant. */
export function normalizeOnUpdate(service: ServiceState, old: ServiceState): ServiceState {
  let clusterIPs = service.clusterIPs;
  if (old.clusterIPs.length > 0 && clusterIPs.length === 0 && old.clusterIP === service.clusterIP) clusterIPs = old.clusterIPs;
  if (old.clusterIP !== service.clusterIP) {
    if (old.clusterIP !== '' && service.clusterIP === '') {
      if (sameList(old.clusterIPs, clusterIPs)) clusterIPs = [];
    } else if (sameList(old.clusterIPs, clusterIPs)) {
      clusterIPs = [service.clusterIP];
    }
  }
  return { ...service, clusterIPs };
}

/** KS-12 `patchAllocatedValues`: a PUT that omits the allocated IPs keeps them (never across ExternalName). */
export function patchAllocatedValues(service: ServiceState, old: ServiceState): ServiceState {
  if (old.type === 'ExternalName' || service.type === 'ExternalName') return service;
  return {
    ...service,
    clusterIP: service.clusterIP === '' ? old.clusterIP : service.clusterIP,
    clusterIPs: service.clusterIPs.length === 0 && old.clusterIPs.length > 0 ? old.clusterIPs : service.clusterIPs,
  };
}

/**
 * KS-20 `defaultOnReadService`: a stored object written before dual-stack gets its families and policy on read,
 * which is what the registry compares an UPDATE against.
 */
export function defaultOnRead(stored: ServiceState, primary: IpFamily): ServiceState {
  const old = normalizeOnCreate(stored);
  if (old.type === 'ExternalName' || old.ipFamilies.length > 0) return old;
  if (old.clusterIP === NONE) {
    return old.selectorEmpty
      ? { ...old, ipFamilyPolicy: 'RequireDualStack', ipFamilies: [primary, otherFamily(primary)] }
      : { ...old, ipFamilyPolicy: 'SingleStack', ipFamilies: [primary] };
  }
  const ipFamilies = old.clusterIPs.map(familyOfIp);
  if (ipFamilies.length === 1) return { ...old, ipFamilies, ipFamilyPolicy: 'SingleStack' };
  if (ipFamilies.length === 2) return { ...old, ipFamilies, ipFamilyPolicy: 'RequireDualStack' };
  return { ...old, ipFamilies };
}

/**
 * KS-19 `dropTypeDependentFields` (PrepareForUpdate): turning into ExternalName wipes each dual-stack field the
 * request left as it was; fields the request changed stay, for validation to reject (S-7).
 */
export function dropTypeDependentFields(service: ServiceState, old: ServiceState): ServiceState {
  if (old.type === 'ExternalName' || service.type !== 'ExternalName') return service;
  const sameIps = old.clusterIP === service.clusterIP && sameList(old.clusterIPs, service.clusterIPs);
  return {
    ...service,
    clusterIP: sameIps ? '' : service.clusterIP,
    clusterIPs: sameIps ? [] : service.clusterIPs,
    ipFamilies: sameList(old.ipFamilies, service.ipFamilies) ? [] : service.ipFamilies,
    ipFamilyPolicy: (old.ipFamilyPolicy ?? '') === (service.ipFamilyPolicy ?? '') ? undefined : service.ipFamilyPolicy,
  };
}
