// `npm run bench`, webhook part (SPEC.md "Benchmark"): the real `serve` process against a minimal Node HTTPS server
// that answers every AdmissionReview with `allowed: true`, with the same certificate, TLS settings and load
// generator (keep-alive, 32 connections), in alternating rounds, for a Service CREATE and a Cluster UPDATE. Then the
// webhook's resident memory after 100,000 and after DUALSTACK_BENCH_REVIEWS (default 1,000,000) reviews.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocuments } from '../src/cluster/documents.js';
import { EXAMPLE_CLUSTER_CONFIG, PACKAGE_ROOT } from '../src/paths.js';
import { generateCertificateAuthority, issueServingCertificate } from '../src/server/dev-certificates.js';

const CONNECTIONS = 32;
const SERVICE_NAME = 'dualstack-webhook.dualstack-system.svc';

function numberFromEnvironment(name: string, fallback: number): number {
  const text = process.env[name];
  const value = text === undefined || text === '' ? fallback : Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got ${text}`);
  return value;
}

// ---- the baseline: the least an HTTPS admission webhook can do, in plain Node (no framework, no loader) ----

const BASELINE_SOURCE = `
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
const server = createServer({
  cert: readFileSync(process.env.BENCH_CERT), key: readFileSync(process.env.BENCH_KEY),
  minVersion: 'TLSv1.2', keepAliveTimeout: 90000, headersTimeout: 32000,
}, (incoming, outgoing) => {
  const chunks = [];
  incoming.on('data', (chunk) => chunks.push(chunk));
  incoming.on('end', () => {
    let review;
    try { review = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { outgoing.writeHead(400).end(); return; }
    outgoing.writeHead(200, { 'Content-Type': 'application/json' });
    outgoing.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true } }));
  });
});
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
process.once('SIGTERM', () => { server.close(); server.closeAllConnections(); });
`;

// ---- load generation ----

interface Scenario {
  readonly name: string;
  readonly path: string;
  readonly body: Buffer;
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
    { name: 'Cluster UPDATE (POST /validate)', path: '/validate', body: Buffer.from(JSON.stringify(clusterUpdate)) },
  ];
}

interface Target {
  readonly name: 'baseline' | 'webhook';
  readonly port: number;
  readonly process: ChildProcess;
}

interface RoundResult {
  readonly requests: number;
  readonly seconds: number;
  readonly latenciesMs: Float64Array;
  readonly failures: number;
}

function post(agent: Agent, port: number, ca: string, scenario: Scenario): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({
      host: '127.0.0.1', port, method: 'POST', path: scenario.path, agent, ca, servername: SERVICE_NAME,
      headers: { 'Content-Type': 'application/json', 'Content-Length': scenario.body.length },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(scenario.body);
  });
}

/** `count` requests over CONNECTIONS keep-alive connections (or until `maxSeconds`), latency of each. */
async function load(target: Target, ca: string, scenario: Scenario, count: number, maxSeconds: number): Promise<RoundResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });
  const latencies = new Float64Array(count);
  let issued = 0;
  let done = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(maxSeconds * 1e9));
  async function loop(): Promise<void> {
    while (issued < count && process.hrtime.bigint() < deadline) {
      issued += 1;
      const sent = process.hrtime.bigint();
      try {
        const answer = await post(agent, target.port, ca, scenario);
        if (answer.status !== 200) failures += 1;
      } catch {
        failures += 1;
      }
      latencies[done] = Number(process.hrtime.bigint() - sent) / 1e6;
      done += 1;
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { requests: done, seconds, latenciesMs: latencies.subarray(0, done), failures };
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

interface Summary {
  readonly throughput: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly failures: number;
}

function summarize(rounds: readonly RoundResult[]): Summary {
  const throughputs = rounds.map((round) => round.requests / round.seconds).sort((a, b) => a - b);
  const all = new Float64Array(rounds.reduce((sum, round) => sum + round.latenciesMs.length, 0));
  let offset = 0;
  for (const round of rounds) {
    all.set(round.latenciesMs, offset);
    offset += round.latenciesMs.length;
  }
  all.sort();
  return {
    throughput: throughputs[Math.floor(throughputs.length / 2)]!,
    p50: percentile(all, 0.5),
    p99: percentile(all, 0.99),
    requests: rounds.reduce((sum, round) => sum + round.requests, 0),
    failures: rounds.reduce((sum, round) => sum + round.failures, 0),
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

/**
 * The webhook as `npm start` runs it: compiled JavaScript, no TypeScript loader (which would add a loader thread and
 * its memory). Built from the current sources into .bench/ (git-ignored) so a stale dist/ cannot skew the figures.
 */
async function buildWebhook(): Promise<string> {
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

export async function runWebhookBench(): Promise<void> {
  const rounds = numberFromEnvironment('DUALSTACK_BENCH_ROUNDS', 3);
  const roundRequests = numberFromEnvironment('DUALSTACK_BENCH_ROUND_REQUESTS', 20_000);
  const totalReviews = numberFromEnvironment('DUALSTACK_BENCH_REVIEWS', 1_000_000);
  const folder = await mkdtemp(path.join(tmpdir(), 'dualstack-webhook-bench-'));
  const ca = await generateCertificateAuthority('dualstack-webhook bench CA');
  const serving = await issueServingCertificate(ca);
  const certFile = path.join(folder, 'tls.crt');
  const keyFile = path.join(folder, 'tls.key');
  await writeFile(certFile, serving.cert);
  await writeFile(keyFile, serving.key, { mode: 0o600 });

  const main = await buildWebhook();
  const [baselinePort, webhookPort] = [await freePort(), await freePort()];
  const baseline: Target = {
    name: 'baseline', port: baselinePort,
    process: spawn(process.execPath, ['--input-type=module', '--eval', BASELINE_SOURCE], {
      env: { ...process.env, BENCH_PORT: String(baselinePort), BENCH_CERT: certFile, BENCH_KEY: keyFile },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  };
  const webhook: Target = { name: 'webhook', port: webhookPort, process: startWebhook(main, webhookPort, certFile, keyFile) };
  let memoryProcess: ChildProcess | undefined;
  try {
    await waitUntilServing(baseline.port, ca.cert, baseline.process);
    await waitUntilServing(webhook.port, ca.cert, webhook.process);
    const cases = scenarios();
    for (const scenario of cases) {
      const answer = JSON.parse((await post(new Agent(), webhook.port, ca.cert, scenario)).body) as { response: { allowed: boolean } };
      if (answer.response.allowed !== true) throw new Error(`${scenario.name}: the webhook does not admit the documentation's object`);
    }

    process.stdout.write(`\nwebhook benchmark: ${cpus().length} cores, Node ${process.version}, ${CONNECTIONS} keep-alive connections, `
      + `same certificate (P-256) and TLS settings; ${rounds} alternating rounds of ${roundRequests} requests per target\n`);
    process.stdout.write(`${'scenario'.padEnd(34)}${'target'.padEnd(10)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}  failures\n`);
    for (const scenario of cases) {
      const results: Record<Target['name'], RoundResult[]> = { baseline: [], webhook: [] };
      for (const target of [baseline, webhook]) await load(target, ca.cert, scenario, 2_000, 10); // warm-up
      for (let round = 0; round < rounds; round += 1) {
        const order = round % 2 === 0 ? [baseline, webhook] : [webhook, baseline];
        for (const target of order) {
          const result = await load(target, ca.cert, scenario, roundRequests, 60);
          results[target.name].push(result);
        }
      }
      const base = summarize(results.baseline);
      const hook = summarize(results.webhook);
      const row = (label: string, summary: Summary, name = ''): string => `${name.padEnd(34)}${label.padEnd(10)}`
        + `${format(summary.throughput, 0).padStart(10)}${format(summary.p50).padStart(9)}${format(summary.p99).padStart(9)}  ${summary.failures}\n`;
      process.stdout.write(row('baseline', base, scenario.name));
      process.stdout.write(row('webhook', hook));
      const throughputRatio = hook.throughput / base.throughput;
      const p50Ratio = hook.p50 / base.p50;
      const p99Ratio = hook.p99 / base.p99;
      process.stdout.write(`${''.padEnd(34)}${'ratio'.padEnd(10)}${`${format(throughputRatio)}x`.padStart(10)}`
        + `${`${format(p50Ratio)}x`.padStart(9)}${`${format(p99Ratio)}x`.padStart(9)}  `
        + `(target: throughput >= 0.80x ${throughputRatio >= 0.8 ? 'met' : 'MISSED'}, p99 <= 1.30x ${p99Ratio <= 1.3 ? 'met' : 'MISSED'})\n`);
    }

    // Memory: a fresh webhook process kept busy with both reviews, its own RSS read at 100,000 and at the total.
    await stop(webhook.process);
    memoryProcess = startWebhook(main, webhook.port, certFile, keyFile);
    await waitUntilServing(webhook.port, ca.cert, memoryProcess);
    const fresh: Target = { ...webhook, process: memoryProcess };
    const checkpoints = [...new Set([Math.min(100_000, totalReviews), totalReviews])];
    const memory: string[] = [];
    let served = 0;
    for (const checkpoint of checkpoints) {
      let turn = 0;
      while (served < checkpoint) {
        const result = await load(fresh, ca.cert, cases[turn % cases.length]!, Math.min(50_000, checkpoint - served), 600);
        served += result.requests;
        turn += 1;
      }
      const { rss, heap } = await webhookMemory(webhook.port, ca.cert);
      memory.push(`after ${served.toLocaleString('en-US')} reviews: RSS ${format(rss / MiB, 1)} MiB, heap used ${format(heap / MiB, 1)} MiB`);
    }
    process.stdout.write(`webhook memory, fresh process, Service CREATE and Cluster UPDATE in turn (its own process_resident_memory_bytes):\n`
      + `${memory.map((line) => `  ${line}\n`).join('')}`);
  } finally {
    await Promise.all([stop(baseline.process), stop(webhook.process), ...(memoryProcess ? [stop(memoryProcess)] : [])]);
  }
}
