import { type IpFamily, formatIp } from '../../net/index.js';
import { clusterCidrConfigsOf, isDualStack } from '../cluster-view.js';
import { factsAvailable, familyBlockOf, familyBlocksOf, selectorOf } from '../cluster-cidr-config-view.js';
import { type Cluster, type ClusterCidrConfig, namespaceOf } from '../objects.js';
import { type Finding, type Rule, warn } from '../rule.js';
import { nodesOfCluster, selectsNode } from '../node-selection.js';
import { owningClusterOf } from '../cluster-cidr-config/owning-cluster.js';

// X-4 (KEP2593): a node takes every range from one config, so in a dual-stack cluster a one-family config leaves its
// nodes without the other family.
export const configCoversBothFamilies: Rule<ClusterCidrConfig> = {
  id: 'X-4',
  check(context) {
    const cluster = owningClusterOf(context);
    if (!cluster || !isDualStack(cluster)) return [];
    const families = familyBlocksOf(context.object);
    if (families.length !== 1) return [];
    const missing = families[0]?.key === 'ipv4' ? 'ipv6' : 'ipv4';
    return [warn(`dual-stack Cluster: nodes that take their ranges from this config get no spec.${missing} pod range`)];
  },
};

const KEYS: Record<IpFamily, 'ipv4' | 'ipv6'> = { IPv4: 'ipv4', IPv6: 'ipv6' };

// X-4 from the Cluster: every node whose configs are known should get both families. The allocator prefers the
// matching configs with the most labels (K-CC); only those are considered for a node.
export const nodesGetBothFamilies: Rule<Cluster> = {
  id: 'X-4',
  check({ object, facts }) {
    if (!isDualStack(object) || !factsAvailable(facts, 'ClusterCIDRConfig')) return [];
    // A config without any family block is refused on its own and never allocates.
    const configs = clusterCidrConfigsOf(facts, namespaceOf(object)).filter((config) => familyBlocksOf(config).length > 0);
    if (configs.length === 0) return []; // X-2's case
    const lacking: Record<IpFamily, string[]> = { IPv4: [], IPv6: [] };
    for (const node of nodesOfCluster(object, facts)) {
      let known = true;
      let most = -1;
      let preferred: ClusterCidrConfig[] = [];
      for (const config of configs) {
        const selector = selectorOf(config);
        const selects = selectsNode(selector, node);
        if (selects === undefined) {
          known = false;
          break;
        }
        if (!selects || selector.labels.length < most) continue;
        if (selector.labels.length > most) preferred = [];
        most = selector.labels.length;
        preferred.push(config);
      }
      if (!known) continue;
      for (const family of ['IPv4', 'IPv6'] as const) {
        if (!preferred.some((config) => familyBlockOf(config, KEYS[family]))) lacking[family].push(formatIp(node.ip));
      }
    }
    const found: Finding[] = [];
    for (const family of ['IPv4', 'IPv6'] as const) {
      const nodes = lacking[family];
      if (nodes.length === 0) continue;
      const who = nodes.length > 1 ? `nodes ${nodes[0]} and ${nodes.length - 1} more get` : `node ${nodes[0]} gets`;
      found.push(warn(`${who} no ${family} pod range from any ClusterCIDRConfig`));
    }
    return found;
  },
};
