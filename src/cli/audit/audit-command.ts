import { pino } from 'pino';
import { register } from 'prom-client';
import { ApiUnreadableError, type AuditSource, startAuditSource } from '../../cluster/audit-source.js';
import { reportWrites, servedGroupVersions } from '../../cluster/report-writes.js';
import { describeError } from '../../cluster/watch-kind.js';
import { WatchConfigurationError, loadKubeConfig } from '../../cluster/watch-facts-source.js';
import { DEFAULT_SETTINGS, type Settings } from '../../rules/index.js';
import { DEFAULT_HOST } from '../../server/https-server.js';
import { LOG_LEVELS, createLogger } from '../../server/logger.js';
import {
  CLUSTER_OPTION, type OptionSpecs, formatOptions, parseArguments, parseChoice, parseClusterChoice, parseDefaultIpFamilyPolicy, parseInteger,
} from '../arguments.js';
import { type OutputRequest, parseOutputs, writeOutputs } from '../check/check-writers.js';
import { createAuditMetrics } from './audit-metrics.js';
import { startAuditHttp } from './audit-http.js';
import { Auditor, type ReportTarget } from './auditor.js';
import { REPORT_APIS, type ReportApi, type ReportFormat } from './report.js';

const REPORT_CHOICES = ['auto', 'openreports', 'policyreport', 'none'] as const;

/** docs/audit.md "Options": each also from DUALSTACK_WEBHOOK_<OPTION> (the Deployment sets them so). */
export const AUDIT_OPTIONS = {
  kubeconfig: { type: 'string', value: 'FILE', description: 'kubeconfig (in-cluster configuration by default)' },
  watch: { type: 'boolean', description: 'keep running and keep the reports true as objects and facts change' },
  namespace: { type: 'string', value: 'NS', multiple: true, description: 'judge and report only this namespace; may repeat' },
  services: { type: 'boolean', description: 'judge Services too (the workload side)' },
  cluster: CLUSTER_OPTION,
  reports: {
    type: 'string', value: 'KIND', default: 'auto',
    description: 'auto (Report when served, else PolicyReport, else none), openreports, policyreport or none',
  },
  output: {
    type: 'string', short: 'o', value: 'FORMAT[=FILE]', multiple: true, default: 'text',
    description: 'text, json, sarif, github or junit, as check prints them; may repeat',
  },
  'default-ip-family-policy': {
    type: 'string', value: 'P', description: 'PreferDualStack or RequireDualStack for Services without one (D16)',
  },
  'max-service-host-bits': {
    type: 'string', value: 'N', description: 'C-9 limit on IPv6 service range host bits; 0 turns it off',
    default: String(DEFAULT_SETTINGS.maxServiceHostBits),
  },
  port: { type: 'string', value: 'N', description: '--watch: HTTP port of /healthz, /readyz and /metrics', default: '8080' },
  host: { type: 'string', value: 'ADDR', description: '--watch: listen address of that port', default: DEFAULT_HOST },
  'log-level': { type: 'string', value: 'L', description: 'debug, info, warn or error (JSON lines on stderr)', default: 'info' },
} as const satisfies OptionSpecs;

const USAGE = `usage: dualstack-webhook audit [options]

Judges what is already stored: lists Clusters, NodePools, ClusterCIDRConfigs (and Services with --services) through
the API, judges each as a CREATE with the webhook's rules, prints what check prints (the object's API path in place
of file:line), and writes one report per namespace (OpenReports Report, else wg-policy PolicyReport) with server-side
apply.

options:
${formatOptions(AUDIT_OPTIONS, { environment: true })}
exit status: 0 nothing denied, 1 something denied, 2 the API cannot be read (or reports cannot be written) or bad usage
`;

interface AuditConfig {
  readonly kubeconfig: string | undefined;
  readonly watch: boolean;
  readonly namespaces: ReadonlySet<string> | undefined;
  readonly services: boolean;
  readonly reports: (typeof REPORT_CHOICES)[number];
  readonly outputs: OutputRequest[];
  readonly settings: Settings;
  readonly port: number;
  readonly host: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
}

type Usage = { ok: true; config: AuditConfig } | { ok: false; error: string } | { ok: 'help' };

function parseUsage(argv: readonly string[], environment: Readonly<Record<string, string | undefined>>): Usage {
  const parsed = parseArguments(argv, AUDIT_OPTIONS, { environment });
  if (!parsed.ok) return parsed;
  if (parsed.help) return { ok: 'help' };
  const { values } = parsed;
  const outputs = parseOutputs(values.output ?? ['text']);
  if (!outputs.ok) return outputs;
  const reports = parseChoice('reports', values.reports!, REPORT_CHOICES);
  if (!reports.ok) return reports;
  const hostBits = parseInteger('max-service-host-bits', values['max-service-host-bits']!, { min: 0, max: 128 });
  if (!hostBits.ok) return hostBits;
  const port = parseInteger('port', values.port!, { min: 0, max: 65535 });
  if (!port.ok) return port;
  const logLevel = parseChoice('log-level', values['log-level']!, LOG_LEVELS);
  if (!logLevel.ok) return logLevel;
  const policy = parseDefaultIpFamilyPolicy(values['default-ip-family-policy']);
  if (!policy.ok) return policy;
  const cluster = parseClusterChoice(values.cluster);
  if (!cluster.ok) return cluster;
  const namespaces = values.namespace;
  if (namespaces?.some((namespace) => namespace === '')) return { ok: false, error: '--namespace: must not be empty' };
  return {
    ok: true,
    config: {
      kubeconfig: values.kubeconfig,
      watch: values.watch === true,
      namespaces: namespaces === undefined || namespaces.length === 0 ? undefined : new Set(namespaces),
      services: values.services === true,
      reports: reports.value,
      outputs: outputs.value,
      // Every object is judged as a CREATE, so D19's ratcheting (an UPDATE's old object) has nothing to set aside.
      settings: { ...DEFAULT_SETTINGS, maxServiceHostBits: hostBits.value, defaultIpFamilyPolicy: policy.value, cluster: cluster.value },
      port: port.value,
      host: values.host!,
      logLevel: logLevel.value,
    },
  };
}

