import { KINDS } from '../rules/objects.js';
import { type KindRegistration } from '../rules/registry.js';
import { APP_NAME, COMMON_LABELS, NAMESPACE, SERVICE_ACCOUNT } from './names.js';

export interface WatchedResource {
  readonly group: string;
  readonly resource: string;
}

/** ServiceCIDR is read for facts (SPEC: service facts) but never judged, so it is not in the registry. */
const SERVICE_CIDRS: WatchedResource = { group: KINDS.serviceCidr.group, resource: 'servicecidrs' };

/**
 * What `serve --watch` lists and watches: every registered kind that is a cluster fact (all but the core Services)
 * and the ServiceCIDRs.
 */
export function watchedResources(registry: readonly KindRegistration[]): WatchedResource[] {
  const facts = registry.filter((registration) => registration.group !== '')
    .map((registration) => ({ group: registration.group, resource: registration.resource }));
  return [...facts, SERVICE_CIDRS];
}

// Least privilege: the watch uses list and watch only (an informer), never get.
const VERBS = ['list', 'watch'];

/** The ClusterRole that lets the ServiceAccount read the cluster facts, and its binding. */
export function renderRbac(registry: readonly KindRegistration[]): Record<string, unknown>[] {
  const byGroup = new Map<string, string[]>();
  for (const { group, resource } of watchedResources(registry)) {
    byGroup.set(group, [...(byGroup.get(group) ?? []), resource]);
  }
  const rules = [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([group, resources]) => ({ apiGroups: [group], resources: [...resources].sort(), verbs: VERBS }));
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: APP_NAME, labels: { ...COMMON_LABELS } },
      rules,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: APP_NAME, labels: { ...COMMON_LABELS } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: APP_NAME },
      subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: NAMESPACE }],
    },
  ];
}
