import { environmentVariableFor } from '../cli/arguments.js';
import {
  APP_NAME, CLUSTER_CONFIG_KEY, CLUSTER_CONFIG_MAP, CLUSTER_CONFIG_MOUNT, NAMESPACE,
} from './names.js';
import { renderRbac } from './rbac.js';

/**
 * The workload side: Services only, facts from a cluster configuration in a ConfigMap (bmctl's cluster file and/or
 * ServiceCIDR documents) instead of the API. The Deployment stops watching, mounts the ConfigMap, and needs no API
 * token; the read-only ClusterRole is removed (least privilege).
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

export function renderRbacRemoval(): Record<string, unknown>[] {
  return renderRbac().map((object) => {
    const { apiVersion, kind, metadata } = object as { apiVersion: string; kind: string; metadata: { name: string } };
    return { $patch: 'delete', apiVersion, kind, metadata: { name: metadata.name } };
  });
}
