// `npm run bench`, webhook part (docs/webhook.md "Benchmark"): the real `serve` process against a minimal Node HTTPS server
// that answers every AdmissionReview with `allowed: true`, with the same certificate and TLS settings, loaded by wrk
// (a separate process: bench/wrk.ts) over 32 keep-alive connections in alternating rounds, for a Service CREATE on
// /mutate, the same Service on /validate and a Cluster UPDATE on /validate. Each server's CPU time per review is read
// from /proc/<pid>/stat around its rounds. Then a fresh webhook's heap and RSS over DUALSTACK_BENCH_REVIEWS reviews.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocuments } from '../src/documents/documents.js';
import { EXAMPLE_CLUSTER_CONFIG, PACKAGE_ROOT } from '../src/paths.js';
import { generateCertificateAuthority, issueServingCertificate } from '../src/server/dev-certificates.js';
import { NULL_WEBHOOK_SOURCE, nullWebhookEnvironment } from './null-webhook.js';
import { type WrkResult, runWrk, wrkMissing, writeWrkScript } from './wrk.js';

const CONNECTIONS = 32;
const SERVICE_NAME = 'dualstack-webhook.dualstack-system.svc';

function numberFromEnvironment(name: string, fallback: number): number {
  const text = process.env[name];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got ${text}`);
  return value;
}

// ---- load generation ----

interface Scenario {
  readonly name: string;
  readonly path: string;
  readonly body: Buffer;
  /** The body as a file, for wrk. */
  bodyFile?: string;
}

function scenarios(): Scenario[] {
  const service = readFileSync(path.join(PACKAGE_ROOT, 'test', 'fixtures', 'admission', 'service-create-review.json'));
  const documents = parseDocuments(readFileSync(EXAMPLE_CLUSTER_CONFIG, 'utf8'), EXAMPLE_CLUSTER_CONFIG)
    .map((document) => document.content as { kind?: string; metadata?: { name?: string; namespace?: string } });
  const cluster = documents.find((document) => document.kind === 'Cluster')!;
  const clusterUpdate = {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'bench-cluster-update',
      kind: { group: 'baremetal.cluster.gke.io', version: 'v1', kind: 'Cluster' },
      resource: { group: 'baremetal.cluster.gke.io', version: 'v1', resource: 'clusters' },
      name: cluster.metadata?.name, namespace: cluster.metadata?.namespace, operation: 'UPDATE',
      userInfo: { username: 'admin' }, object: cluster, oldObject: cluster, dryRun: false,
    },
  };
  return [
    { name: 'Service CREATE (POST /mutate)', path: '/mutate', body: service },
    { name: 'Service CREATE (POST /validate)', path: '/validate', body: service },
    { name: 'Cluster UPDATE (POST /validate)', path: '/validate', body: Buffer.from(JSON.stringify(clusterUpdate)) },
  ];
}

interface Target {
  readonly name: 'baseline' | 'webhook';
  readonly port: number;
  readonly process: ChildProcess;
}

interface RoundResult extends WrkResult {
  /** The server process's user + system CPU seconds during the round. */
  readonly cpuSeconds: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: fixed at 100 on Linux for /proc

/** User + system CPU seconds of a process so far (/proc/<pid>/stat fields 14 and 15). */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

async function load(script: string, target: Target, scenario: Scenario, seconds: number): Promise<RoundResult> {
  const before = cpuSecondsOf(target.process.pid!);
  const result = await runWrk(script, {
    url: `https://127.0.0.1:${target.port}${scenario.path}`, bodyFile: scenario.bodyFile!, connections: CONNECTIONS, seconds,
  });
  return { ...result, cpuSeconds: cpuSecondsOf(target.process.pid!) - before };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Summary {
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
  /** Server CPU microseconds per review over all rounds. */
  readonly cpuPerReviewUs: number;
  readonly failures: number;
}

/** Median round for throughput and each percentile (wrk reports them per round). */
function summarize(rounds: readonly RoundResult[]): Summary {
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0);
  return {
    throughput: median(rounds.map((round) => round.requests / round.seconds)),
    p50: median(rounds.map((round) => round.p50Ms)),
    p99: median(rounds.map((round) => round.p99Ms)),
    cpuPerReviewUs: (rounds.reduce((sum, round) => sum + round.cpuSeconds, 0) / requests) * 1e6,
    failures: rounds.reduce((sum, round) => sum + round.socketErrors + round.badStatus, 0),
  };
}

