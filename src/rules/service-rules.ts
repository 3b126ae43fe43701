import { type ServiceNetwork, serviceClusterOf, serviceNetworkOf } from './cluster-view.js';
import { type Settings } from './facts.js';
import { type Cause, type Judgement, type RuleId, type Warning, warningOf } from './judgement.js';
import { type Service } from './objects.js';
import { type RuleContext, type WarningFinding } from './rule.js';
import { checkSchema } from './schema-check.js';
import { loadBalancerFindings } from './service/load-balancer.js';
import { type DryRun } from './service/allocation.js';
import { familyPatch } from './service/patch.js';
import { type ServiceState, isHeadlessSelectorless, readService } from './service/service-state.js';
import { simulateRegistry } from './service/simulate.js';

// D9: without the cluster's service ranges only the Service's own fields can be judged.
export const FACTS_UNAVAILABLE = 'cluster facts unavailable: service ranges unknown, S-3/S-4/S-6 and family defaults skipped';

/**
 * D16: a platform default replaces SingleStack for Services that leave the policy unset, on CREATE only, on
 * dual-stack clusters only, never for ExternalName; selectorless headless Services keep kube-apiserver's
 * RequireDualStack.
 */
function withPlatformDefault(service: ServiceState, settings: Settings, network: ServiceNetwork | undefined): ServiceState {
  const policy = settings.defaultIpFamilyPolicy;
  if (!policy || !network || network.families.length < 2) return service;
  if (service.type === 'ExternalName' || service.ipFamilyPolicy !== undefined || isHeadlessSelectorless(service)) return service;
  return { ...service, ipFamilyPolicy: policy };
}

function withoutRepeats(causes: readonly Cause[]): Cause[] {
  // kube-apiserver's message lists each identical error once (ErrorList.ToAggregate).
  const seen = new Set<string>();
  return causes.filter((cause) => {
    const key = `${cause.field}\u0000${cause.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function warningsOf(rule: RuleId, findings: readonly WarningFinding[]): Warning[] {
  return findings.map((finding) => warningOf(rule, finding.warning, finding.field));
}

/**
 * S-1 to S-11: the same decision and the same defaulted `ipFamilyPolicy`/`ipFamilies` as kube-apiserver
 * (docs/kube-apiserver-services.md), plus the bare-metal load-balancer warnings.
 */
export function judgeService(context: RuleContext<Service>): Judgement {
  const schemaCauses = checkSchema('Service', context.object);
  if (schemaCauses.length > 0) return { causes: schemaCauses, warnings: [], patch: [] };

  const owner = serviceClusterOf(context.facts, context.settings.cluster);
  const network = serviceNetworkOf(context.facts, owner.cluster);
  // X-7 is the catalog's entry for "Service checks need the owning Cluster's ranges and pools".
  const warnings = network ? [] : [warningOf('X-7', owner.problem ?? FACTS_UNAVAILABLE)];
  const stored = context.operation === 'UPDATE' && context.oldObject ? readService(context.oldObject) : undefined;
  const request = readService(context.object);
  const effective = stored ? request : withPlatformDefault(request, context.settings, network);

  const dryRun: DryRun = context.dryRun !== true ? false : context.phase === 'validating' ? 'after-allocation' : 'before-allocation';
  const reached = simulateRegistry(effective, stored, network, dryRun);
  if (reached.causes.length > 0) return { causes: withoutRepeats(reached.causes), warnings, patch: [] };

  const { s10, s11 } = loadBalancerFindings(context.object, reached.service, network);
  warnings.push(...warningsOf('S-10', s10), ...warningsOf('S-11', s11));
  // Without facts the primary family is unknown, and a lone SingleStack would overrule a D16 default: no patch.
  const patch = network ? familyPatch(context.object, request, stored, network, reached, dryRun) : [];
  return { causes: [], warnings, patch };
}
