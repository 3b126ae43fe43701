// PLACEHOLDER until the X-rules land.
import { type Cluster, type ClusterCidrConfig, type NodePool } from './objects.js';
import { type Rule } from './rule.js';

export const clusterCrossObjectRules: Rule<Cluster>[] = [];
export const clusterCidrConfigCrossObjectRules: Rule<ClusterCidrConfig>[] = [];
export const nodePoolCrossObjectRules: Rule<NodePool>[] = [];
