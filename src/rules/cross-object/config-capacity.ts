import { formatCidr } from '../../net/index.js';
import { otherConfigsInNamespace, usableBlocksOf } from '../cluster-cidr-config-view.js';
import { type ClusterCidrConfig } from '../objects.js';
import { type Rule, warn } from '../rule.js';
import { nodesOfCluster, nodesServedBy } from '../node-selection.js';
import { owningClusterOf } from '../cluster-cidr-config/owning-cluster.js';

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
