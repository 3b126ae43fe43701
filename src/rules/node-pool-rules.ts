import { formatIp, rangeContains } from '../net/index.js';
import { clusterNodeLists, duplicateNodeErrors, nodeAddressErrors } from './cluster/nodes.js';
import { isReadable } from './cluster/readable.js';
import {
  clusterInNamespace, isFlatIpv4, nodePoolAddressesOf, podEntriesOf, readableEntries, serviceEntriesOf,
} from './cluster-view.js';
import { type ClusterFacts } from './facts.js';
import { invalid } from './field-errors.js';
import { type Judgement } from './judgement.js';
import { nodePoolCrossObjectRules } from './cross-object-rules.js';
import { type Cluster, type NodePool, nameOf, namespaceOf } from './objects.js';
import { type Rule, type RuleContext, runRules } from './rule.js';
import { judgeBehindSchema } from './schema-gate.js';

const NODES = 'spec.nodes';

function owningCluster(facts: ClusterFacts, pool: NodePool): Cluster | undefined {
  const cluster = clusterInNamespace(facts, namespaceOf(pool));
  return cluster && isReadable('Cluster', cluster) ? cluster : undefined;
}

function otherPools(facts: ClusterFacts, pool: NodePool): NodePool[] {
  return facts.nodePools.filter((other) => other !== pool && namespaceOf(other) === namespaceOf(pool)
    && nameOf(other) !== nameOf(pool) && isReadable('NodePool', other));
}

// C-17 (NET): node IPs must lie outside the Cluster's pod and service ranges; the cause is on the NodePool (D0).
export const nodePoolNodesOutsideRanges: Rule<NodePool> = {
  id: 'C-17',
  check({ object, facts }) {
    const cluster = owningCluster(facts, object);
    if (!cluster) return [];
    const pods = isFlatIpv4(cluster) ? [] : readableEntries(podEntriesOf(cluster));
    const ranges = [...pods, ...readableEntries(serviceEntriesOf(cluster))];
    return nodePoolAddressesOf(object).flatMap((address) => {
      const hit = ranges.find((range) => rangeContains(range.cidr.cidr, address.value));
      if (!hit) return [];
      return [invalid(address.field, formatIp(address.value), `must not be inside Cluster ${nameOf(cluster)} ${hit.field} `
        + `(${hit.cidr.canonical}): node IPs must lie outside the pod and service ranges`)];
    });
  },
};

// C-38 (REF): node addresses are IPv4.
export const nodePoolNodesAreIpv4: Rule<NodePool> = {
  id: 'C-38',
  check: ({ object }) => nodeAddressErrors({ field: NODES, nodes: object.spec?.nodes ?? [] }),
};

// C-39 (REF, LB): a node IP belongs to one node pool: this pool, the Cluster's control-plane and load-balancer pools,
// and the other NodePools of the namespace are compared; the cause names this NodePool's field.
export const nodePoolNodesUnique: Rule<NodePool> = {
  id: 'C-39',
  check({ object, facts }) {
    const cluster = owningCluster(facts, object);
    return duplicateNodeErrors([
      ...(cluster ? clusterNodeLists(cluster, `Cluster ${nameOf(cluster)}`) : []),
      ...otherPools(facts, object).map((pool) => ({ field: NODES, nodes: pool.spec?.nodes ?? [], owner: `NodePool ${nameOf(pool)}` })),
      { field: NODES, nodes: object.spec?.nodes ?? [] },
    ]);
  },
};

export const nodePoolRules: readonly Rule<NodePool>[] = [nodePoolNodesOutsideRanges, nodePoolNodesAreIpv4, nodePoolNodesUnique];

/** At admission (a NodePool added to a running cluster) and offline (`check`, inside a whole configuration). */
export function judgeNodePool(context: RuleContext<NodePool>): Judgement {
  // A metadata-only update (a controller's finalizer, labels) of a pool that breaks a rule gets through as D19's
  // existing violation (registry.ts), so a pool stored before this webhook can still lose its finalizer.
  return judgeBehindSchema('NodePool', context, () => runRules([...nodePoolRules, ...nodePoolCrossObjectRules], context));
}
