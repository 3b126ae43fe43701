import { type SourceDocument, UnreadableInputError, readDocuments } from '../../documents/documents.js';
import { configurationOf, duplicateIn } from '../../documents/configurations.js';
import { sourcesOf } from '../../documents/object-identity.js';
import { buildPlans } from '../../plan/build-plan.js';
import { type OptionSpecs, formatOptions, parseArguments, parseChoice, parseInteger } from '../arguments.js';
import { formatPlanJson } from './plan-json.js';
import { formatPlanMarkdown } from './plan-markdown.js';
import { formatPlanText } from './plan-text.js';

const PLAN_FORMATS = ['text', 'json', 'markdown', 'svg'] as const;

const OPTIONS = {
  'cluster-config': { type: 'string', value: 'FILE', description: 'more cluster configuration (bmctl file, NodePools, ClusterCIDRConfigs)' },
  nodes: { type: 'string', value: 'N', description: 'plan for N nodes: the headroom against capacity (default: the declared nodes)' },
  output: { type: 'string', short: 'o', value: 'FORMAT', description: 'text, json, markdown or svg', default: 'text' },
} as const satisfies OptionSpecs;

const USAGE = `usage: dualstack-webhook plan [PATH|-]... [options]

The IPv4/IPv6 address plan of each Cluster of the input (read as check reads it): pod, service and LoadBalancer
ranges per family, node capacity with the binding family, pods, Services, overlaps, and the formula of every number.

options:
${formatOptions(OPTIONS)}
exit status: 0 the plan was printed, 2 unreadable input or bad usage
`;

export interface PlanStreams {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** `dualstack-webhook plan`: judges nothing; 0 when the plan is printed, 2 for unreadable input or bad usage. */
export async function runPlan(argv: string[], streams: PlanStreams = process): Promise<number> {
  streams.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'EPIPE') throw error; });
  const fail = (message: string) => { streams.stderr.write(`dualstack-webhook plan: ${message}\n`); return 2; };
  const parsed = parseArguments(argv, OPTIONS, { positionals: true });
  if (!parsed.ok) return fail(`${parsed.error}\n${USAGE}`);
  if (parsed.help) { streams.stdout.write(USAGE); return 0; }
  const { values } = parsed;
  if (parsed.positionals.length === 0) return fail(`no input: give files, folders or - for stdin\n${USAGE}`);
  if ([...parsed.positionals, values['cluster-config']].filter((entry) => entry === '-').length > 1) return fail('- (stdin) can be read only once');
  const format = parseChoice('output', values.output ?? 'text', PLAN_FORMATS);
  if (!format.ok) return fail(format.error);
  let nodes: number | undefined;
  if (values.nodes !== undefined) {
    const converted = parseInteger('nodes', values.nodes, { min: 0, max: 1_000_000_000 });
    if (!converted.ok) return fail(converted.error);
    nodes = converted.value;
  }
  let documents: SourceDocument[];
  let clusterConfig: SourceDocument[] = [];
  try {
    documents = await readDocuments(parsed.positionals, streams.stdin);
    if (values['cluster-config'] !== undefined) clusterConfig = await readDocuments([values['cluster-config']], streams.stdin);
  } catch (error) {
    if (!(error instanceof UnreadableInputError)) throw error;
    streams.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (documents.length === 0) return fail(`no YAML or JSON documents in ${parsed.positionals.join(' ')}`);
  // As check reads it: the same object twice is a guess at which one counts, so no plan is printed.
  const duplicate = duplicateIn(documents, 'plan one configuration at a time');
  const configuration = duplicate ? { ok: false as const, problem: duplicate } : configurationOf({ documents, clusterConfig });
  if (!configuration.ok) {
    const { file, line, detail } = configuration.problem;
    streams.stderr.write(`${file}:${line}: ${detail}\n`);
    return 2;
  }
  const plans = buildPlans({
    facts: configuration.facts, sources: sourcesOf([...documents, ...clusterConfig]), ...(nodes === undefined ? {} : { nodes }),
  });
  // The SVG writer's XML builder is loaded only for svg: it costs more start-up than the rest of plan.
  const write = format.value === 'svg' ? (await import('./plan-svg.js')).formatPlanSvg
    : { text: formatPlanText, json: formatPlanJson, markdown: formatPlanMarkdown }[format.value];
  streams.stdout.write(write(plans));
  return 0;
}