class AuditFailure extends Error {}

/** The report kind to write: `--reports`, with `auto` deciding by what the API serves (its discovery). */
async function reportApiFor(choice: AuditConfig['reports'], served: () => Promise<Set<string>>): Promise<ReportApi | undefined> {
  if (choice === 'none') return undefined;
  let groupVersions: Set<string>;
  try {
    groupVersions = await served();
  } catch (error) {
    throw new AuditFailure(`cannot read the API's groups (/apis): ${describeError(error)}`);
  }
  const isServed = (api: ReportApi) => groupVersions.has(`${api.group}/${api.version}`);
  if (choice !== 'auto') {
    const api = REPORT_APIS[choice as ReportFormat];
    if (!isServed(api)) throw new AuditFailure(`--reports ${choice}: the API does not serve ${api.group}/${api.version} (install the ${api.kind} CRD: docs/audit.md)`);
    return api;
  }
  return [REPORT_APIS.openreports, REPORT_APIS.policyreport].find(isServed);
}

function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/** `dualstack-webhook audit`: 0 nothing denied, 1 something denied, 2 the API unreadable or bad usage. */
export async function runAudit(argv: string[]): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`dualstack-webhook audit: ${message}\n`);
    return 2;
  };
  process.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'EPIPE') throw error; });
  const usage = parseUsage(argv, process.env);
  if (usage.ok === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!usage.ok) return fail(`${usage.error} (see --help)`);
  const { config } = usage;

  let kubeConfig;
  try {
    kubeConfig = loadKubeConfig(config.kubeconfig, 'audit');
  } catch (error) {
    if (error instanceof WatchConfigurationError) return fail(error.message);
    throw error;
  }
  // Logs go to stderr: stdout carries the outputs check prints.
  const logger = createLogger(config.logLevel, pino.destination(2));
  const metrics = config.watch ? createAuditMetrics(register) : undefined;
  let auditor: Auditor | undefined;
  // A one-shot audit says in one line why the API cannot be read; the watch loops' retries are for --watch to log.
  const watchLogger = config.watch ? logger.child({ component: 'watch' }) : createLogger('error', pino.destination(2));
  const source: AuditSource = startAuditSource({
    kubeConfig, services: config.services, logger: watchLogger,
    onChange: config.watch ? (change) => auditor?.changed(change) : undefined,
  });
  const stopSignal = config.watch ? signalled() : undefined;
  try {
    try {
      await source.listed;
    } catch (error) {
      if (error instanceof ApiUnreadableError) throw new AuditFailure(`cannot read the API: ${error.message}`);
      throw error;
    }
    const api = await reportApiFor(config.reports, () => servedGroupVersions(kubeConfig));
    if (config.reports === 'auto' && api === undefined) {
      process.stderr.write('dualstack-webhook audit: the API serves neither openreports.io/v1alpha1 Reports nor '
        + 'wgpolicyk8s.io/v1alpha2 PolicyReports: no reports written (their CRDs: docs/audit.md)\n');
    }
    const reports: ReportTarget | undefined = api && { api, writes: reportWrites(kubeConfig, api) };
    auditor = new Auditor({ source, settings: config.settings, namespaces: config.namespaces, reports, logger, metrics });
    auditor.judgeAll();
    const problems = await auditor.writeAll();
    if (problems.length > 0 && !config.watch) {
      throw new AuditFailure(`${problems.length} report write${problems.length === 1 ? '' : 's'} failed; the first: ${problems[0]}`);
    }
    const results = auditor.results();
    const exitCode = results.some((result) => !result.allowed) ? 1 : 0;
    try {
      await writeOutputs(results, config.outputs, {
        quiet: false, exitCode, stdout: process.stdout, stepSummary: process.env.GITHUB_STEP_SUMMARY,
      });
    } catch (error) {
      // An --output file (or the step summary) that cannot be written: bad usage, said as check says it.
      throw new AuditFailure(describeError(error));
    }
    if (!config.watch) return exitCode;

    let stopping = false;
    let http;
    try {
      http = await startAuditHttp({ host: config.host, port: config.port, registry: register, ready: () => !stopping });
    } catch (error) {
      throw new AuditFailure(`--port ${config.port}: ${describeError(error)}`);
    }
    auditor.resume();
    logger.info({ port: http.port, reports: api?.kind ?? 'none', objects: results.length }, 'audit watching');
    const signal = await stopSignal!;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await auditor.stop();
    await http.close();
    return 0;
  } catch (error) {
    if (error instanceof AuditFailure) return fail(error.message);
    throw error;
  } finally {
    await auditor?.stop();
    await source.stop();
  }
}
