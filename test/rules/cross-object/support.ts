import { DEFAULT_SETTINGS, type ClusterFacts } from '../../../src/rules/facts.js';
import { type Judgement } from '../../../src/rules/judgement.js';
import { type Cluster, type NodePool } from '../../../src/rules/objects.js';
import { type Operation, type Rule, runRules } from '../../../src/rules/rule.js';
import { clusterCrossObjectRules, nodePoolCrossObjectRules } from '../../../src/rules/cross-object-rules.js';

/** The X-rules as the Cluster engineer's judgeCluster runs them after the Cluster's own rules. */
export function judgeClusterAcrossObjects(cluster: Cluster, facts: ClusterFacts): Judgement {
  return runRules(clusterCrossObjectRules as Rule<Cluster>[], { object: cluster, operation: 'CREATE', facts, settings: DEFAULT_SETTINGS });
}

export function judgeNodePoolAcrossObjects(pool: NodePool, facts: ClusterFacts, operation: Operation = 'CREATE', oldObject?: NodePool): Judgement {
  return runRules(nodePoolCrossObjectRules, { object: pool, oldObject, operation, facts, settings: DEFAULT_SETTINGS });
}

export function clusterOf(facts: ClusterFacts): Cluster {
  const cluster = facts.clusters[0];
  if (!cluster) throw new Error('facts without a Cluster');
  return cluster;
}

export function nodePoolOf(facts: ClusterFacts): NodePool {
  const pool = facts.nodePools[0];
  if (!pool) throw new Error('facts without a NodePool');
  return pool;
}
