import { WATCHED_RESOURCES } from '../cluster/kube-resources.js';
import { APP_NAME, COMMON_LABELS, NAMESPACE } from './names.js';
import { rulesFor } from './rbac.js';
import { CONTAINER_SECURITY_CONTEXT, POD_SECURITY_CONTEXT } from './server-objects.js';

/** `audit --watch`'s name (Deployment, ServiceAccount, ClusterRole and binding): the chart's `<fullname>-audit`. */
export const AUDIT_NAME = `${APP_NAME}-audit`;
/** HTTP port of its /healthz, /readyz and /metrics (the chart's `audit.port` default). */
export const AUDIT_PORT = 8080;

// The report kinds `audit` writes: server-side apply (patch; create when new), list to find its own, delete those of
// emptied namespaces (src/cluster/report-writes.ts).
export const REPORT_RESOURCES = [
  { group: 'openreports.io', plural: 'reports' },
  { group: 'wgpolicyk8s.io', plural: 'policyreports' },
] as const;
export const REPORT_VERBS = ['get', 'list', 'create', 'patch', 'delete'] as const;

// Its own name label, so the webhook's Service (which selects app.kubernetes.io/name: dualstack-webhook) never sends
// admission reviews to an audit pod.
const AUDIT_SELECTOR = { 'app.kubernetes.io/name': AUDIT_NAME } as const;
const AUDIT_POD_LABELS = { ...AUDIT_SELECTOR, 'app.kubernetes.io/part-of': APP_NAME, 'app.kubernetes.io/component': 'audit' } as const;

// The chart's `audit.resources` default: judging a few thousand objects is short work; memory grows with them.
export const AUDIT_RESOURCES = { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } } as const;

/** RBAC of `audit`: read the facts and judged kinds of the admin side; write reports. */
export function auditRules(): ReturnType<typeof rulesFor> {
  return [...rulesFor(WATCHED_RESOURCES), ...rulesFor(REPORT_RESOURCES, REPORT_VERBS)];
}

/** The admin side's `audit --watch`: one replica (two would write the same reports), its own identity and RBAC. */
export function renderAuditObjects(options: { image: string }): Record<string, unknown>[] {
  const metadata = (namespaced: boolean) => ({ name: AUDIT_NAME, ...(namespaced ? { namespace: NAMESPACE } : {}), labels: { ...COMMON_LABELS } });
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata(true) },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: metadata(false), rules: auditRules() },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: metadata(false),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: AUDIT_NAME },
      subjects: [{ kind: 'ServiceAccount', name: AUDIT_NAME, namespace: NAMESPACE }],
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { ...metadata(true), labels: { ...COMMON_LABELS, 'app.kubernetes.io/component': 'audit' } },
      spec: {
        replicas: 1,
        // Recreate: never two writers of the same reports.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { ...AUDIT_SELECTOR } },
        template: {
          metadata: { labels: { ...AUDIT_POD_LABELS } },
          spec: {
            serviceAccountName: AUDIT_NAME,
            securityContext: structuredClone(POD_SECURITY_CONTEXT),
            containers: [{
              name: 'audit',
              image: options.image,
              imagePullPolicy: 'IfNotPresent',
              args: ['audit', '--watch', `--port=${AUDIT_PORT}`],
              ports: [{ name: 'http', containerPort: AUDIT_PORT, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 20 },
              resources: structuredClone(AUDIT_RESOURCES),
              securityContext: structuredClone(CONTAINER_SECURITY_CONTEXT),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } }],
          },
        },
      },
    },
  ];
}

/** The workload overlays' patch: no audit pod where the bare-metal kinds are not (kustomize 2.0.3 cannot delete it). */
export function renderAuditStop(): Record<string, unknown> {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: AUDIT_NAME, namespace: NAMESPACE }, spec: { replicas: 0 } };
}
