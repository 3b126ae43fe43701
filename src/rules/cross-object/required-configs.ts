import { clusterCidrConfigsOf, isDualStack, isFlatIpv4 } from '../cluster-view.js';
import { type FamilyKey, factsAvailable, familyBlockOf } from '../cluster-cidr-config-view.js';
import { invalid } from '../field-errors.js';
import { type Cluster, namespaceOf } from '../objects.js';
import { type Finding, type RuleContext, type Rule, warn } from '../rule.js';

/**
 * D15: deny when every document is visible (offline check of a whole configuration), warn at admission where the
 * configs may arrive after the Cluster.
 */
function requireConfigWith(context: RuleContext<Cluster>, key: FamilyKey, field: string, value: unknown, why: string): Finding[] {
  const namespace = namespaceOf(context.object);
  if (!factsAvailable(context.facts, 'ClusterCIDRConfig')) {
    return [warn(`cannot confirm a ClusterCIDRConfig with spec.${key} in "${namespace}": facts unavailable`)];
  }
  if (clusterCidrConfigsOf(context.facts, namespace).some((config) => familyBlockOf(config, key))) return [];
  if (context.facts.complete) {
    return [invalid(field, value, `${why} needs at least one ClusterCIDRConfig with spec.${key} in namespace "${namespace}"; none found`)];
  }
  return [warn(`no ClusterCIDRConfig with spec.${key} in namespace "${namespace}" yet; ${why} needs one`)];
}

// X-2 (seed doc: a dual-stack configuration holds "1 つ以上の ClusterCIDRConfig リソース"; IPv6 pod ranges live only there).
export const dualStackNeedsIpv6Config: Rule<Cluster> = {
  id: 'X-2',
  check(context) {
    if (!isDualStack(context.object)) return [];
    const blocks = context.object.spec?.clusterNetwork?.services?.cidrBlocks;
    return requireConfigWith(context, 'ipv6', 'spec.clusterNetwork.services.cidrBlocks', blocks, 'a dual-stack Cluster');
  },
};

// X-3 (FBGP, CCC: in flat IPv4 mode pods.cidrBlocks is ignored; the IPv4 pod ranges come from ClusterCIDRConfigs).
export const flatIpv4NeedsIpv4Config: Rule<Cluster> = {
  id: 'X-3',
  check(context) {
    if (!isFlatIpv4(context.object)) return [];
    return requireConfigWith(context, 'ipv4', 'spec.clusterNetwork.flatIPv4', true, 'flat IPv4');
  },
};
