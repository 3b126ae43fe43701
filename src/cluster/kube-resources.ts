/**
 * The resources `serve --watch` lists and watches. The paths list every namespace at once (for ServiceCIDRs, which
 * are cluster-scoped, there is only one list). RBAC in manifests/ grants exactly `list` and `watch` on these.
 */
export type WatchedKind = 'Cluster' | 'NodePool' | 'ClusterCIDRConfig' | 'ServiceCIDR';

export interface WatchedResource {
  readonly kind: WatchedKind;
  readonly group: string;
  readonly version: string;
  /** The plural resource name, as the API path and RBAC name it. */
  readonly plural: string;
  readonly namespaced: boolean;
}

export const WATCHED_RESOURCES: readonly WatchedResource[] = [
  { kind: 'Cluster', group: 'baremetal.cluster.gke.io', version: 'v1', plural: 'clusters', namespaced: true },
  { kind: 'NodePool', group: 'baremetal.cluster.gke.io', version: 'v1', plural: 'nodepools', namespaced: true },
  {
    kind: 'ClusterCIDRConfig', group: 'baremetal.cluster.gke.io', version: 'v1alpha1', plural: 'clustercidrconfigs',
    namespaced: true,
  },
  { kind: 'ServiceCIDR', group: 'networking.k8s.io', version: 'v1', plural: 'servicecidrs', namespaced: false },
];

/** `/apis/{group}/{version}/{plural}`: the list and watch path across all namespaces. */
export function collectionPathOf(resource: WatchedResource): string {
  return `/apis/${resource.group}/${resource.version}/${resource.plural}`;
}
