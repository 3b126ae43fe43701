// `npm run bench:audit` (docs/audit.md "Scale"): `audit --services` on a real kube-apiserver holding CLUSTERS
// Clusters (each with CONFIGS_PER_CLUSTER ClusterCIDRConfigs) and SERVICES Services in NAMESPACES namespaces
// (defaults: the 500, 2,000, 20,000 in 1,000). It measures the one-shot audit (time until every report is written,
// peak memory, API writes), then `audit --watch` under a stream of Service creates and deletes: report writes per
// second after coalescing, and how far the reports lag (a created Service's pass result appearing in its report).
// The stream: STREAM_RATE creates per second for STREAM_SECONDS, spread over STREAM_NAMESPACES namespaces.
// Nothing is asserted: the numbers are printed. Sizes: DUALSTACK_BENCH_AUDIT_SCALE=0.1 runs a tenth of everything.
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { type ApiSend, apiClient } from './api-client.js';
import { findKubeBinaries } from '../test/e2e/support/binaries.js';
import { type ApiServer, startApiServer, startEtcd } from '../test/e2e/support/control-plane.js';
import { installCustomResourceDefinitions } from '../test/e2e/support/environment.js';
import { runKubectl } from '../test/e2e/support/kubectl.js';
import { reportCrds } from '../test/e2e/support/report-crds.js';
import { CLI } from '../test/support/cli.js';
import { type ManagedProcess, freePort, pollUntil, startProcess } from '../test/support/processes.js';

const SCALE = Number(process.env.DUALSTACK_BENCH_AUDIT_SCALE ?? 1);
const CLUSTERS = Math.round(500 * SCALE);
const CONFIGS_PER_CLUSTER = 4;
const NAMESPACES = Math.round(1000 * SCALE);
const SERVICES = Math.round(20_000 * SCALE);
const STREAM_SECONDS = Number(process.env.DUALSTACK_BENCH_AUDIT_STREAM_SECONDS ?? 30);
const STREAM_PER_SECOND = Number(process.env.DUALSTACK_BENCH_AUDIT_STREAM_RATE ?? 40);
// The stream goes to a few namespaces, several changes per second each: what coalescing is for.
const STREAM_NAMESPACES = Number(process.env.DUALSTACK_BENCH_AUDIT_STREAM_NAMESPACES ?? 10);
const CONCURRENCY = 16;

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

