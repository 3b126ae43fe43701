import { environmentVariableFor } from '../environment-variables.js';
import {
  APP_NAME, CLUSTER_CONFIG_KEY, CLUSTER_CONFIG_MAP, CLUSTER_CONFIG_MOUNT, NAMESPACE,
} from './names.js';

/**
 * The workload side: Services only, facts from a cluster configuration in a ConfigMap (bmctl's cluster file and/or
 * ServiceCIDR documents) instead of the API. The Deployment stops watching, mounts the ConfigMap, and needs no API
 * token; the read-only ClusterRole is emptied (least privilege).
 */
export function renderWorkloadDeploymentPatch(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: APP_NAME, namespace: NAMESPACE },
    spec: {
      template: {
        spec: {
          automountServiceAccountToken: false,
          containers: [{
            name: 'webhook',
            env: [
              { name: environmentVariableFor('watch'), value: 'false' },
              { name: environmentVariableFor('cluster-config'), value: `${CLUSTER_CONFIG_MOUNT}/${CLUSTER_CONFIG_KEY}` },
            ],
            volumeMounts: [{ name: 'cluster-config', mountPath: CLUSTER_CONFIG_MOUNT, readOnly: true }],
          }],
          volumes: [{ name: 'cluster-config', configMap: { name: CLUSTER_CONFIG_MAP } }],
        },
      },
    },
  };
}

/**
 * Empties the ClusterRole rather than deleting it: kustomize 2.0.3 (Debian's kubectl) turns a `$patch: delete` into an
 * empty `{}` document that `kubectl apply` refuses. A ClusterRole without rules grants nothing.
 */
export function renderRbacRevocation(name: string = APP_NAME): Record<string, unknown> {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [] };
}
