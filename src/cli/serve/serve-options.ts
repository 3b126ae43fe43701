import path from 'node:path';
import { EXAMPLE_CLUSTER_CONFIG } from '../../paths.js';
import { type Settings } from '../../rules/index.js';
import { DEFAULT_HOST, type HttpsOptions } from '../../server/https-server.js';
import { LOG_LEVELS, type LogLevel } from '../../server/logger.js';
import {
  ALLOW_EXISTING_VIOLATIONS_OPTION, CLUSTER_OPTION, type OptionSpecs, formatOptions, parseArguments, parseBoolean, parseChoice,
  parseClusterChoice, parseInteger,
} from '../arguments.js';

export const DEV_CERTIFICATE_FOLDER = 'certs';

/** docs/webhook.md "Options": every option, each also from DUALSTACK_WEBHOOK_<OPTION>. */
export const SERVE_OPTIONS = {
  port: { type: 'string', value: 'N', description: 'HTTPS port', default: '8443' },
  host: { type: 'string', value: 'ADDR', description: 'listen address (:: falls back to 0.0.0.0 without IPv6)', default: DEFAULT_HOST },
  'tls-cert': {
    type: 'string', value: 'FILE', description: 'serving certificate (PEM), re-read when it changes',
    default: path.join(DEV_CERTIFICATE_FOLDER, 'tls.crt'),
  },
  'tls-key': {
    type: 'string', value: 'FILE', description: 'serving key (PEM), re-read when it changes',
    default: path.join(DEV_CERTIFICATE_FOLDER, 'tls.key'),
  },
  'tls-min-version': { type: 'string', value: 'V', description: 'lowest TLS version accepted: 1.2 or 1.3', default: '1.2' },
  'client-ca': { type: 'string', value: 'FILE', description: 'require client certificates signed by this CA (mutual TLS)' },
  'cluster-config': {
    type: 'string', value: 'FILE',
    description: 'cluster facts: Cluster, NodePool, ClusterCIDRConfig and/or ServiceCIDR documents',
    default: EXAMPLE_CLUSTER_CONFIG,
  },
  watch: { type: 'boolean', description: 'cluster facts from the API, kept current with watches' },
  kubeconfig: { type: 'string', value: 'FILE', description: 'kubeconfig for --watch (in-cluster config by default)' },
  'default-ip-family-policy': {
    type: 'string', value: 'P',
    description: 'PreferDualStack or RequireDualStack for Services leaving ipFamilyPolicy unset on dual-stack clusters (D16)',
  },
  'max-service-host-bits': { type: 'string', value: 'N', description: 'C-9 limit on IPv6 service range host bits; 0 turns it off', default: '20' },
  cluster: CLUSTER_OPTION,
  'allow-existing-violations': ALLOW_EXISTING_VIOLATIONS_OPTION,
  'log-level': { type: 'string', value: 'L', description: 'debug, info, warn or error (JSON lines on stdout)', default: 'info' },
  'shutdown-delay': {
    type: 'string', value: 'SECONDS',
    description: 'after SIGTERM, keep serving new connections this long while endpoints drop the pod', default: '0',
  },
} as const satisfies OptionSpecs;

export interface ServeConfig {
  readonly port: number;
  readonly host: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Both certificate paths are the defaults: missing files are generated for development. */
  readonly devCertificates: boolean;
  readonly minVersion: HttpsOptions['minVersion'];
  readonly clientCaFile: string | undefined;
  readonly clusterConfig: string | undefined;
  readonly watch: boolean;
  readonly kubeconfig: string | undefined;
  readonly settings: Settings;
  readonly logLevel: LogLevel;
  readonly shutdownDelayMs: number;
}

export type ServeArguments =
  | { readonly kind: 'config'; readonly config: ServeConfig }
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'error'; readonly message: string };

export const SERVE_USAGE = 'usage: dualstack-webhook serve [options]\n\nThe HTTPS admission webhook: POST /validate, POST /mutate, GET /healthz, /readyz, /metrics.\n\noptions:\n';

/** argv + environment → a checked configuration, or a message for exit status 2. */
export function parseServeArguments(argv: readonly string[], environment: Readonly<Record<string, string | undefined>>): ServeArguments {
  const parsed = parseArguments(argv, SERVE_OPTIONS, { environment });
  if (!parsed.ok) return { kind: 'error', message: parsed.error };
  if (parsed.help) return { kind: 'help', text: SERVE_USAGE + formatOptions(SERVE_OPTIONS, { environment: true }) };
  const { values, sources } = parsed;
  const port = parseInteger('port', values.port!, { min: 0, max: 65535 });
  if (!port.ok) return { kind: 'error', message: port.error };
  const hostBits = parseInteger('max-service-host-bits', values['max-service-host-bits']!, { min: 0, max: 128 });
  if (!hostBits.ok) return { kind: 'error', message: hostBits.error };
  const delay = parseInteger('shutdown-delay', values['shutdown-delay']!, { min: 0, max: 600 });
  if (!delay.ok) return { kind: 'error', message: delay.error };
  const minVersion = parseChoice('tls-min-version', values['tls-min-version']!, ['1.2', '1.3'] as const);
  if (!minVersion.ok) return { kind: 'error', message: minVersion.error };
  const logLevel = parseChoice('log-level', values['log-level']!, LOG_LEVELS);
  if (!logLevel.ok) return { kind: 'error', message: logLevel.error };
  let policy: Settings['defaultIpFamilyPolicy'];
  if (values['default-ip-family-policy'] !== undefined) {
    const choice = parseChoice('default-ip-family-policy', values['default-ip-family-policy'], ['PreferDualStack', 'RequireDualStack'] as const);
    if (!choice.ok) return { kind: 'error', message: choice.error };
    policy = choice.value;
  }
  const cluster = parseClusterChoice(values.cluster);
  if (!cluster.ok) return { kind: 'error', message: cluster.error };
  const allowExisting = parseBoolean('allow-existing-violations', values['allow-existing-violations']!);
  if (!allowExisting.ok) return { kind: 'error', message: allowExisting.error };
  const host = values.host!;
  if (host === '') return { kind: 'error', message: '--host: must not be empty' };
  const watch = values.watch === true;
  const clusterConfigGiven = sources['cluster-config'] !== 'default';
  if (watch && clusterConfigGiven) return { kind: 'error', message: '--cluster-config and --watch exclude each other: facts come from one place' };
  if (!watch && values.kubeconfig !== undefined) return { kind: 'error', message: '--kubeconfig needs --watch' };
  return {
    kind: 'config',
    config: {
      port: port.value,
      host,
      certFile: values['tls-cert']!,
      keyFile: values['tls-key']!,
      devCertificates: sources['tls-cert'] === 'default' && sources['tls-key'] === 'default',
      minVersion: minVersion.value === '1.3' ? 'TLSv1.3' : 'TLSv1.2',
      clientCaFile: values['client-ca'],
      clusterConfig: watch ? undefined : values['cluster-config'],
      watch,
      kubeconfig: values.kubeconfig,
      settings: {
        maxServiceHostBits: hostBits.value, allowExistingViolations: allowExisting.value, ...(policy ? { defaultIpFamilyPolicy: policy } : {}), ...(cluster.value ? { cluster: cluster.value } : {}),
      },
      logLevel: logLevel.value,
      shutdownDelayMs: delay.value * 1000,
    },
  };
}
