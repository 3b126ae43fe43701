import { parseIp, formatIp } from '../../net/index.js';
import { nodePoolsOf } from '../cluster-view.js';
import { type ClusterFacts } from '../facts.js';
import { type Cluster, type NodeAddress, type NodePool } from '../objects.js';
import { controlPlaneNodesOf, loadBalancerNodesOf } from './cluster-fields.js';
import { isReadable } from './readable.js';
import { viewPerObjectPair } from '../object-memo.js';

/** The NodePools of a Cluster's namespace in the facts whose shapes can be read (facts are not judged objects). */
export function readableNodePoolsOf(facts: ClusterFacts, cluster: Cluster): NodePool[] {
  return nodePoolsOf(facts, cluster).filter((pool) => isReadable('NodePool', pool));
}

/**
 * C-13/C-14: the nodes a Cluster will have, counted once each by address: control plane, load-balancer node pool and
 * the NodePools the facts show. Unparseable addresses still count as a node (C-38 reports them).
 */
export const nodeCountOf = viewPerObjectPair((cluster: Cluster, facts: ClusterFacts): number => {
  const seen = new Set<string>();
  const count = (nodes: readonly NodeAddress[]) => {
    nodes.forEach((node, index) => {
      const address = parseIp(node.address);
      seen.add(address.ok ? formatIp(address.value) : `unreadable:${seen.size}:${index}`);
    });
  };
  count(controlPlaneNodesOf(cluster));
  count(loadBalancerNodesOf(cluster));
  for (const pool of readableNodePoolsOf(facts, cluster)) count(pool.spec?.nodes ?? []);
  return seen.size;
});
