import { formatCidr } from '../../net/index.js';
import { otherConfigsInNamespace, selectorOf, usableBlocksOf } from '../cluster-cidr-config-view.js';
import { type ClusterCidrConfig } from '../objects.js';
import { type Rule, warn } from '../rule.js';
import { type ClusterNode, nodesOfCluster, selectsNode } from '../node-selection.js';
import { owningClusterOf } from '../cluster-cidr-config/owning-cluster.js';

/**
 * The nodes a config must serve: the ones its selector picks; for a catch-all config, the nodes no labelled config
 * surely picks (K-CC: the catch-all is tried last). Nodes a selector may or may not pick are left out.
 */
function nodesServedBy(config: ClusterCidrConfig, nodes: readonly ClusterNode[], others: readonly ClusterCidrConfig[]): ClusterNode[] {
  const selector = selectorOf(config);
  if (!selector.catchAll) return nodes.filter((node) => selectsNode(selector, node) === true);
  const labelled = others.map(selectorOf).filter((other) => !other.catchAll);
  return nodes.filter((node) => labelled.every((other) => selectsNode(other, node) === false));
}

// X-6 (NET, C-13 applied to each config): a config holds 2^(perNodeMaskSize − prefix) node blocks per family, and a
// node takes one of each; the per-node size against maxPodsPerNode is R-9.
export const configCapacityForNodes: Rule<ClusterCidrConfig> = {
  id: 'X-6',
  check(context) {
    const cluster = owningClusterOf(context);
    const blocks = usableBlocksOf(context.object);
    if (!cluster || blocks.length === 0) return [];
    const served = nodesServedBy(context.object, nodesOfCluster(cluster, context.facts), otherConfigsInNamespace(context.facts, context.object));
    const smallest = blocks.reduce((least, block) => (block.nodeBlocks < least.nodeBlocks ? block : least));
    if (BigInt(served.length) <= smallest.nodeBlocks) return [];
    return [warn(`${smallest.field}: ${formatCidr(smallest.cidr)} holds ${smallest.nodeBlocks} /${smallest.perNodeMaskSize} node blocks `
      + `for ${served.length} nodes this config serves`)];
  },
};
