import { SERVICE_RESOURCE, WATCHED_RESOURCES } from '../cluster/kube-resources.js';
import { REPORT_RESOURCES, REPORT_VERBS } from './audit-objects.js';
import { environmentVariableFor } from '../environment-variables.js';
import { type KindRegistration } from '../rules/index.js';
import { defaultsOf, renderValuesYaml, schemaOf } from './chart-value-tree.js';
import { CHART_SERVE_OPTIONS, CHART_SET_SERVE_OPTIONS, chartValueEntries, sideOf } from './chart-values.js';
import { type ManifestFile } from './manifest-tree.js';
import {
  APP_NAME, CLUSTER_CONFIG_KEY, CLUSTER_CONFIG_MOUNT, CONTAINER_PORT, EXCLUDED_NAMESPACES, NAMESPACE, SERVICE_PORT, TLS_MOUNT,
} from './names.js';
import { rulesFor } from './rbac.js';
import { GENERATED_HEADER, yamlFile } from './yaml-file.js';

/** The chart's folder in the package; `manifests --out` writes its generated files there (`--chart` elsewhere). */
export const CHART_FOLDER = `charts/${APP_NAME}`;

/**
 * The oldest Kubernetes minor the end-to-end suite proves (test/e2e/binaries/kube/go.mod; a test holds the two
 * together): the chart's kubeVersion (docs/install.md "Install with Helm").
 */
export const PROVEN_KUBERNETES = '1.37';

export interface ChartOptions {
  readonly registry: readonly KindRegistration[];
  /** The package version: the chart's version and appVersion, and so the default image tag. */
  readonly version: string;
}

/** The files of the chart that are rendered from the code; the templates beside them are written by hand. */
export const GENERATED_CHART_FILES = ['Chart.yaml', 'values.yaml', 'values.schema.json', 'templates/_generated.tpl'] as const;


function camelCase(option: string): string {
  return option.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function define(name: string, purpose: string, value: unknown): string {
  return `{{- /* ${purpose} */ -}}\n{{- define "${APP_NAME}.${name}" -}}\n${JSON.stringify(value)}\n{{- end -}}\n`;
}

/**
 * templates/_generated.tpl: what the hand-written templates need to know from the code, as JSON each template reads
 * with fromJson/fromJsonArray. The kinds come from the registry, so the chart's webhooks cannot drift from the
 * server's routes nor from manifests/.
 */
function renderGeneratedTemplate(registry: readonly KindRegistration[]): string {
  const kinds = registry.map((registration) => ({
    kind: registration.kind,
    group: registration.group,
    version: registration.version,
    resource: registration.resource,
    side: sideOf(registration),
    validate: [...registration.operations],
    // The mutating webhook never sees DELETE: there is nothing to default on an object going away.
    mutate: registration.mutates ? registration.operations.filter((operation) => operation !== 'DELETE') : [],
  }));
  const options = [...CHART_SET_SERVE_OPTIONS, ...CHART_SERVE_OPTIONS.map((entry) => entry.option)];
  const environment = Object.fromEntries(options.map((option) => [camelCase(option), environmentVariableFor(option)]));
  const constants = {
    namespace: NAMESPACE,
    containerPort: CONTAINER_PORT,
    servicePort: SERVICE_PORT,
    tlsMount: TLS_MOUNT,
    clusterConfigMount: CLUSTER_CONFIG_MOUNT,
    clusterConfigKey: CLUSTER_CONFIG_KEY,
    excludedNamespaces: EXCLUDED_NAMESPACES.filter((name) => name !== NAMESPACE),
  };
  return [
    `{{- /* ${GENERATED_HEADER.slice(2)} Source: src/manifests/chart-files.ts. */ -}}\n`,
    define('kinds', 'The kinds of the registry (src/rules/registry.ts): one validating webhook each, a mutating one where `mutate` lists operations.', kinds),
    define('watchRules', 'RBAC of `serve --watch`: list and watch on exactly what it watches (src/cluster/kube-resources.ts).', rulesFor(WATCHED_RESOURCES)),
    define('auditReadRules', 'RBAC of `audit`: list and watch on the facts and the judged bare-metal kinds.', rulesFor(WATCHED_RESOURCES)),
    define('auditServiceRules', 'RBAC of `audit --services`: list and watch on Services too.', rulesFor([SERVICE_RESOURCE])),
    define('reportRules', 'RBAC of `audit`: write its reports (server-side apply) and delete those of emptied namespaces.', rulesFor(REPORT_RESOURCES, REPORT_VERBS)),
    define('environment', 'The environment variable of each `serve` option, by its values key (src/environment-variables.ts).', environment),
    define('constants', 'Names and ports the code and manifests/ agree on (src/manifests/names.ts).', constants),
  ].join('');
}

function renderChartYaml(version: string): string {
  return yamlFile('The chart of the webhook (docs/install.md "Install with Helm"); versioned with the package.', [{
    apiVersion: 'v2',
    name: APP_NAME,
    description: 'Admission webhook for IPv4/IPv6 dual-stack networking on bare-metal clusters (Anthos / GDC for bare metal)',
    type: 'application',
    version,
    appVersion: version,
    kubeVersion: `>=${PROVEN_KUBERNETES}.0-0`,
    keywords: ['admission-webhook', 'dual-stack', 'ipv6', 'bare-metal'],
  }]);
}

/** The generated files of charts/dualstack-webhook/, by their path relative to the chart. */
export function renderChartFiles(options: ChartOptions): ManifestFile[] {
  const entries = chartValueEntries(options.registry);
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: `${GENERATED_HEADER.slice(2)} Source: src/manifests/chart-values.ts.`,
    title: `${APP_NAME} chart values`,
    ...schemaOf(entries),
  };
  return [
    { path: 'Chart.yaml', text: renderChartYaml(options.version) },
    {
      path: 'values.yaml',
      text: `${GENERATED_HEADER}\n# Source: src/manifests/chart-values.ts. Every value is typed in values.schema.json.\n\n${renderValuesYaml(entries)}`,
    },
    { path: 'values.schema.json', text: `${JSON.stringify(schema, null, 2)}\n` },
    { path: 'templates/_generated.tpl', text: renderGeneratedTemplate(options.registry) },
  ];
}

/** The chart's defaults as Helm reads them (tests compare renders against them). */
export function chartDefaults(registry: readonly KindRegistration[]): Record<string, unknown> {
  return defaultsOf(chartValueEntries(registry));
}
