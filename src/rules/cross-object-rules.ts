import { type Cluster, type ClusterCidrConfig, type NodePool } from './objects.js';
import { type Rule } from './rule.js';
import { configCapacityForNodes } from './cross-object/config-capacity.js';
import { nodePoolBelongsToCluster } from './cross-object/node-pool-membership.js';
import { configCoversBothFamilies, nodesGetBothFamilies } from './cross-object/node-coverage.js';
import {
  clusterAddressesAvoidPodRanges, flatPodRangesUniqueAcrossClusters, nodePoolAddressesAvoidPodRanges,
  podRangesAvoidClusterAddresses,
} from './cross-object/range-overlap.js';
import { dualStackNeedsIpv6Config, flatIpv4NeedsIpv4Config } from './cross-object/required-configs.js';

// docs/rules.md §4. X-1's ClusterCIDRConfig half is R-1; X-6's per-node half is R-9; X-7..X-9 are design notes, no code:
// X-7 (Services read the owning Cluster through the facts, D9), X-8 (ServiceCIDRs are the cluster operator's, never
// ours), X-9 (host prerequisites are invisible to admission).

export const clusterCrossObjectRules: Rule<Cluster>[] = [
  dualStackNeedsIpv6Config, flatIpv4NeedsIpv4Config, nodesGetBothFamilies, clusterAddressesAvoidPodRanges,
];

export const clusterCidrConfigCrossObjectRules: Rule<ClusterCidrConfig>[] = [
  configCoversBothFamilies, podRangesAvoidClusterAddresses, flatPodRangesUniqueAcrossClusters, configCapacityForNodes,
];

export const nodePoolCrossObjectRules: Rule<NodePool>[] = [nodePoolBelongsToCluster, nodePoolAddressesAvoidPodRanges];
