import { type Cluster, type ClusterCidrConfig, type ClusterFacts, groupOf, KINDS, type KubernetesObject, type NodePool, type ServiceCidr } from '../rules/index.js';

function isKind(content: unknown, kind: { group: string; kind: string }): boolean {
  if (typeof content !== 'object' || content === null) return false;
  const { apiVersion, kind: actual } = content as KubernetesObject;
  if (actual !== kind.kind || typeof apiVersion !== 'string') return false;
  return groupOf(apiVersion) === kind.group;
}

/** Items of `kind: List` (what `kubectl get -o yaml` prints) count as documents of their own. */
export function flattenLists(contents: readonly unknown[]): unknown[] {
  return contents.flatMap((content) => {
    const list = content as { kind?: unknown; items?: unknown };
    if (typeof content === 'object' && content !== null && typeof list.kind === 'string'
      && list.kind.endsWith('List') && Array.isArray(list.items)) return list.items as unknown[];
    return [content];
  });
}

/**
 * Cluster facts from parsed documents (a bmctl cluster configuration, ServiceCIDR objects, or both). Documents of
 * other kinds are ignored. `complete` says whether these documents are the whole configuration (offline check, D15).
 */
export function factsFromDocuments(contents: readonly unknown[], complete: boolean): ClusterFacts {
  const all = flattenLists(contents);
  return {
    clusters: all.filter((content) => isKind(content, KINDS.cluster)) as Cluster[],
    nodePools: all.filter((content) => isKind(content, KINDS.nodePool)) as NodePool[],
    clusterCidrConfigs: all.filter((content) => isKind(content, KINDS.clusterCidrConfig)) as ClusterCidrConfig[],
    serviceCidrs: all.filter((content) => isKind(content, KINDS.serviceCidr)) as ServiceCidr[],
    complete,
    unavailable: [],
  };
}