// ---- processes ----

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(port: number, ca: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`process on port ${port} exited with ${child.exitCode}`);
    const up = await new Promise<boolean>((resolve) => {
      const outgoing = request({ host: '127.0.0.1', port, path: '/healthz', method: 'GET', ca, servername: SERVICE_NAME, agent: false },
        (response) => { response.resume(); resolve(response.statusCode !== undefined); });
      outgoing.on('error', () => resolve(false));
      outgoing.end();
    });
    if (up) return;
    await new Promise((resolve) => { setTimeout(resolve, 100); });
  }
  throw new Error(`nothing answered on port ${port}`);
}

async function webhookMemory(port: number, ca: string): Promise<{ rss: number; heap: number }> {
  const text = await new Promise<string>((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/metrics', method: 'GET', ca, servername: SERVICE_NAME, agent: false },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => { body += chunk; });
        response.on('end', () => resolve(body));
      });
    outgoing.on('error', reject);
    outgoing.end();
  });
  const value = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { rss: value('process_resident_memory_bytes'), heap: value('nodejs_heap_size_used_bytes') };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

let built: Promise<string> | undefined;

/**
 * The webhook as `npm start` runs it: compiled JavaScript, no TypeScript loader (which would add a loader thread and
 * its memory). Built from the current sources into .bench/ (git-ignored) so a stale dist/ cannot skew the figures;
 * once per bench run (the start-up arm runs the same build).
 */
export function buildWebhook(): Promise<string> {
  built ??= compileWebhook();
  return built;
}

async function compileWebhook(): Promise<string> {
  const outDir = path.join(PACKAGE_ROOT, '.bench', 'build');
  const tsc = path.join(PACKAGE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const exitCode = await new Promise<number | null>((resolve) => {
    spawn(process.execPath, [tsc, '-p', path.join(PACKAGE_ROOT, 'tsconfig.build.json'), '--outDir', outDir], {
      cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'inherit'],
    }).once('exit', resolve);
  });
  const main = path.join(outDir, 'src', 'cli', 'main.js');
  if (exitCode !== 0 && !existsSync(main)) throw new Error(`building the webhook for the benchmark failed (tsc exit ${exitCode})`);
  return main;
}

/** The real command with its default logging: one JSON line per review, to /dev/null here as to a log pipe there. */
function startWebhook(main: string, port: number, certFile: string, keyFile: string): ChildProcess {
  return spawn(process.execPath, [
    main, 'serve', '--host', '127.0.0.1', '--port', String(port), '--tls-cert', certFile, '--tls-key', keyFile,
  ], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

const MiB = 1024 * 1024;
const format = (value: number, digits = 2): string => value.toFixed(digits);

/** One review answered by the webhook: the benchmark measures admissions, not denials. */
function answerOf(port: number, ca: string, scenario: Scenario): Promise<{ allowed?: boolean }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({
      host: '127.0.0.1', port, method: 'POST', path: scenario.path, ca, servername: SERVICE_NAME, agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': scenario.body.length },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve((JSON.parse(text) as { response: { allowed?: boolean } }).response));
    });
    outgoing.on('error', reject);
    outgoing.end(scenario.body);
  });
}

