import { type IpAddress, formatIp } from '../net/index.js';
import { type ClusterFacts } from './facts.js';
import { type Cluster, type ClusterCidrConfig, nameOf, namespaceOf } from './objects.js';
import { type SelectorView } from './cluster-cidr-config-view.js';
import { readableNodePoolsIn, selectorOf } from './cluster-cidr-config-view.js';
import { type Located, clusterNodeAddressesOf, nodePoolAddressesOf } from './cluster-view.js';
import { viewPerObjectPair } from './object-memo.js';

// seed doc / REF: the two node labels a ClusterCIDRConfig selector is documented with.
export const NODE_POOL_LABEL = 'baremetal.cluster.gke.io/node-pool';
export const K8S_IP_LABEL = 'baremetal.cluster.gke.io/k8s-ip';
export const DOCUMENTED_LABELS: readonly string[] = [NODE_POOL_LABEL, K8S_IP_LABEL];

/** A node of a cluster as far as a selector can see it. */
export interface ClusterNode {
  /** The value of the k8s-ip label: the node's k8sIP, else its address. */
  readonly ip: IpAddress;
  /** The NodePool object it belongs to; undefined for control-plane and load-balancer nodes (their pool names are not documented). */
  readonly pool: string | undefined;
}

function nodesFrom(addresses: readonly Located<IpAddress>[], pool: string | undefined): ClusterNode[] {
  // Each node lists `address` and maybe `k8sIP`; the k8sIP is the one Kubernetes (and the label) uses.
  const byNode = new Map<string, Located<IpAddress>>();
  for (const located of addresses) {
    const node = located.field.slice(0, located.field.lastIndexOf('.'));
    if (!byNode.has(node) || located.field.endsWith('.k8sIP')) byNode.set(node, located);
  }
  return [...byNode.values()].map(({ value }) => ({ ip: value, pool }));
}

/** Control-plane, load-balancer and NodePool nodes of a Cluster, from its spec and the NodePools in the facts. */
export const nodesOfCluster = viewPerObjectPair((cluster: Cluster, facts: ClusterFacts): readonly ClusterNode[] => {
  const own = nodesFrom(clusterNodeAddressesOf(cluster), undefined);
  const pooled = readableNodePoolsIn(facts, namespaceOf(cluster)).flatMap((pool) => nodesFrom(nodePoolAddressesOf(pool), nameOf(pool)));
  return [...own, ...pooled];
});

/** Whether a selector picks a node: true, false, or undefined when the labels it reads are not known here. */
export function selectsNode(selector: SelectorView, node: ClusterNode): boolean | undefined {
  if (selector.catchAll) return true;
  let known = selector.expressions.length === 0;
  for (const [key, value] of selector.labels) {
    if (key === K8S_IP_LABEL) {
      if (formatIp(node.ip) !== value) return false;
    } else if (key === NODE_POOL_LABEL && node.pool !== undefined) {
      if (node.pool !== value) return false;
    } else {
      known = false;
    }
  }
  return known ? true : undefined;
}

/**
 * The nodes a config must serve: the ones its selector picks; for a catch-all config, the nodes no labelled config
 * surely picks (K-CC: the catch-all is tried last). Nodes a selector may or may not pick are left out.
 */
export function nodesServedBy(config: ClusterCidrConfig, nodes: readonly ClusterNode[], others: readonly ClusterCidrConfig[]): ClusterNode[] {
  const selector = selectorOf(config);
  if (!selector.catchAll) return nodes.filter((node) => selectsNode(selector, node) === true);
  const labelled = others.map(selectorOf).filter((other) => !other.catchAll);
  return nodes.filter((node) => labelled.every((other) => selectsNode(other, node) === false));
}
