import { type ServiceNetwork } from '../cluster-view.js';
import { type Cause } from '../judgement.js';
import { type AllocationPlan, type DryRun, checkRequestedClusterIps } from './allocation.js';
import { initIpFamilyFields } from './family-defaulting.js';
import {
  defaultOnRead, dropTypeDependentFields, normalizeOnCreate, normalizeOnUpdate, patchAllocatedValues,
} from './normalize.js';
import { NONE, type ServiceState, sameList } from './service-state.js';
import { validateTypeFields } from './type-fields.js';
import { checkUpgradeDowngrade } from './update-checks.js';

/** What kube-apiserver would make of a Service request: its errors, or the values it stores. */
export interface Outcome {
  readonly causes: readonly Cause[];
  /** After family defaulting, before allocation: the `ipFamilyPolicy`/`ipFamilies` kube-apiserver reaches. */
  readonly service: ServiceState;
  readonly sticky: boolean;
  readonly allocation: AllocationPlan;
}

function padded(clusterIPs: readonly string[], length: number): string[] {
  const list = [...clusterIPs];
  while (list.length < length) list.push('');
  return list;
}

/** Which IPs the registry allocates (`allocClusterIPs` on create, `updateClusterIPs` on update). */
function allocationOf(service: ServiceState, old: ServiceState | undefined, sticky: boolean): AllocationPlan {
  const none = { clusterIPs: service.clusterIPs, indices: [] };
  if (sticky || service.type === 'ExternalName') return none;
  const fromScratch = !old || old.type === 'ExternalName';
  if (!fromScratch && old.clusterIPs[0] === NONE) return none;
  if (service.clusterIPs[0] === NONE) return none;
  if (fromScratch) {
    return { clusterIPs: padded(service.clusterIPs, service.ipFamilies.length), indices: service.ipFamilies.map((_, index) => index) };
  }
  if (old.ipFamilies.length === 1 && service.ipFamilies.length === 2) return { clusterIPs: padded(service.clusterIPs, 2), indices: [1] };
  return none;
}

/**
 * The registry's path for a Service (KS-1): on UPDATE `defaultOnRead(old)`, `patchAllocatedValues`,
 * `normalizeClusterIPs`; then `initIPFamilyFields`, allocation (S-6), `dropTypeDependentFields`, and
 * `ValidateServiceUpdate`/`ValidateService`. Every stage that fails returns its errors alone. A mutating webhook sees
 * the request before all of this, a validating one after; both get the same answer.
 */
export function simulateRegistry(
  request: ServiceState, stored: ServiceState | undefined, network: ServiceNetwork | undefined, dryRun: DryRun = false,
): Outcome {
  // KS-20 needs the primary family only for legacy headless objects; bare-metal clusters are IPv4-primary (C-3).
  const old = stored && defaultOnRead(stored, network?.families[0] ?? 'IPv4');
  const normalized = old ? normalizeOnUpdate(patchAllocatedValues(request, old), old) : normalizeOnCreate(request);

  const init = initIpFamilyFields(normalized, old, network);
  const allocation = allocationOf(init.service, old, init.sticky);
  const outcome = (causes: readonly Cause[]): Outcome => ({ causes, service: init.service, sticky: init.sticky, allocation });
  if (init.causes.length > 0) return outcome(init.causes);

  if (network) {
    const refused = checkRequestedClusterIps(allocation, network, dryRun);
    if (refused.length > 0) return outcome(refused);
  }

  // ValidateService repeats KS-4 here; it cannot fail on a state alloc has checked (or, when sticky, on values
  // identical to the stored ones), so only the type-dependent checks are run.
  const allocated = { ...init.service, clusterIPs: allocation.indices.length > 0 ? allocation.clusterIPs : init.service.clusterIPs };
  const prepared = old ? dropTypeDependentFields(allocated, old) : allocated;
  return outcome([...(old ? checkUpgradeDowngrade(old, prepared) : []), ...validateTypeFields(prepared)]);
}

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  const [x, y] = [a.service, b.service];
  return x.type === y.type && x.clusterIP === y.clusterIP && x.ipFamilyPolicy === y.ipFamilyPolicy
    && sameList(x.clusterIPs, y.clusterIPs) && sameList(x.ipFamilies, y.ipFamilies)
    && sameList(a.allocation.clusterIPs, b.allocation.clusterIPs)
    && a.allocation.indices.join() === b.allocation.indices.join()
    && a.causes.length === b.causes.length;
}
