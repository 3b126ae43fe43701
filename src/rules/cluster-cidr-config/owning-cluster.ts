import { type Cluster, type ClusterCidrConfig, namespaceOf } from '../objects.js';
import { type RuleContext } from '../rule.js';
import { factsAvailable, readableClusterIn } from '../cluster-cidr-config-view.js';

/** The Cluster a config belongs to (same namespace, X-1), when the facts hold a readable one; R-1 reports its absence. */
export function owningClusterOf({ object, facts }: RuleContext<ClusterCidrConfig>): Cluster | undefined {
  if (!factsAvailable(facts, 'Cluster')) return undefined;
  const namespace = namespaceOf(object);
  return namespace ? readableClusterIn(facts, namespace) : undefined;
}
