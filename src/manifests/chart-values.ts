import { type KindRegistration } from '../rules/index.js';
import { type ValueEntry } from './chart-value-tree.js';
import { AUDIT_PORT, AUDIT_RESOURCES } from './audit-objects.js';
import { CLUSTER_CONFIG_MAP, EXCLUDED_NAMESPACES, IMAGE_REPOSITORY, NAMESPACE } from './names.js';
import { CONTAINER_SECURITY_CONTEXT, POD_SECURITY_CONTEXT, SERVER_RESOURCES } from './server-objects.js';

/** Which cluster a kind's objects are written in (docs/install.md "Where the objects live"): the chart's `side` picks by it. */
export type Side = 'admin' | 'workload';

/** The bare-metal kinds live in the admin (or self-managed) cluster; Services in every cluster. */
export function sideOf(registration: KindRegistration): Side {
  return registration.group === '' ? 'workload' : 'admin';
}

/**
 * The `serve` options a user sets through the chart's `serve:` values, by their values key (camelCase). The others
 * are set by the chart itself (CHART_SET_SERVE_OPTIONS); a test holds the two lists to `serve`'s options.
 */
export interface ChartServeOption {
  readonly option: string;
  readonly key: string;
  readonly comment: string;
  readonly value: unknown;
  readonly schema: Record<string, unknown>;
}

export const CHART_SERVE_OPTIONS: readonly ChartServeOption[] = [
  {
    option: 'log-level', key: 'logLevel', value: 'info',
    comment: 'debug, info, warn or error. JSON lines on stdout; allowed reviews log at debug, every other decision at info.',
    schema: { type: 'string', enum: ['debug', 'info', 'warn', 'error'] },
  },
  {
    option: 'default-ip-family-policy', key: 'defaultIpFamilyPolicy', value: '',
    comment: 'PreferDualStack or RequireDualStack: set on Services that leave ipFamilyPolicy unset on a dual-stack\n'
      + 'cluster (docs/rules.md D16). Empty: as Kubernetes (SingleStack).',
    schema: { type: 'string', enum: ['', 'PreferDualStack', 'RequireDualStack'] },
  },
  {
    option: 'max-service-host-bits', key: 'maxServiceHostBits', value: 20,
    comment: 'C-9: the most host bits an IPv6 service range may have; 0 turns the rule off.',
    schema: { type: 'integer', minimum: 0, maximum: 128 },
  },
  {
    option: 'allow-existing-violations', key: 'allowExistingViolations', value: true,
    comment: 'On UPDATE of a Cluster, NodePool or ClusterCIDRConfig, a violation the old object already had at an\n'
      + 'unchanged value is a warning, not a denial (docs/rules.md D19); false judges every UPDATE in full.',
    schema: { type: 'boolean' },
  },
  {
    option: 'cluster', key: 'cluster', value: '',
    comment: 'NAMESPACE/NAME of the Cluster whose Services are judged when the facts hold several (docs/rules.md D18).\n'
      + 'Empty: the only Cluster, if there is one.',
    schema: { type: 'string', pattern: '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?$' },
  },
  {
    option: 'tls-min-version', key: 'tlsMinVersion', value: '1.2',
    comment: 'The lowest TLS version the webhook accepts: 1.2 or 1.3.',
    schema: { type: 'string', enum: ['1.2', '1.3'] },
  },
  {
    option: 'client-ca', key: 'clientCaConfigMap', value: '',
    comment: 'A ConfigMap (key ca.crt) in the release namespace with the CA of kube-apiserver\'s client certificate:\n'
      + 'the webhook then requires that certificate (mutual TLS). Empty: no client certificate asked.',
    schema: { type: 'string' },
  },
  {
    option: 'shutdown-delay', key: 'shutdownDelay', value: 5,
    comment: 'Seconds the webhook keeps accepting reviews after SIGTERM, while the endpoints drop the pod.',
    schema: { type: 'integer', minimum: 0, maximum: 600 },
  },
];

