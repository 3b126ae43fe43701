// `npm run bench:e2e` (docs/webhook.md "Benchmark"): what a user feels. Service creates through a real kube-apiserver with our
// two webhooks (mutating and validating) registered, with the null webhook (bench/null-webhook.ts: every review
// allowed, no patch) registered by the same two configurations, and with no webhook, in alternating rounds of one
// run; p50/p99 of the create latency for each and their differences (ours minus null is what our server and rules
// add; null minus none what kube-apiserver's two webhook calls cost), and kube-apiserver's own
// apiserver_admission_webhook_admission_duration_seconds per webhook. The client keeps its connection to
// kube-apiserver alive (as kubectl and controllers do), so the figure is the create, not a TLS handshake.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:https';
import { findKubeBinaries } from '../test/e2e/support/binaries.js';
import { type ApiServer, makeScratchFolder, startApiServer, startEtcd } from '../test/e2e/support/control-plane.js';
import { installCustomResourceDefinitions } from '../test/e2e/support/environment.js';
import { runKubectl } from '../test/e2e/support/kubectl.js';
import { writeLoopbackServingCertificate } from '../test/e2e/support/pki.js';
import { type ManagedProcess, freePort, pollUntil, startProcess } from '../test/support/processes.js';
import { registerWebhook, renderUrlWebhookConfigurations, startWebhook, unregisterWebhook } from '../test/e2e/support/webhook.js';
import { type ApiSend, apiClient } from './api-client.js';
import { NULL_WEBHOOK_SOURCE, nullWebhookEnvironment } from './null-webhook.js';

const ROUNDS = Number(process.env.DUALSTACK_BENCH_E2E_ROUNDS ?? 10);
const CREATES_PER_ROUND = Number(process.env.DUALSTACK_BENCH_E2E_CREATES ?? 150);
const WARM_UP = 30;
const LOG_LEVEL = process.env.DUALSTACK_BENCH_E2E_LOG_LEVEL ?? 'warn';
const NAMESPACE = 'bench';

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

interface WebhookMetric {
  readonly name: string;
  readonly count: number;
  readonly sum: number;
}

/** kube-apiserver's apiserver_admission_webhook_admission_duration_seconds for our webhooks (sum/count per name). */
async function webhookMetrics(send: ApiSend): Promise<WebhookMetric[]> {
  const metrics = await send('GET', '/metrics');
  const byName = new Map<string, { count: number; sum: number }>();
  for (const line of metrics.text.split('\n')) {
    const match = /^apiserver_admission_webhook_admission_duration_seconds_(sum|count)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const name = /name="([^"]+)"/.exec(match[2]!)?.[1] ?? '';
    if (!name.includes('services.dualstack-webhook')) continue;
    const entry = byName.get(name) ?? { count: 0, sum: 0 };
    if (match[1] === 'sum') entry.sum += Number(match[3]);
    else entry.count += Number(match[3]);
    byName.set(name, entry);
  }
  return [...byName].map(([name, entry]) => ({ name, ...entry }));
}

type Variant = 'none' | 'null' | 'ours';
const VARIANTS: readonly Variant[] = ['none', 'null', 'ours'];