async function create(send: ApiSend, route: string, body: unknown): Promise<void> {
  const answer = await send('POST', route, body);
  if (answer.status !== 201) throw new Error(`POST ${route}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
}

/** Cluster i: the documentation cluster with ranges of its own (pods 10.x/20, services 11.x/20, IPv6 per cluster). */
function clusterObjects(index: number, namespace: string): [string, unknown][] {
  const [a, b] = [Math.floor(index / 16), (index % 16) * 16];
  const hex = index.toString(16);
  const cluster = {
    apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'Cluster', metadata: { name: 'dual-stack', namespace },
    spec: {
      type: 'user', anthosBareMetalVersion: '1.16.0',
      controlPlane: { nodePoolSpec: { nodes: [{ address: `12.${a}.${b}.2` }, { address: `12.${a}.${b}.3` }, { address: `12.${a}.${b}.4` }] } },
      clusterNetwork: { pods: { cidrBlocks: [`10.${a}.${b}.0/20`] }, services: { cidrBlocks: [`11.${a}.${b}.0/20`, `fd20:0:${hex}::/116`] } },
      loadBalancer: {
        mode: 'bundled', ports: { controlPlaneLBPort: 443 }, vips: { controlPlaneVIP: `12.${a}.${b}.200`, ingressVIP: `12.${a}.${b}.212` },
        addressPools: [{ name: 'pool-1', addresses: [`12.${a}.${b}.212-12.${a}.${b}.221`, `fd30:0:${hex}::101-fd30:0:${hex}::110`] }],
      },
      nodeConfig: { podDensity: { maxPodsPerNode: 110 } },
    },
  };
  const configs = Array.from({ length: CONFIGS_PER_CLUSTER }, (_, k) => ({
    apiVersion: 'baremetal.cluster.gke.io/v1alpha1', kind: 'ClusterCIDRConfig', metadata: { name: `ranges-${k}`, namespace },
    spec: { ipv4: { cidr: `10.${a}.${b + 4 * k}.0/22`, perNodeMaskSize: 26 }, ipv6: { cidr: `fd10:0:${hex}:${k}::/122`, perNodeMaskSize: 122 } },
  }));
  return [
    [`/apis/baremetal.cluster.gke.io/v1/namespaces/${namespace}/clusters`, cluster],
    ...configs.map((config): [string, unknown] => [`/apis/baremetal.cluster.gke.io/v1alpha1/namespaces/${namespace}/clustercidrconfigs`, config]),
  ];
}

function service(namespace: string, name: string): unknown {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: { ipFamilyPolicy: 'PreferDualStack', selector: { app: name }, ports: [{ port: 80 }] },
  };
}

/** kube-apiserver's count of write requests on reports so far. */
async function reportWrites(send: ApiSend): Promise<number> {
  const metrics = await send('GET', '/metrics');
  let total = 0;
  for (const line of metrics.text.split('\n')) {
    const match = /^apiserver_request_total\{([^}]*)\} (\S+)$/.exec(line);
    if (match && /resource="reports"/.test(match[1]!) && /verb="(APPLY|PATCH|DELETE|CREATE)"/.test(match[1]!)) total += Number(match[2]);
  }
  return total;
}

/** Peak resident memory (VmHWM) of a running process, in MiB, read until it exits. */
function trackPeakMemory(pid: number): { stop(): number } {
  let peak = 0;
  const read = () => {
    readFile(`/proc/${pid}/status`, 'utf8').then((text) => {
      const kib = Number(/VmHWM:\s+(\d+)/.exec(text)?.[1] ?? 0);
      peak = Math.max(peak, kib / 1024);
    }, () => {});
  };
  const timer = setInterval(read, 100);
  return { stop: () => { clearInterval(timer); return peak; } };
}

const { report: REPORT_CRD } = await reportCrds();
const binaries = findKubeBinaries();
const etcd = await startEtcd(binaries);
let api: ApiServer | undefined;
let watcher: ManagedProcess | undefined;
try {
  api = await startApiServer(binaries, etcd, { serviceRanges: ['10.96.0.0/12', 'fd00::/108'] });
  const send = apiClient(api, CONCURRENCY);
  await installCustomResourceDefinitions(api, binaries.kubectl);
  const crd = await runKubectl(binaries.kubectl, api.kubeconfigFile, ['apply', '-f', REPORT_CRD]);
  if (crd.code !== 0) throw new Error(crd.stderr);
  await runKubectl(binaries.kubectl, api.kubeconfigFile, ['wait', '--for=condition=Established', '--timeout=60s', 'crd', 'reports.openreports.io']);
  await pollUntil('reports to be served', 60_000, async () => ((await send('GET', '/apis/openreports.io/v1alpha1/reports')).status === 200 ? true : undefined));

  const namespaces = Array.from({ length: NAMESPACES }, (_, index) => `bench-${index}`);
  let started = Date.now();
  await inParallel(namespaces, (name) => create(send, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  const admin = namespaces.slice(0, CLUSTERS).flatMap((namespace, index) => clusterObjects(index, namespace));
  await inParallel(admin, ([route, body]) => create(send, route, body));
  const services = Array.from({ length: SERVICES }, (_, index) => [namespaces[index % NAMESPACES]!, `svc-${index}`] as const);
  await inParallel(services, ([namespace, name]) => create(send, `/api/v1/namespaces/${namespace}/services`, service(namespace, name)));
  process.stdout.write(`stored ${CLUSTERS} Clusters, ${CLUSTERS * CONFIGS_PER_CLUSTER} ClusterCIDRConfigs, ${SERVICES} Services in ${NAMESPACES} `
    + `namespaces in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  // One shot.
  const writesBefore = await reportWrites(send);
  started = Date.now();
  const oneShot = startProcess('audit', process.execPath, [CLI, 'audit', '--services', '--kubeconfig', api.kubeconfigFile, '--output', 'json=/dev/null']);
  const memory = trackPeakMemory(oneShot.child.pid!);
  const end = await oneShot.exited;
  const seconds = (Date.now() - started) / 1000;
  const peak = memory.stop();
  const writes = (await reportWrites(send)) - writesBefore;
  process.stdout.write(`audit --services (one shot): exit ${end.code} in ${seconds.toFixed(1)} s; peak RSS ${peak.toFixed(0)} MiB; `
    + `${writes} report writes (${NAMESPACES} namespaces)\n`);
  if (end.code !== 0 && end.code !== 1) throw new Error(oneShot.output().slice(-2000));

  // --watch: ready when every report is written again (each a no-op now), then a stream of Service creates and deletes.
  const port = await freePort();
  started = Date.now();
  watcher = startProcess('audit --watch', process.execPath, [
    CLI, 'audit', '--watch', '--services', '--kubeconfig', api.kubeconfigFile, '--output', 'json=/dev/null', '--host', '127.0.0.1', '--port', String(port),
  ]);
  const watchMemory = trackPeakMemory(watcher.child.pid!);
  await pollUntil('audit --watch to be ready', 30 * 60_000, async () => {
    const answer = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
    return answer?.status === 200 ? true : undefined;
  }, 250);
  process.stdout.write(`audit --watch --services: ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  const created = new Map<string, number>();
  const lags: number[] = [];
  // Lag: from a Service's create answer to the first report event that names it (a watch on every report).
  const watchRequest = request(new URL('/apis/openreports.io/v1alpha1/reports?watch=1', api.url), {
    headers: { Authorization: `Bearer ${api.token}` }, ca: api.serving.caPem,
  }, (response) => {
    let buffer = '';
    response.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const event = JSON.parse(line) as { object?: { metadata?: { namespace?: string }; results?: { resources?: { name: string }[] }[] } };
        const namespace = event.object?.metadata?.namespace;
        for (const result of event.object?.results ?? []) {
          const key = `${namespace}/${result.resources?.[0]?.name}`;
          const at = created.get(key);
          if (at !== undefined) {
            lags.push(Date.now() - at);
            created.delete(key);
          }
        }
      }
    });
  });
  watchRequest.on('error', () => {});
  watchRequest.end();
  const writesAtStart = await reportWrites(send);
  const streamStart = Date.now();
  let index = 0;
  const pending: Promise<void>[] = [];
  while (Date.now() - streamStart < STREAM_SECONDS * 1000) {
    const tickStart = Date.now();
    for (let change = 0; change < STREAM_PER_SECOND; change += 1) {
      const namespace = namespaces[index % Math.min(STREAM_NAMESPACES, NAMESPACES)]!;
      const name = `stream-${index}`;
      index += 1;
      pending.push(create(send, `/api/v1/namespaces/${namespace}/services`, service(namespace, name)).then(() => { created.set(`${namespace}/${name}`, Date.now()); }));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1000 - (Date.now() - tickStart))));
  }
  await Promise.all(pending);
  const streamSeconds = (Date.now() - streamStart) / 1000;
  const settleStart = Date.now();
  await pollUntil('every created Service in its report', 10 * 60_000, async () => (created.size === 0 ? true : undefined), 100);
  const settled = (Date.now() - settleStart) / 1000;
  watchRequest.destroy();
  const streamWrites = (await reportWrites(send)) - writesAtStart;
  lags.sort((x, y) => x - y);
  const lagAt = (fraction: number) => lags[Math.min(lags.length - 1, Math.ceil(fraction * lags.length) - 1)] ?? 0;
  process.stdout.write(`stream: ${index} Service creates in ${streamSeconds.toFixed(1)} s (${(index / streamSeconds).toFixed(0)}/s) `
    + `over ${Math.min(STREAM_NAMESPACES, NAMESPACES)} namespaces; ${streamWrites} report writes (${(streamWrites / streamSeconds).toFixed(1)}/s); `
    + `all in their reports ${settled.toFixed(1)} s after the last create answered; `
    + `lag (create answered to its report's watch event) p50 ${lagAt(0.5)} ms, p99 ${lagAt(0.99)} ms, max ${lagAt(1)} ms; `
    + `peak RSS of --watch ${watchMemory.stop().toFixed(0)} MiB\n`);
} finally {
  await watcher?.stop();
  await api?.stop();
  await etcd.stop();
}
