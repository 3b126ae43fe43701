/**
 * The resources `serve --watch` lists and watches. The paths list every namespace at once (for ServiceCIDRs, which
 * are cluster-scoped, there is only one list). RBAC in manifests/ grants exactly `list` and `watch` on these.
 */
export type WatchedKind = 'Cluster' | 'NodePool' | 'ClusterCIDRConfig' | 'ServiceCIDR' | 'Service';

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

/** `audit --services` also lists and watches Services (core group: `/api/v1/services`). */
export const SERVICE_RESOURCE: WatchedResource = { kind: 'Service', group: '', version: 'v1', plural: 'services', namespaced: true };

/** `/apis/{group}/{version}/{plural}` (`/api/v1/{plural}` for the core group): the list and watch path across all namespaces. */
export function collectionPathOf(resource: WatchedResource): string {
  if (resource.group === '') return `/api/${resource.version}/${resource.plural}`;
  return `/apis/${resource.group}/${resource.version}/${resource.plural}`;
}

/** `/apis/{group}/{version}/namespaces/{namespace}/{plural}/{name}`: where one object lives, as `audit` names it. */
export function objectPathOf(resource: Pick<WatchedResource, 'group' | 'version' | 'plural'>, namespace: string, name: string): string {
  const root = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  return `${root}${namespace === '' ? '' : `/namespaces/${namespace}`}/${resource.plural}/${name}`;
}
