import { formatCidr, rangeContains, sameCidr } from '../../net/index.js';
import { familiesOf, clusterInNamespace, isFlatIpv4, podCidrsOf, serviceCidrsOf } from '../cluster-view.js';
import { factsAvailable, familyBlockOf, selectorOf, usableBlocksOf } from '../cluster-cidr-config-view.js';
import { forbidden, invalid, required } from '../field-errors.js';
import { type ClusterFacts } from '../facts.js';
import { type ClusterCidrConfig, nameOf, namespaceOf } from '../objects.js';
import { DEFAULT_MAX_PODS_PER_NODE, perNodeIpv4PrefixFor } from '../pod-density.js';
import { type Rule, warn } from '../rule.js';
import { addressesPerNode, perNodeHostBits } from '../capacity.js';
import { owningClusterOf } from './owning-cluster.js';

const MAX_LISTED_NAMESPACES = 3;

/** D9: facts that hold no Cluster at all (a lone ClusterCIDRConfig file) cannot blame the config's namespace. */
function noClusterAtAll(facts: ClusterFacts): boolean {
  return factsAvailable(facts, 'Cluster') && facts.clusters.length === 0;
}

// R-1 (seed doc: "namespace を Cluster マニフェストで指定したものと同じ値に設定します"; D9: Clusters elsewhere only ⇒ deny).
export const namespaceOfCluster: Rule<ClusterCidrConfig> = {
  id: 'R-1',
  check({ object, facts }) {
    const namespace = namespaceOf(object);
    if (!namespace) return [required('metadata.namespace', "must be the namespace of the config's Cluster")];
    if (!factsAvailable(facts, 'Cluster')) {
      return [invalid('metadata.namespace', namespace, `cannot confirm a Cluster in namespace "${namespace}": cluster facts are unavailable`)];
    }
    if (noClusterAtAll(facts) || clusterInNamespace(facts, namespace)) return [];
    // Sorted: facts from a watch hold Clusters in event order, and the same request must get the same message.
    const elsewhere = [...new Set(facts.clusters.map(namespaceOf).filter(Boolean))].sort().slice(0, MAX_LISTED_NAMESPACES);
    const hint = elsewhere.length ? ` (Clusters found in: ${elsewhere.map((name) => `"${name}"`).join(', ')})` : '';
    return [invalid('metadata.namespace', namespace,
      `no Cluster found in namespace "${namespace}"; a ClusterCIDRConfig must be in its Cluster's namespace${hint}`)];
  },
};

// X-7 (D9): with no Cluster in the facts the owner-dependent rules cannot run; say which facts to supply.
export const ownerFactsMissing: Rule<ClusterCidrConfig> = {
  id: 'X-7',
  check({ facts }) {
    return noClusterAtAll(facts)
      ? [warn('no Cluster in the facts: give --cluster-config with its Cluster; R-1, R-9, R-10, R-15, X-5, X-6 skipped')]
      : [];
  },
};

// R-9 (REF, NET max-pods table C-12, D13): a node block should hold the table's block for maxPodsPerNode.
export const perNodeBlockFitsPods: Rule<ClusterCidrConfig> = {
  id: 'R-9',
  check(context) {
    const cluster = owningClusterOf(context);
    if (!cluster) return [];
    const maxPods = cluster.spec?.nodeConfig?.podDensity?.maxPodsPerNode ?? DEFAULT_MAX_PODS_PER_NODE;
    const tablePrefix = typeof maxPods === 'number' ? perNodeIpv4PrefixFor(maxPods) : undefined;
    if (tablePrefix === undefined) return [];
    const wantedHostBits = 32 - tablePrefix;
    return usableBlocksOf(context.object).flatMap((block) => {
      const bits = block.family === 'IPv4' ? 32 : 128;
      const hostBits = perNodeHostBits(block.family, block.perNodeMaskSize);
      if (hostBits >= wantedHostBits) return [];
      return [warn(`${block.field}.perNodeMaskSize ${block.perNodeMaskSize} gives ${addressesPerNode(block.family, block.perNodeMaskSize)} addresses per node; `
        + `maxPodsPerNode ${maxPods} needs /${bits - wantedHostBits} or wider`)];
    });
  },
};

// R-10 (seed doc: "ipv4.cidr を、Cluster マニフェストで指定したものと同じ CIDR 範囲に設定します…アイランド モードの場合の要件"; D3).
export const islandIpv4MatchesPodCidr: Rule<ClusterCidrConfig> = {
  id: 'R-10',
  check(context) {
    const cluster = owningClusterOf(context);
    const block = familyBlockOf(context.object, 'ipv4');
    if (!cluster || isFlatIpv4(cluster) || !block?.parsed.ok) return [];
    const pods = podCidrsOf(cluster).find((entry) => entry.value.family === 'IPv4');
    if (!pods) return [];
    const cidr = block.parsed.value.cidr;
    const where = `the pod CIDR ${formatCidr(pods.value)} of Cluster "${nameOf(cluster)}" (${pods.field})`;
    if (selectorOf(context.object).catchAll) {
      if (sameCidr(cidr, pods.value)) return [];
      return [invalid('spec.ipv4.cidr', block.cidrText, `must equal ${where} in IPv4 island mode when nodeSelector is empty`)];
    }
    if (rangeContains(pods.value, cidr)) return [];
    return [invalid('spec.ipv4.cidr', block.cidrText, `must lie inside ${where} in IPv4 island mode`)];
  },
};

// R-15 (seed doc: IPv6 pod ranges exist only in dual-stack clusters, which list an IPv6 service range).
export const ipv6NeedsDualStackCluster: Rule<ClusterCidrConfig> = {
  id: 'R-15',
  check(context) {
    const cluster = owningClusterOf(context);
    if (!cluster || !familyBlockOf(context.object, 'ipv6')) return [];
    if (familiesOf(serviceCidrsOf(cluster)).includes('IPv6')) return [];
    return [forbidden('spec.ipv6',
      `Cluster "${nameOf(cluster)}" is not dual-stack: spec.clusterNetwork.services.cidrBlocks has no IPv6 range`)];
  },
};

// R-17 (FLAT: static flat pod ranges come from the nodes' own L2 subnet): the subnet is not in any object we see.
export const flatIpv4SubnetUnchecked: Rule<ClusterCidrConfig> = {
  id: 'R-17',
  check(context) {
    const cluster = owningClusterOf(context);
    const block = familyBlockOf(context.object, 'ipv4');
    if (!cluster || !isFlatIpv4(cluster) || !block?.parsed.ok) return [];
    return [warn(`flat IPv4: ${formatCidr(block.parsed.value.cidr)} must be in the nodes' L2 subnet and unique across clusters (not checked)`)];
  },
};
