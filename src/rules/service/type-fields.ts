import { at, forbidden, invalid } from '../field-errors.js';
import { type Cause, causeOf } from '../judgement.js';
import { CLUSTER_IPS, IP_FAMILIES, IP_FAMILY_POLICY, type ServiceState, isHeadless } from './service-state.js';

const EXTERNAL_NAME = 'may not be set for ExternalName services';

/**
 * `ValidateService`'s type switch, run last (after allocation): KS-2 (S-7) forbids the dual-stack fields on
 * ExternalName, in this order; KS-11 (S-5) refuses a headless NodePort or LoadBalancer.
 */
export function validateTypeFields(service: ServiceState): Cause[] {
  if (service.type === 'ExternalName') {
    const causes: Cause[] = [];
    if (service.clusterIPs.length > 0) causes.push(causeOf('S-7', forbidden(CLUSTER_IPS, EXTERNAL_NAME)));
    if (service.ipFamilies.length > 0) causes.push(causeOf('S-7', forbidden(IP_FAMILIES, EXTERNAL_NAME)));
    if (service.ipFamilyPolicy !== undefined) causes.push(causeOf('S-7', forbidden(IP_FAMILY_POLICY, EXTERNAL_NAME)));
    return causes;
  }
  if ((service.type === 'NodePort' || service.type === 'LoadBalancer') && isHeadless(service)) {
    return [causeOf('S-5', invalid(at(CLUSTER_IPS, 0), 'None', `may not be set to 'None' for ${service.type} services`))];
  }
  return [];
}
