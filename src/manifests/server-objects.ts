import { environmentVariableFor } from '../environment-variables.js';
import {
  APP_NAME, COMMON_LABELS, CONTAINER_PORT, NAMESPACE, RUN_AS_USER, SELECTOR_LABELS, SERVICE_ACCOUNT, SERVICE_NAME,
  SERVICE_PORT, TLS_MOUNT, TLS_SECRET,
} from './names.js';

export interface ServerOptions {
  /** The container image, e.g. `dualstack-webhook:0.1.0`; overlays or `kustomize edit set image` replace it. */
  readonly image: string;
}

function metadata(name: string, namespaced = true): Record<string, unknown> {
  return { name, ...(namespaced ? { namespace: NAMESPACE } : {}), labels: { ...COMMON_LABELS } };
}

export function renderNamespace(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: NAMESPACE,
      // The pod meets the restricted Pod Security Standard; enforcing it keeps it that way.
      labels: { ...COMMON_LABELS, 'pod-security.kubernetes.io/enforce': 'restricted' },
    },
  };
}

export function renderServiceAccount(): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(SERVICE_ACCOUNT) };
}

/** The pod's security settings: the restricted Pod Security Standard (the chart's `podSecurityContext` default). */
export const POD_SECURITY_CONTEXT = {
  runAsNonRoot: true, runAsUser: RUN_AS_USER, runAsGroup: RUN_AS_USER, fsGroup: RUN_AS_USER,
  seccompProfile: { type: 'RuntimeDefault' },
} as const;

/** The container's security settings (the chart's `securityContext` default): no privilege, nothing written but /tmp. */
export const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
} as const;

// Requests only for CPU: a CPU limit throttles admission latency under bursts; memory is limited.
export const SERVER_RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } as const;

function probe(path: string, periodSeconds: number, failureThreshold: number): Record<string, unknown> {
  // kubelet does not verify the serving certificate of an HTTPS probe, so the probe needs no CA.
  return { httpGet: { path, port: 'https', scheme: 'HTTPS' }, periodSeconds, timeoutSeconds: 2, failureThreshold };
}

/**
 * The admin side's Deployment: cluster facts from the API (`--watch`), the serving certificate from the Secret.
 * The workload overlays patch the facts source (workload-side.ts).
 */
export function renderDeployment(options: ServerOptions): Record<string, unknown> {
  const env = (option: string, value: string) => ({ name: environmentVariableFor(option), value });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(APP_NAME),
    spec: {
      replicas: 2,
      selector: { matchLabels: { ...SELECTOR_LABELS } },
      // Never below 2 ready pods during a rollout: kube-apiserver calls the webhook on every matching request.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels: { ...COMMON_LABELS } },
        spec: {
          serviceAccountName: SERVICE_ACCOUNT,
          // Preferred, not required: a one-node test cluster must still run both replicas.
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [{
                weight: 100,
                podAffinityTerm: {
                  labelSelector: { matchLabels: { ...SELECTOR_LABELS } }, topologyKey: 'kubernetes.io/hostname',
                },
              }],
            },
          },
          topologySpreadConstraints: [{
            maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway',
            labelSelector: { matchLabels: { ...SELECTOR_LABELS } },
          }],
          securityContext: structuredClone(POD_SECURITY_CONTEXT),
          // SIGTERM turns readiness false and lets in-flight reviews finish (docs/webhook.md "Probes, metrics, logs, shutdown").
          terminationGracePeriodSeconds: 30,
          containers: [{
            name: 'webhook',
            image: options.image,
            imagePullPolicy: 'IfNotPresent',
            args: ['serve'],
            env: [
              env('port', String(CONTAINER_PORT)),
              env('tls-cert', `${TLS_MOUNT}/tls.crt`),
              env('tls-key', `${TLS_MOUNT}/tls.key`),
              env('watch', 'true'),
              env('log-level', 'info'),
              // Endpoints take a few seconds to drop a terminating pod; keep accepting reviews meanwhile.
              env('shutdown-delay', '5'),
            ],
            ports: [{ name: 'https', containerPort: CONTAINER_PORT, protocol: 'TCP' }],
            readinessProbe: probe('/readyz', 5, 2),
            livenessProbe: probe('/healthz', 10, 3),
            resources: structuredClone(SERVER_RESOURCES),
            securityContext: structuredClone(CONTAINER_SECURITY_CONTEXT),
            volumeMounts: [
              { name: 'tls', mountPath: TLS_MOUNT, readOnly: true },
              { name: 'tmp', mountPath: '/tmp' },
            ],
          }],
          volumes: [
            // Mounted as a folder, not with subPath, so a renewed certificate reaches the pod (re-read on change).
            { name: 'tls', secret: { secretName: TLS_SECRET, defaultMode: 0o440 } },
            { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
          ],
        },
      },
    },
  };
}

export function renderService(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(SERVICE_NAME),
    spec: {
      selector: { ...SELECTOR_LABELS },
      ports: [{ name: 'https', port: SERVICE_PORT, targetPort: 'https', protocol: 'TCP' }],
    },
  };
}

export function renderPodDisruptionBudget(): Record<string, unknown> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(APP_NAME),
    spec: { minAvailable: 1, selector: { matchLabels: { ...SELECTOR_LABELS } } },
  };
}