const binaries = findKubeBinaries();
const etcd = await startEtcd(binaries);
let api: ApiServer | undefined;
let webhook: Awaited<ReturnType<typeof startWebhook>> | undefined;
let nullWebhook: NullWebhook | undefined;
try {
  api = await startApiServer(binaries, etcd, { serviceRanges: ['172.16.0.0/20', 'fd12::5:0/116'] });
  await installCustomResourceDefinitions(api, binaries.kubectl);
  // DUALSTACK_BENCH_E2E_LOG_LEVEL=info logs every review as serve does by default; the bench's default, warn, leaves
  // the log out (this process would otherwise read and parse every line on the same two cores it measures with).
  webhook = await startWebhook(['--watch', '--kubeconfig', api.kubeconfigFile], { logLevel: LOG_LEVEL });
  nullWebhook = await startNullWebhook();
  const send = apiClient(api, 1);
  await send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  await pollUntil('the webhook to be ready (facts listed)', 60_000, async () => {
    const ready = await fetchReady(webhook!.url, webhook!.serving.caPem);
    return ready ? true : undefined;
  });

  let serial = 0;
  const createOnce = async (): Promise<number> => {
    serial += 1;
    const name = `bench-${serial}`;
    const started = process.hrtime.bigint();
    const answer = await send('POST', `/api/v1/namespaces/${NAMESPACE}/services`, {
      apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: 'bench' }, ports: [{ port: 80 }] },
    });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (answer.status !== 201) throw new Error(`create ${name}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
    // Deleted untimed, so the /20 never runs out.
    await send('DELETE', `/api/v1/namespaces/${NAMESPACE}/services/${name}`);
    return elapsed;
  };
  const round = async (count: number): Promise<number[]> => {
    const latencies: number[] = [];
    for (let index = 0; index < count; index += 1) latencies.push(await createOnce());
    return latencies;
  };
  const register = async (variant: Variant): Promise<void> => {
    // Each variant starts from no webhook: kube-apiserver has stopped calling the one before.
    await unregisterAndWait(api!, binaries.kubectl, send, nullWebhook!);
    if (variant === 'ours') await registerWebhook(api!, binaries.kubectl, webhook!);
    if (variant === 'null') await registerNullWebhook(api!, binaries.kubectl, send, nullWebhook!);
  };

  const samples: Record<Variant, number[]> = { none: [], null: [], ours: [] };
  // kube-apiserver's own figure per webhook call, summed over the timed rounds only (both registrations share names).
  const calls: Record<Variant, Map<string, WebhookMetric>> = { none: new Map(), null: new Map(), ours: new Map() };
  await register('ours');
  await round(WARM_UP);
  for (let index = 0; index < ROUNDS; index += 1) {
    // Rotate which goes first, so a drift in the machine's load falls on all three.
    const order = VARIANTS.map((_, offset) => VARIANTS[(index + offset) % VARIANTS.length]!);
    for (const variant of order) {
      await register(variant);
      await round(WARM_UP / 3);
      const before = await webhookMetrics(send);
      samples[variant].push(...await round(CREATES_PER_ROUND));
      addDelta(calls[variant], before, await webhookMetrics(send));
    }
  }
  const ours = await ourServerMetrics(webhook.url, webhook.serving.caPem);
  const connections = establishedConnectionsTo(webhook.port);

  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), count: sorted.length };
  };
  const [none, nullArm, ourArm] = [summary(samples.none), summary(samples.null), summary(samples.ours)];
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const row = (label: string, figures: { p50: number; p99: number; count: number }) =>
    `  ${label.padEnd(22)}p50 ${ms(figures.p50)}  p99 ${ms(figures.p99)}  (${figures.count} creates)`;
  const difference = (label: string, a: { p50: number; p99: number }, b: { p50: number; p99: number }, note = '') =>
    `  ${label.padEnd(22)}p50 ${ms(a.p50 - b.p50)}  p99 ${ms(a.p99 - b.p99)}${note}`;
  process.stdout.write([
    `Service create through kube-apiserver ${binaries.folder.split('/').pop()} (${ROUNDS} rotating rounds of ${CREATES_PER_ROUND}, one at a time, keep-alive client; webhook log level ${LOG_LEVEL})`,
    row('no webhook:', none),
    row('null webhook:', nullArm),
    row('our webhooks:', ourArm),
    difference('null minus none:', nullArm, none, '  (kube-apiserver calling two webhooks that do nothing)'),
    difference('ours minus null:', ourArm, nullArm, '  (what our server and rules add)'),
    difference('ours minus none:', ourArm, none, '  (aim: <= 1 ms p50, <= 3 ms p99)'),
    'kube-apiserver apiserver_admission_webhook_admission_duration_seconds (timed rounds):',
    ...(['null', 'ours'] as const).flatMap((variant) => [...calls[variant].values()].map((metric) =>
      `  ${variant.padEnd(5)} ${metric.name}: ${metric.count} calls, mean ${ms((metric.sum / Math.max(1, metric.count)) * 1000)}`)),
    'our server, dualstack_webhook_request_duration_seconds (body read to answer written), Services:',
    ...ours.map((metric) => `  /${metric.name}: ${metric.count} reviews, mean ${ms((metric.sum / Math.max(1, metric.count)) * 1000)}`),
    `TCP connections from kube-apiserver to the webhook open at the end: ${connections} (kept alive across reviews)`,
    '',
  ].join('\n'));
} finally {
  await webhook?.close();
  await nullWebhook?.stop();
  await api?.stop();
  await etcd.stop();
}

/** Adds what each webhook's figures grew by between two readings. */
function addDelta(into: Map<string, WebhookMetric>, before: readonly WebhookMetric[], after: readonly WebhookMetric[]): void {
  for (const metric of after) {
    const earlier = before.find((entry) => entry.name === metric.name) ?? { count: 0, sum: 0 };
    const total = into.get(metric.name) ?? { name: metric.name, count: 0, sum: 0 };
    into.set(metric.name, { name: metric.name, count: total.count + metric.count - earlier.count, sum: total.sum + metric.sum - earlier.sum });
  }
}

interface NullWebhook {
  readonly url: string;
  readonly serving: Awaited<ReturnType<typeof writeLoopbackServingCertificate>>;
  /** Reviews it has answered, by path. */
  reviews(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

/** The null webhook (bench/null-webhook.ts) on 127.0.0.1, with a certificate made as our webhook's is. */
async function startNullWebhook(): Promise<NullWebhook> {
  const folder = await makeScratchFolder('null-webhook');
  const serving = await writeLoopbackServingCertificate(folder, 'null-webhook');
  const port = await freePort();
  const child: ManagedProcess = startProcess('null-webhook', process.execPath, ['--input-type=module', '--eval', NULL_WEBHOOK_SOURCE],
    { env: nullWebhookEnvironment(port, serving.certFile, serving.keyFile) });
  const url = `https://127.0.0.1:${port}`;
  const reviews = () => new Promise<Record<string, number>>((resolve, reject) => {
    const outgoing = request(new URL('/', url), { ca: serving.caPem, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, number>));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
  await pollUntil('the null webhook to listen', 30_000, async () => {
    if (child.child.exitCode !== null) throw new Error(`the null webhook exited: ${child.output()}`);
    return (await reviews().then(() => true, () => false)) ? true : undefined;
  }, 100);
  return {
    url, serving, reviews,
    async stop() {
      await child.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A dry-run Service create that any registered Service webhook sees. */
function marker(send: ApiSend): Promise<unknown> {
  return send('POST', `/api/v1/namespaces/${NAMESPACE}/services?dryRun=All`, {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'marker' }, spec: { selector: { app: 'bench' }, ports: [{ port: 80 }] },
  });
}

/** Registers our two configurations pointed at the null webhook, and waits until kube-apiserver calls both. */
async function registerNullWebhook(server: ApiServer, kubectl: string, send: ApiSend, target: NullWebhook): Promise<void> {
  const rendered = await renderUrlWebhookConfigurations(target);
  const applied = await runKubectl(kubectl, server.kubeconfigFile, ['apply', '-f', '-'], rendered);
  if (applied.code !== 0) throw new Error(`kubectl apply of the null webhook's configurations failed: ${applied.stderr}`);
  await pollUntil('kube-apiserver to call the null webhook on /mutate and /validate', 60_000, async () => {
    const before = await target.reviews();
    await marker(send);
    const after = await target.reviews();
    return ['/mutate', '/validate'].every((path) => (after[path] ?? 0) > (before[path] ?? 0)) ? true : undefined;
  }, 250);
}
/** Our own server's review latency for Services, per webhook path (its /metrics). */
async function ourServerMetrics(url: string, ca: string): Promise<{ name: string; count: number; sum: number }[]> {
  const text = await new Promise<string>((resolve, reject) => {
    const outgoing = request(new URL('/metrics', url), { ca, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
  const byName = new Map<string, { count: number; sum: number }>();
  for (const line of text.split('\n')) {
    const match = /^dualstack_webhook_request_duration_seconds_(sum|count)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || !match[2]!.includes('kind="Service"')) continue;
    const name = /webhook="([^"]+)"/.exec(match[2]!)?.[1] ?? '';
    const entry = byName.get(name) ?? { count: 0, sum: 0 };
    if (match[1] === 'sum') entry.sum += Number(match[3]);
    else entry.count += Number(match[3]);
    byName.set(name, entry);
  }
  return [...byName].map(([name, entry]) => ({ name, ...entry }));
}

/** Established TCP connections whose local port is the webhook's (/proc/net/tcp, state 01). */
function establishedConnectionsTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)
    .filter((line) => {
      const fields = line.trim().split(/\s+/);
      return fields[1]?.endsWith(`:${hex}`) && fields[3] === '01';
    }).length;
}

async function fetchReady(url: string, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    const outgoing = request(new URL('/readyz', url), { ca, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode === 200));
    });
    outgoing.on('error', () => resolve(false));
    outgoing.end();
  });
}

/** Removes the configurations and waits until kube-apiserver stops calling ours and the null webhook (its informer lags). */
async function unregisterAndWait(server: ApiServer, kubectl: string, send: ApiSend, target: NullWebhook): Promise<void> {
  await unregisterWebhook(server, kubectl);
  await pollUntil('kube-apiserver to stop calling the webhooks', 60_000, async () => {
    const before = await target.reviews();
    const answer = await send('POST', `/api/v1/namespaces/${NAMESPACE}/services?dryRun=All`, {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'marker' },
      spec: { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'], ports: [{ port: 80 }] },
    });
    const after = await target.reviews();
    const nullCalled = Object.keys(after).some((path) => after[path] !== before[path]);
    return answer.text.includes('[S-2]') || nullCalled ? undefined : true;
  }, 250);
}
