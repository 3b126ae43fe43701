// `npm run bench:e2e` (SPEC.md "Benchmark"): what a user feels. Service creates through a real kube-apiserver with our
// two webhooks (mutating and validating) registered, and without them, in alternating rounds of one run; p50/p99 of
// the create latency for each and their difference, and kube-apiserver's own
// apiserver_admission_webhook_admission_duration_seconds for our webhooks. The client keeps its connection to
// kube-apiserver alive (as kubectl and controllers do), so the figure is the create, not a TLS handshake.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { findKubeBinaries } from '../test/e2e/support/binaries.js';
import { type ApiServer, startApiServer, startEtcd } from '../test/e2e/support/control-plane.js';
import { installCustomResourceDefinitions } from '../test/e2e/support/environment.js';
import { pollUntil } from '../test/support/processes.js';
import { registerWebhook, startWebhook, unregisterWebhook } from '../test/e2e/support/webhook.js';

const ROUNDS = Number(process.env.DUALSTACK_BENCH_E2E_ROUNDS ?? 10);
const CREATES_PER_ROUND = Number(process.env.DUALSTACK_BENCH_E2E_CREATES ?? 150);
const WARM_UP = 30;
const LOG_LEVEL = process.env.DUALSTACK_BENCH_E2E_LOG_LEVEL ?? 'warn';
const NAMESPACE = 'bench';

function client(api: ApiServer): (method: string, route: string, body?: unknown) => Promise<{ status: number; text: string }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: api.serving.caPem });
  return (method, route, body) => new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = request(new URL(route, api.url), {
      method, agent,
      headers: {
        Authorization: `Bearer ${api.token}`, Accept: 'application/json',
        ...(text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }),
      },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(text);
  });
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

interface WebhookMetric {
  readonly name: string;
  readonly count: number;
  readonly sum: number;
}

/** kube-apiserver's apiserver_admission_webhook_admission_duration_seconds for our webhooks (sum/count per name). */
async function webhookMetrics(send: ReturnType<typeof client>): Promise<WebhookMetric[]> {
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

const binaries = findKubeBinaries();
const etcd = await startEtcd(binaries);
let api: ApiServer | undefined;
let webhook: Awaited<ReturnType<typeof startWebhook>> | undefined;
try {
  api = await startApiServer(binaries, etcd, { serviceRanges: ['172.16.0.0/20', 'fd12::5:0/116'] });
  await installCustomResourceDefinitions(api, binaries.kubectl);
  // DUALSTACK_BENCH_E2E_LOG_LEVEL=info logs every review as serve does by default; the bench's default, warn, leaves
  // the log out (this process would otherwise read and parse every line on the same two cores it measures with).
  webhook = await startWebhook(['--watch', '--kubeconfig', api.kubeconfigFile], { logLevel: LOG_LEVEL });
  const send = client(api);
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

  const samples = { without: [] as number[], with: [] as number[] };
  await round(WARM_UP);
  for (let index = 0; index < ROUNDS; index += 1) {
    // Alternate which goes first, so a drift in the machine's load falls on both.
    for (const variant of index % 2 === 0 ? ['with', 'without'] as const : ['without', 'with'] as const) {
      if (variant === 'with') await registerWebhook(api, binaries.kubectl, webhook);
      else await unregisterAndWait(api, binaries.kubectl, send);
      await round(WARM_UP / 3);
      samples[variant].push(...await round(CREATES_PER_ROUND));
    }
  }
  const metrics = await webhookMetrics(send);
  const ours = await ourServerMetrics(webhook.url, webhook.serving.caPem);
  const connections = establishedConnectionsTo(webhook.port);

  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), count: sorted.length };
  };
  const without = summary(samples.without);
  const withWebhooks = summary(samples.with);
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  process.stdout.write([
    `Service create through kube-apiserver ${binaries.folder.split('/').pop()} (${ROUNDS} alternating rounds of ${CREATES_PER_ROUND}, one at a time, keep-alive client; webhook log level ${LOG_LEVEL})`,
    `  without our webhooks: p50 ${ms(without.p50)}  p99 ${ms(without.p99)}  (${without.count} creates)`,
    `  with our webhooks:    p50 ${ms(withWebhooks.p50)}  p99 ${ms(withWebhooks.p99)}  (${withWebhooks.count} creates)`,
    `  difference:           p50 ${ms(withWebhooks.p50 - without.p50)}  p99 ${ms(withWebhooks.p99 - without.p99)}  (aim: <= 1 ms p50, <= 3 ms p99)`,
    'kube-apiserver apiserver_admission_webhook_admission_duration_seconds (whole run, incl. registration markers):',
    ...metrics.map((metric) => `  ${metric.name}: ${metric.count} calls, mean ${ms((metric.sum / Math.max(1, metric.count)) * 1000)}`),
    'our server, dualstack_webhook_request_duration_seconds (body read to answer written), Services:',
    ...ours.map((metric) => `  /${metric.name}: ${metric.count} reviews, mean ${ms((metric.sum / Math.max(1, metric.count)) * 1000)}`),
    `TCP connections from kube-apiserver to the webhook open at the end: ${connections} (kept alive across reviews)`,
    '',
  ].join('\n'));
} finally {
  await webhook?.close();
  await api?.stop();
  await etcd.stop();
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

/** Removes our configurations and waits until kube-apiserver stops calling them (its informer lags the delete). */
async function unregisterAndWait(server: ApiServer, kubectl: string, send: ReturnType<typeof client>): Promise<void> {
  await unregisterWebhook(server, kubectl);
  await pollUntil('kube-apiserver to stop calling our webhooks', 60_000, async () => {
    const answer = await send('POST', `/api/v1/namespaces/${NAMESPACE}/services?dryRun=All`, {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'marker' },
      spec: { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'], ports: [{ port: 80 }] },
    });
    return answer.text.includes('[S-2]') ? undefined : true;
  }, 250);
}