/** `serve` options the chart sets from its own structure (port, certificate, facts source), never from `serve:`. */
export const CHART_SET_SERVE_OPTIONS = ['port', 'host', 'tls-cert', 'tls-key', 'watch', 'kubeconfig', 'cluster-config'] as const;

const FAILURE_POLICY_SCHEMA = { type: 'string', enum: ['Fail', 'Ignore'] };
const KUBERNETES_OBJECT = { type: 'object' };
const LABEL_SELECTOR = {
  type: 'object',
  additionalProperties: false,
  properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } }, matchExpressions: { type: 'array' } },
};
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };
const BASE64 = { type: 'string', pattern: '^[A-Za-z0-9+/=]*$' };

function failurePolicyEntries(registry: readonly KindRegistration[]): ValueEntry[] {
  return registry.map((registration) => ({
    key: registration.resource,
    comment: `${registration.kind} (${registration.group || 'core'}/${registration.version}).`,
    value: registration.failurePolicy,
    schema: FAILURE_POLICY_SCHEMA,
  }));
}

/** Every value of the chart, with its comment, default and schema, in the order values.yaml lists them. */
export function chartValueEntries(registry: readonly KindRegistration[]): ValueEntry[] {
  const kindsOf = (side: Side) => registry.filter((registration) => sideOf(registration) === side)
    .map((registration) => registration.kind).join(', ');
  return [
    {
      key: 'side',
      comment: 'Which kinds the webhooks police (docs/install.md "Where the objects live"):\n'
        + `  admin: ${kindsOf('admin')}; facts from the API (serve --watch).\n`
        + `  workload: ${kindsOf('workload')}; facts from the cluster configuration in ConfigMap clusterConfig.configMap.\n`
        + '  all: every kind; facts from the API (an admin or self-managed cluster, as manifests/base).',
      value: 'all',
      schema: { type: 'string', enum: ['admin', 'workload', 'all'] },
    },
    {
      key: 'failurePolicy',
      comment: 'What kube-apiserver does with a request when the webhook cannot answer, per resource: Fail refuses it,\n'
        + 'Ignore lets it through unjudged. Services fail open: an outage must not stop every deployment.',
      entries: failurePolicyEntries(registry),
    },
    {
      key: 'timeoutSeconds',
      comment: 'Seconds kube-apiserver waits for the webhook\'s answer before the failurePolicy applies (1-30).',
      value: 5,
      schema: { type: 'integer', minimum: 1, maximum: 30 },
    },
    {
      key: 'namespaceSelector',
      comment: `Namespaces whose objects the webhooks see. Empty: every namespace but ${EXCLUDED_NAMESPACES.filter((name) => name !== NAMESPACE).join(', ')}\n`
        + 'and the release\'s own (so the webhook can never block its own repair).',
      value: {},
      schema: LABEL_SELECTOR,
    },
    {
      key: 'objectSelector',
      comment: 'Objects the webhooks see, by their labels. Empty: all.',
      value: {},
      schema: LABEL_SELECTOR,
    },
    {
      key: 'matchConditions',
      comment: 'CEL conditions a request must meet to be sent to the webhooks ({name, expression}; at most 64).',
      value: [],
      schema: {
        type: 'array',
        maxItems: 64,
        items: {
          type: 'object', additionalProperties: false, required: ['name', 'expression'],
          properties: { name: { type: 'string' }, expression: { type: 'string' } },
        },
      },
    },
    {
      key: 'certificates',
      comment: 'The webhook\'s serving certificate and the caBundle kube-apiserver verifies it with.',
      entries: [
        {
          key: 'source',
          comment: 'certManager: cert-manager issues it and its cainjector writes the caBundle (cert-manager installed first).\n'
            + 'existingSecret: a kubernetes.io/tls Secret you made (tls.crt, tls.key), and its CA in caBundle.\n'
            + 'url: the webhook runs outside the cluster; the chart installs only the webhook configurations.',
          value: 'certManager',
          schema: { type: 'string', enum: ['certManager', 'existingSecret', 'url'] },
        },
        {
          key: 'certManager',
          comment: 'With source certManager.',
          entries: [
            {
              key: 'issuerRef',
              comment: 'An Issuer or ClusterIssuer of yours ({name, kind, group}) that signs the serving certificate.\n'
                + 'Empty: the chart makes its own self-signed CA (Issuer and Certificate) in the release namespace.',
              value: {},
              schema: {
                type: 'object', additionalProperties: false,
                properties: { name: { type: 'string' }, kind: { type: 'string' }, group: { type: 'string' } },
              },
            },
            {
              key: 'duration', comment: 'Lifetime of the serving certificate (a Go duration).', value: '2160h',
              schema: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(h|m|s|ms))+$' },
            },
            {
              key: 'renewBefore', comment: 'How long before expiry cert-manager renews it (the pods re-read it).', value: '720h',
              schema: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(h|m|s|ms))+$' },
            },
          ],
        },
        {
          key: 'existingSecret',
          comment: 'With source existingSecret.',
          entries: [
            {
              key: 'name', comment: 'The Secret in the release namespace holding tls.crt and tls.key.', value: '',
              schema: { type: 'string' },
            },
            {
              key: 'caBundle',
              comment: 'base64 of the PEM CA certificate that signed it. Empty: read from the Secret\'s ca.crt at install.',
              value: '', schema: BASE64,
            },
          ],
        },
        {
          key: 'url',
          comment: 'With source url: a webhook served outside the cluster (local development, the end-to-end tests).',
          entries: [
            {
              key: 'baseUrl', comment: 'https://HOST[:PORT][/PATH]; kube-apiserver calls BASE/validate and BASE/mutate.',
              value: '', schema: { type: 'string', pattern: '^$|^https://[^/?#@\\s]+(/[^?#\\s]*)?$' },
            },
            { key: 'caBundle', comment: 'base64 of the PEM CA certificate that signed its serving certificate.', value: '', schema: BASE64 },
          ],
        },
      ],
    },
    {
      key: 'clusterConfig',
      comment: 'side workload: where the webhook reads the cluster\'s facts (docs/install.md "3. Workload side").',
      entries: [{
        key: 'configMap',
        comment: 'The ConfigMap in the release namespace holding bmctl\'s cluster configuration and/or ServiceCIDR\n'
          + 'documents under the key cluster.yaml. Create it before the release.',
        value: CLUSTER_CONFIG_MAP,
        schema: { type: 'string', minLength: 1 },
      }],
    },
    {
      key: 'serve',
      comment: 'Options of `dualstack-webhook serve` (docs/webhook.md); the chart sets the port, certificate and facts source.',
      entries: CHART_SERVE_OPTIONS.map(({ key, comment, value, schema }) => ({ key, comment, value, schema })),
    },
    {
      key: 'image',
      comment: 'The webhook\'s container image (npm run image; docs/install.md "1. Build and push the image").',
      entries: [
        { key: 'repository', comment: 'Registry and name, e.g. registry.example/dualstack-webhook.', value: IMAGE_REPOSITORY, schema: { type: 'string', minLength: 1 } },
        { key: 'tag', comment: 'Empty: the chart\'s appVersion.', value: '', schema: { type: 'string' } },
        {
          key: 'digest', comment: 'sha256:... When set, the image is pulled by digest (repository:tag@digest).', value: '',
          schema: { type: 'string', pattern: '^$|^sha256:[a-f0-9]{64}$' },
        },
        { key: 'pullPolicy', comment: 'Always, IfNotPresent or Never.', value: 'IfNotPresent', schema: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] } },
      ],
    },
    {
      key: 'imagePullSecrets', comment: 'Secrets for a private registry: [{name: ...}].', value: [],
      schema: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    },
    {
      key: 'replicaCount', comment: 'Webhook pods. Two keep it answering through a node drain or a rollout.', value: 2,
      schema: { type: 'integer', minimum: 1 },
    },
    {
      key: 'podDisruptionBudget',
      comment: 'Keeps pods serving through voluntary disruptions (node drains).',
      entries: [
        { key: 'enabled', comment: 'Install the PodDisruptionBudget.', value: true, schema: { type: 'boolean' } },
        { key: 'minAvailable', comment: 'Pods that must stay available.', value: 1, schema: { type: ['integer', 'string'] } },
      ],
    },
    {
      key: 'service',
      comment: 'The Service kube-apiserver calls the webhook through (443 to the pods\' 8443).',
      entries: [
        {
          key: 'ipFamilyPolicy',
          comment: 'PreferDualStack: both families where the cluster has them (it runs in dual-stack clusters), one elsewhere.',
          value: 'PreferDualStack',
          schema: { type: 'string', enum: ['SingleStack', 'PreferDualStack', 'RequireDualStack'] },
        },
        {
          key: 'ipFamilies', comment: 'IPv4 and/or IPv6, primary first. Empty: the cluster\'s order.', value: [],
          schema: { type: 'array', maxItems: 2, uniqueItems: true, items: { type: 'string', enum: ['IPv4', 'IPv6'] } },
        },
      ],
    },
    {
      key: 'resources',
      comment: 'Requests, and a memory limit; no CPU limit (it would throttle admission latency under bursts).',
      value: SERVER_RESOURCES, schema: KUBERNETES_OBJECT,
    },
    {
      key: 'podSecurityContext',
      comment: 'The pods\' security context: non-root (uid 65532, the image\'s user), the restricted Pod Security Standard.',
      value: POD_SECURITY_CONTEXT, schema: KUBERNETES_OBJECT,
    },
    {
      key: 'securityContext',
      comment: 'The container\'s security context: no privilege escalation, no capabilities, read-only root filesystem.',
      value: CONTAINER_SECURITY_CONTEXT, schema: KUBERNETES_OBJECT,
    },
    { key: 'priorityClassName', comment: 'The pods\' PriorityClass. Empty: none.', value: '', schema: { type: 'string' } },
    {
      key: 'topologySpreadConstraints',
      comment: 'Empty: spread over zones when possible (maxSkew 1, ScheduleAnyway). A list replaces that.',
      value: [], schema: { type: 'array', items: KUBERNETES_OBJECT },
    },
    {
      key: 'affinity',
      comment: 'Empty: prefer one pod per node (podAntiAffinity by hostname). An affinity replaces that.',
      value: {}, schema: KUBERNETES_OBJECT,
    },
    { key: 'tolerations', comment: 'The pods\' tolerations.', value: [], schema: { type: 'array', items: KUBERNETES_OBJECT } },
    { key: 'nodeSelector', comment: 'The pods\' nodeSelector.', value: {}, schema: STRING_MAP },
    { key: 'podAnnotations', comment: 'Annotations added to the pods.', value: {}, schema: STRING_MAP },
    { key: 'podLabels', comment: 'Labels added to the pods.', value: {}, schema: STRING_MAP },
    {
      key: 'audit',
      comment: '`dualstack-webhook audit --watch`: judges what is already stored and writes policy reports\n'
        + '(its own single-replica Deployment, facts from the API; docs/audit.md). The report CRDs come from upstream.',
      entries: [
        {
          key: 'enabled', comment: 'Install the audit Deployment and its RBAC (in the cluster, side admin or all only).', value: true,
          schema: { type: 'boolean' },
        },
        { key: 'services', comment: 'Also judge the stored Services (--services).', value: false, schema: { type: 'boolean' } },
        { key: 'port', comment: 'HTTP port of /healthz, /readyz and /metrics.', value: AUDIT_PORT, schema: { type: 'integer', minimum: 1, maximum: 65535 } },
        {
          key: 'resources', comment: 'The audit container\'s resources.',
          value: structuredClone(AUDIT_RESOURCES), schema: KUBERNETES_OBJECT,
        },
      ],
    },
    {
      key: 'global', comment: 'Helm\'s values shared with subcharts; this chart has none and reads nothing here.', value: {},
      schema: { type: 'object' },
    },
  ];
}
