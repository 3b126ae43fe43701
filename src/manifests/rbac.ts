import { WATCHED_RESOURCES, type WatchedResource } from '../cluster/kube-resources.js';
import { APP_NAME, COMMON_LABELS, NAMESPACE, SERVICE_ACCOUNT } from './names.js';

// Least privilege: `serve --watch` lists and watches (never get, never writes).
const VERBS = ['list', 'watch'];

/** RBAC rules granting `verbs` on `resources`, one rule per API group (sorted, so renders are stable). */
export function rulesFor(
  resources: readonly { group: string; plural: string }[], verbs: readonly string[] = VERBS,
): { apiGroups: string[]; resources: string[]; verbs: string[] }[] {
  const byGroup = new Map<string, Set<string>>();
  for (const { group, plural } of resources) byGroup.set(group, (byGroup.get(group) ?? new Set()).add(plural));
  return [...byGroup.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([group, plurals]) => ({ apiGroups: [group], resources: [...plurals].sort(), verbs: [...verbs] }));
}

/**
 * The ClusterRole that lets the ServiceAccount read the cluster facts, and its binding: exactly the resources
 * `serve --watch` lists and watches (src/cluster/kube-resources.ts), so the two cannot drift.
 */
export function renderRbac(watched: readonly WatchedResource[] = WATCHED_RESOURCES): Record<string, unknown>[] {
  const rules = rulesFor(watched);
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
