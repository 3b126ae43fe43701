import { type SourceDocument, UnreadableInputError, readDocuments } from '../../documents/documents.js';
import { DEFAULT_SETTINGS, type Settings } from '../../rules/index.js';
import {
  ALLOW_EXISTING_VIOLATIONS_OPTION, CLUSTER_OPTION, type OptionSpecs, formatOptions, parseArguments, parseBoolean, parseChoice,
  parseClusterChoice, parseDefaultIpFamilyPolicy, parseInteger,
} from '../arguments.js';
import { configurationsOf, duplicateIn } from '../../documents/configurations.js';
import { type CheckResult, checkDocuments } from './check-judge.js';
import { type OutputRequest, parseOutputs, writeOutputs } from './check-writers.js';

const OPTIONS = {
  'cluster-config': {
    type: 'string', value: 'FILE',
    description: 'more cluster facts, not judged (bmctl configuration, ServiceCIDRs)',
  },
  cluster: CLUSTER_OPTION,
  'allow-existing-violations': ALLOW_EXISTING_VIOLATIONS_OPTION,
  'each-file': { type: 'boolean', description: 'judge every file as a configuration of its own (its documents plus --cluster-config)' },
  old: { type: 'string', value: 'FILE', description: 'judge input objects found in FILE as an UPDATE of them' },
  output: {
    type: 'string', short: 'o', value: 'FORMAT[=FILE]', multiple: true, default: 'text',
    description: 'text, json, sarif, github or junit, to stdout or FILE; may repeat',
  },
  'fail-on': { type: 'string', value: 'LEVEL', description: 'deny, or warn to exit 1 on warnings too', default: 'deny' },
  quiet: { type: 'boolean', short: 'q', description: 'text: only WARN and DENY objects and the summary' },
  'default-ip-family-policy': {
    type: 'string', value: 'POLICY',
    description: 'PreferDualStack or RequireDualStack for Services without one (D16)',
  },
  'max-service-host-bits': {
    type: 'string', value: 'N', description: 'C-9 limit on IPv6 service range host bits, 0 = off',
    default: String(DEFAULT_SETTINGS.maxServiceHostBits),
  },
} as const satisfies OptionSpecs;

const USAGE = `usage: dualstack-webhook check [PATH|-]... [options]

Judges manifests offline with the webhook's rules: every document of files, folders (recursively: .yaml, .yml,
.json) and - (stdin) is a CREATE; the input documents (plus --cluster-config) are the whole cluster configuration, in which
the same object twice is an error (exit 2); --each-file judges every file as a configuration of its own.

options:
${formatOptions(OPTIONS)}
exit status: 0 everything admitted, 1 something denied, 2 unreadable input or bad usage
`;

export interface CheckStreams {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Read for GITHUB_STEP_SUMMARY; process.env when not given. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

type Usage = {
  ok: true; paths: string[]; clusterConfig?: string; old?: string; eachFile: boolean; outputs: OutputRequest[]; failOnWarn: boolean;
  quiet: boolean; settings: Settings;
}
  | { ok: false; error: string } | { ok: 'help' };

function parseUsage(argv: readonly string[]): Usage {
  const parsed = parseArguments(argv, OPTIONS, { positionals: true });
  if (!parsed.ok) return parsed;
  if (parsed.help) return { ok: 'help' };
  const { values } = parsed;
  if (parsed.positionals.length === 0) return { ok: false, error: 'no input: give files, folders or - for stdin' };
  const stdinUses = [...parsed.positionals, values['cluster-config'], values.old].filter((entry) => entry === '-').length;
  if (stdinUses > 1) return { ok: false, error: '- (stdin) can be read only once' };
  const outputs = parseOutputs(values.output ?? ['text']);
  if (!outputs.ok) return outputs;
  const failOn = parseChoice('fail-on', values['fail-on'] ?? 'deny', ['deny', 'warn']);
  if (!failOn.ok) return failOn;
  const hostBits = parseInteger('max-service-host-bits', values['max-service-host-bits'] ?? '', { min: 0, max: 128 });
  if (!hostBits.ok) return hostBits;
  const policy = parseDefaultIpFamilyPolicy(values['default-ip-family-policy']);
  if (!policy.ok) return policy;
  const defaultIpFamilyPolicy = policy.value;
  const cluster = parseClusterChoice(values.cluster);
  if (!cluster.ok) return cluster;
  const allowExisting = parseBoolean('allow-existing-violations', values['allow-existing-violations'] ?? 'true');
  if (!allowExisting.ok) return allowExisting;
  return {
    ok: true,
    paths: parsed.positionals,
    ...(values['cluster-config'] === undefined ? {} : { clusterConfig: values['cluster-config'] }),
    ...(values.old === undefined ? {} : { old: values.old }),
    eachFile: values['each-file'] === true,
    outputs: outputs.value,
    failOnWarn: failOn.value === 'warn',
    quiet: values.quiet === true,
    settings: {
      ...DEFAULT_SETTINGS, maxServiceHostBits: hostBits.value, allowExistingViolations: allowExisting.value, defaultIpFamilyPolicy,
      cluster: cluster.value,
    },
  };
}

/** `dualstack-webhook check`: 0 when everything is admitted, 1 when anything is denied, 2 for bad input or usage. */
export async function runCheck(argv: string[], streams: CheckStreams = process): Promise<number> {
  // `check … | head`: the reader is gone, so the rest of the output has nowhere to go; not worth a stack trace.
  streams.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'EPIPE') throw error; });
  const usage = parseUsage(argv);
  if (usage.ok === 'help') {
    streams.stdout.write(USAGE);
    return 0;
  }
  if (!usage.ok) {
    streams.stderr.write(`dualstack-webhook check: ${usage.error}\n${USAGE}`);
    return 2;
  }
  let documents: SourceDocument[];
  let clusterConfig: SourceDocument[] = [];
  let old: SourceDocument[] = [];
  try {
    documents = await readDocuments(usage.paths, streams.stdin);
    if (usage.clusterConfig !== undefined) clusterConfig = await readDocuments([usage.clusterConfig], streams.stdin);
    if (usage.old !== undefined) old = await readDocuments([usage.old], streams.stdin);
  } catch (error) {
    if (!(error instanceof UnreadableInputError)) throw error;
    streams.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (documents.length === 0) {
    streams.stderr.write(`dualstack-webhook check: no YAML or JSON documents in ${usage.paths.join(' ')}\n`);
    return 2;
  }
  const results: CheckResult[] = [];
  for (const configuration of configurationsOf(documents, usage.eachFile)) {
    const duplicate = duplicateIn(configuration);
    const outcome = duplicate
      ? { ok: false as const, problem: duplicate }
      : checkDocuments({ documents: configuration, clusterConfig, old, settings: usage.settings });
    if (!outcome.ok) {
      const { file, line, detail } = outcome.problem;
      streams.stderr.write(`${file}:${line}: ${detail}\n`);
      return 2;
    }
    results.push(...outcome.results);
  }
  const failed = results.some((result) => !result.allowed || (usage.failOnWarn && result.warnings.length > 0));
  const exitCode = failed ? 1 : 0;
  try {
    await writeOutputs(results, usage.outputs, {
      quiet: usage.quiet, exitCode, stdout: streams.stdout, stepSummary: (streams.environment ?? process.env).GITHUB_STEP_SUMMARY,
    });
  } catch (error) {
    streams.stderr.write(`dualstack-webhook check: ${(error as Error).message}\n`);
    return 2;
  }
  return exitCode;
}
