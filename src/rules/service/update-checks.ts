import { at, invalid } from '../field-errors.js';
import { type Cause, causeOf } from '../judgement.js';
import { invalidList } from './go-values.js';
import { CLUSTER_IPS, IP_FAMILIES, IP_FAMILY_POLICY, type ServiceState, isHeadless } from './service-state.js';

const PRIMARY_IP = at(CLUSTER_IPS, 0);
const PRIMARY_FAMILY = at(IP_FAMILIES, 0);

/** KS-18 `validateUpgradeDowngradeClusterIPs`: the primary clusterIP is immutable; headless pairs are exempt. */
function checkClusterIps(old: ServiceState, service: ServiceState): Cause[] {
  if (isHeadless(old) && isHeadless(service)) return [];
  const causes: Cause[] = [];
  const s8 = (field: string, detail: string) => causes.push(causeOf('S-8', invalidList(field, service.clusterIPs, detail)));
  const [oldIps, newIps] = [old.clusterIPs, service.clusterIPs];
  if (oldIps.length === newIps.length) {
    oldIps.forEach((ip, index) => { if (ip !== newIps[index]) s8(at(CLUSTER_IPS, index), 'may not change once set'); });
  } else if (oldIps.length > newIps.length) {
    if (newIps.length === 0) s8(PRIMARY_IP, 'primary clusterIP can not be unset');
    if (oldIps.length > 0 && newIps.length > 0 && newIps[0] !== oldIps[0]) s8(PRIMARY_IP, 'may not change once set');
    if (newIps.length === 1 && service.ipFamilyPolicy !== 'SingleStack') {
      causes.push(causeOf('S-8', invalid(IP_FAMILY_POLICY, service.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP")));
    }
  } else if (oldIps.length > 0 && newIps[0] !== oldIps[0]) {
    s8(PRIMARY_IP, 'may not change once set');
  }
  return causes;
}

/**
 * KS-18 `validateUpgradeDowngradeIPFamilies`, quirks kept (surprise 8): every change is reported at index 0, and
 * "primary ipFamily can not be unset" looks at clusterIPs. Headless services may change families (surprise 7).
 */
function checkIpFamilies(old: ServiceState, service: ServiceState): Cause[] {
  if (isHeadless(old) || isHeadless(service)) return [];
  const causes: Cause[] = [];
  const [oldFamilies, newFamilies] = [old.ipFamilies, service.ipFamilies];
  const familiesValue = (detail: string) => causeOf('S-8', invalidList(PRIMARY_FAMILY, newFamilies, detail));
  const ipsValue = (detail: string) => causeOf('S-8', invalidList(PRIMARY_FAMILY, service.clusterIPs, detail));
  if (oldFamilies.length === newFamilies.length) {
    oldFamilies.forEach((family, index) => { if (family !== newFamilies[index]) causes.push(familiesValue('may not change once set')); });
  } else if (oldFamilies.length > newFamilies.length) {
    if (service.clusterIPs.length === 0) causes.push(familiesValue('primary ipFamily can not be unset'));
    if (newFamilies.length > 0 && newFamilies[0] !== oldFamilies[0]) causes.push(ipsValue('may not change once set'));
    if (newFamilies.length === 1 && service.ipFamilyPolicy !== 'SingleStack') {
      causes.push(causeOf('S-8', invalid(IP_FAMILY_POLICY, service.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily")));
    }
  } else if (oldFamilies.length > 0 && newFamilies.length > 0 && newFamilies[0] !== oldFamilies[0]) {
    causes.push(ipsValue('may not change once set'));
  }
  return causes;
}

/** `ValidateServiceUpdate`'s dual-stack part, skipped when either side is ExternalName. */
export function checkUpgradeDowngrade(old: ServiceState, service: ServiceState): Cause[] {
  if (old.type === 'ExternalName' || service.type === 'ExternalName') return [];
  return [...checkClusterIps(old, service), ...checkIpFamilies(old, service)];
}
