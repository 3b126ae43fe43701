import { type ServiceNetwork } from '../cluster-view.js';
import { type JsonPatchOperation } from '../judgement.js';
import { type Service } from '../objects.js';
import { type DryRun } from './allocation.js';
import { type Outcome, sameOutcome, simulateRegistry } from './simulate.js';
import { type ServiceState, sameList } from './service-state.js';

interface Defaults {
  readonly ipFamilyPolicy?: string | undefined;
  readonly ipFamilies?: readonly string[] | undefined;
}

function operationsFor(object: Service, defaults: Defaults): JsonPatchOperation[] {
  const fields = Object.fromEntries(Object.entries(defaults).filter(([, value]) => value !== undefined));
  if (Object.keys(fields).length === 0) return [];
  const spec = object.spec as Record<string, unknown> | null | undefined;
  if (typeof spec !== 'object' || spec === null) {
    return [{ op: spec === undefined ? 'add' : 'replace', path: '/spec', value: fields }];
  }
  return Object.entries(fields).map(([key, value]) => ({ op: key in spec ? 'replace' : 'add', path: `/spec/${key}`, value }));
}

/** The defaults kube-apiserver reaches that the request does not already say (S-9). */
function missingDefaults(request: ServiceState, reached: ServiceState): Defaults {
  if (reached.type === 'ExternalName') return {};
  return {
    ipFamilyPolicy: reached.ipFamilyPolicy !== undefined && reached.ipFamilyPolicy !== request.ipFamilyPolicy ? reached.ipFamilyPolicy : undefined,
    ipFamilies: reached.ipFamilies.length > 0 && !sameList(reached.ipFamilies, request.ipFamilies) ? reached.ipFamilies : undefined,
  };
}

/**
 * S-9: the JSON Patch that writes `ipFamilyPolicy` and `ipFamilies` as kube-apiserver would default them
 * (`initIPFamilyFields`), never clusterIPs (the allocator's), and only fields that differ, so the patched object
 * gets no patch.
 *
 * CREATE: the reached values are a fixed point of `initIPFamilyFields`, so writing them changes nothing.
 *
 * UPDATE: the mutating webhook runs before the registry (KS-1), and an explicit value is not always the same as an
 * omitted one: KS-17 keeps a PreferDualStack service as it is only when the request *says* PreferDualStack and
 * repeats identical clusterIPs and ipFamilies (surprise 5), so writing an inherited PreferDualStack, or families the
 * registry would have re-derived differently, can freeze a service the apiserver would upgrade. So on UPDATE each
 * candidate (both fields, the policy alone, the families alone) is replayed through the registry simulation, and the
 * first one that ends exactly where the request would have ended (same values, same allocations) is written; when
 * none does, nothing is.
 */
export function familyPatch(
  object: Service, request: ServiceState, stored: ServiceState | undefined, network: ServiceNetwork, reached: Outcome,
  dryRun: DryRun = false,
): JsonPatchOperation[] {
  const defaults = missingDefaults(request, reached.service);
  if (!stored) return operationsFor(object, defaults);
  const candidates: Defaults[] = [defaults, { ipFamilyPolicy: defaults.ipFamilyPolicy }, { ipFamilies: defaults.ipFamilies }];
  for (const candidate of candidates) {
    if (candidate.ipFamilyPolicy === undefined && candidate.ipFamilies === undefined) continue;
    const patched: ServiceState = {
      ...request,
      ipFamilyPolicy: candidate.ipFamilyPolicy ?? request.ipFamilyPolicy,
      ipFamilies: candidate.ipFamilies ?? request.ipFamilies,
    };
    if (sameOutcome(simulateRegistry(patched, stored, network, dryRun), reached)) return operationsFor(object, candidate);
  }
  return [];
}