export async function runWebhookBench(): Promise<void> {
  const missing = wrkMissing();
  if (missing) {
    process.stderr.write(`${missing}\n`);
    process.exit(1);
  }
  const rounds = numberFromEnvironment('DUALSTACK_BENCH_ROUNDS', 3);
  const roundSeconds = numberFromEnvironment('DUALSTACK_BENCH_ROUND_SECONDS', 5);
  const totalReviews = numberFromEnvironment('DUALSTACK_BENCH_REVIEWS', 1_000_000);
  const folder = await mkdtemp(path.join(tmpdir(), 'dualstack-webhook-bench-'));
  const ca = await generateCertificateAuthority('dualstack-webhook bench CA');
  const serving = await issueServingCertificate(ca);
  const certFile = path.join(folder, 'tls.crt');
  const keyFile = path.join(folder, 'tls.key');
  await writeFile(certFile, serving.cert);
  await writeFile(keyFile, serving.key, { mode: 0o600 });
  const script = await writeWrkScript(folder);
  const cases = scenarios();
  for (const [index, scenario] of cases.entries()) {
    scenario.bodyFile = path.join(folder, `body-${index}.json`);
    await writeFile(scenario.bodyFile, scenario.body);
  }

  const main = await buildWebhook();
  const [baselinePort, webhookPort] = [await freePort(), await freePort()];
  const baseline: Target = {
    name: 'baseline', port: baselinePort,
    process: spawn(process.execPath, ['--input-type=module', '--eval', NULL_WEBHOOK_SOURCE], {
      env: { ...process.env, ...nullWebhookEnvironment(baselinePort, certFile, keyFile) },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  };
  const webhook: Target = { name: 'webhook', port: webhookPort, process: startWebhook(main, webhookPort, certFile, keyFile) };
  let memoryProcess: ChildProcess | undefined;
  try {
    await waitUntilServing(baseline.port, ca.cert, baseline.process);
    await waitUntilServing(webhook.port, ca.cert, webhook.process);
    for (const scenario of cases) {
      const answer = await answerOf(webhook.port, ca.cert, scenario);
      if (answer.allowed !== true) throw new Error(`${scenario.name}: the webhook does not admit the documentation's object`);
    }

    process.stdout.write(`\nwebhook benchmark: ${cpus().length} cores, Node ${process.version}, load by wrk (1 thread, `
      + `${CONNECTIONS} keep-alive connections), same certificate (P-256) and TLS settings; ${rounds} alternating rounds `
      + `of ${roundSeconds} s per target; median round; CPU = the server process's user+system time per review\n`);
    process.stdout.write(`${'scenario'.padEnd(34)}${'target'.padEnd(10)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}`
      + `${'p99 ms'.padStart(9)}${'CPU µs'.padStart(9)}  failures\n`);
    for (const scenario of cases) {
      const results: Record<Target['name'], RoundResult[]> = { baseline: [], webhook: [] };
      for (const target of [baseline, webhook]) await load(script, target, scenario, 1); // warm-up
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? [baseline, webhook] : [webhook, baseline];
        for (const target of order) results[target.name].push(await load(script, target, scenario, roundSeconds));
      }
      const base = summarize(results.baseline);
      const hook = summarize(results.webhook);
      const row = (label: string, summary: Summary, name = ''): string => `${name.padEnd(34)}${label.padEnd(10)}`
        + `${format(summary.throughput, 0).padStart(10)}${format(summary.p50).padStart(9)}${format(summary.p99).padStart(9)}`
        + `${format(summary.cpuPerReviewUs, 0).padStart(9)}  ${summary.failures}\n`;
      process.stdout.write(row('baseline', base, scenario.name));
      process.stdout.write(row('webhook', hook));
      const throughputRatio = hook.throughput / base.throughput;
      const p99Ratio = hook.p99 / base.p99;
      const [minThroughput, maxP99] = scenario.name.startsWith('Cluster') ? [0.5, 2] : [0.85, 1.2];
      process.stdout.write(`${''.padEnd(34)}${'ratio'.padEnd(10)}${`${format(throughputRatio)}x`.padStart(10)}`
        + `${`${format(hook.p50 / base.p50)}x`.padStart(9)}${`${format(p99Ratio)}x`.padStart(9)}`
        + `${`${format(hook.cpuPerReviewUs / base.cpuPerReviewUs)}x`.padStart(9)}  `
        + `(aim: throughput >= ${minThroughput}x ${throughputRatio >= minThroughput ? 'met' : 'MISSED'}, `
        + `p99 <= ${maxP99}x ${p99Ratio <= maxP99 ? 'met' : 'MISSED'})\n`);
    }

    // Memory: a fresh webhook process kept busy with Service and Cluster reviews in turn, its own heap and RSS read
    // at four checkpoints (after a GC the process chose to run, so heap samples swing by a few MiB).
    await stop(webhook.process);
    memoryProcess = startWebhook(main, webhook.port, certFile, keyFile);
    await waitUntilServing(webhook.port, ca.cert, memoryProcess);
    const fresh: Target = { ...webhook, process: memoryProcess };
    const memory: string[] = [];
    let served = 0;
    let turn = 0;
    for (let checkpoint = 1; checkpoint <= 4; checkpoint += 1) {
      while (served < (totalReviews * checkpoint) / 4) {
        const scenario = [cases[0]!, cases[2]!][turn % 2]!;
        served += (await load(script, fresh, scenario, 2)).requests;
        turn += 1;
      }
      const { rss, heap } = await webhookMemory(webhook.port, ca.cert);
      memory.push(`after ${served.toLocaleString('en-US')} reviews: RSS ${format(rss / MiB, 1)} MiB, heap used ${format(heap / MiB, 1)} MiB`);
    }
    process.stdout.write(`webhook memory, fresh process, Service CREATE and Cluster UPDATE in turn (its own /metrics):\n`
      + `${memory.map((line) => `  ${line}\n`).join('')}`);
  } finally {
    await Promise.all([stop(baseline.process), stop(webhook.process), ...(memoryProcess ? [stop(memoryProcess)] : [])]);
  }
}
