import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ApiServer } from './support/control-plane.js';
import { e2e, installCustomResourceDefinitions } from './support/environment.js';
import { freePort, pollUntil } from '../support/processes.js';
import { type RunningWebhook, startWebhook } from './support/webhook.js';

// `serve --watch` against a real kube-apiserver when the watch breaks: etcd compaction (410 Gone), kube-apiserver
// restarted under the webhook, and many objects. Each scenario judges through an admission review: a
// ClusterCIDRConfig is refused with R-1 ("no Cluster found in namespace") exactly while the webhook does not know
// the Cluster of its namespace.

const RANGES = ['172.16.0.0/20', 'fd12::5:0/116'];

/** A TCP relay to kube-apiserver that a test can cut (every connection reset, new ones refused) and restore. */
class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private open = true;
  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(targetPort: number): Promise<CuttableProxy> {
    const port = await freePort();
    let proxy: CuttableProxy | undefined;
    const server = createServer((client) => {
      if (!proxy?.open) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        proxy.sockets.add(socket);
        socket.on('close', () => proxy?.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    proxy = new CuttableProxy(server, port);
    return proxy;
  }

  cut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.open = true;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function kubeconfigThrough(api: ApiServer, port: number): Promise<string> {
  const file = path.join(api.folder, `kubeconfig-proxy-${port}`);
  const config = JSON.parse(readFileSync(api.kubeconfigFile, 'utf8')) as { clusters: { cluster: { server: string } }[] };
  config.clusters[0]!.cluster.server = `https://127.0.0.1:${port}`;
  await writeFile(file, JSON.stringify(config), { mode: 0o600 });
  return file;
}

function cluster(namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'Cluster', metadata: { name: namespace.replace(/^cluster-/, ''), namespace },
    spec: { clusterNetwork: { services: { cidrBlocks: ['172.26.0.0/16', 'fd12::5:0/116'] }, pods: { cidrBlocks: ['192.168.0.0/16', 'fd12::1:0/112'] } } },
  };
}

function clusterCidrConfig(namespace: string, name = 'ccc'): Record<string, unknown> {
  return {
    apiVersion: 'baremetal.cluster.gke.io/v1alpha1', kind: 'ClusterCIDRConfig', metadata: { name, namespace },
    spec: { ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 24 }, ipv6: { cidr: 'fd12::1:0/112', perNodeMaskSize: 120 } },
  };
}

async function createNamespaced(api: ApiServer, object: Record<string, unknown>, plural: string, newNamespace = true): Promise<void> {
  const namespace = (object.metadata as { namespace: string }).namespace;
  if (newNamespace) await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  const [group, version] = String(object.apiVersion).split('/');
  const answer = await api.request('POST', `/apis/${group}/${version}/namespaces/${namespace}/${plural}`, object);
  assert.equal(answer.status, 201, answer.text);
}

function post(webhook: RunningWebhook, route: string, body?: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = request(new URL(route, webhook.url), {
      method: text === undefined ? 'GET' : 'POST', ca: webhook.serving.caPem, agent: false,
      headers: text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(text);
  });
}

/**
 * Whether the webhook misses a Cluster in `namespace`: it refuses a ClusterCIDRConfig there, or, knowing no
 * Cluster at all, warns that it has none (X-7, D9).
 */
async function missesClusterIn(webhook: RunningWebhook, namespace: string): Promise<boolean> {
  const object = clusterCidrConfig(namespace);
  const answer = await post(webhook, '/validate', {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: 'watch-e2e', kind: { group: 'baremetal.cluster.gke.io', version: 'v1alpha1', kind: 'ClusterCIDRConfig' },
      resource: { group: 'baremetal.cluster.gke.io', version: 'v1alpha1', resource: 'clustercidrconfigs' },
      operation: 'CREATE', name: 'ccc', namespace, object, oldObject: null, dryRun: true,
    },
  });
  assert.equal(answer.status, 200, answer.text);
  return answer.text.includes(`no Cluster found in namespace \\"${namespace}\\"`) || answer.text.includes('cluster facts are unavailable')
    || answer.text.includes('[X-7] no Cluster in the facts');
}

async function readyStatus(webhook: RunningWebhook): Promise<number> {
  return (await post(webhook, '/readyz')).status;
}

async function metric(webhook: RunningWebhook, pattern: RegExp): Promise<number> {
  const text = (await post(webhook, '/metrics')).text;
  return text.split('\n').filter((line) => pattern.test(line)).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

function residentMiB(webhook: RunningWebhook): number {
  const status = readFileSync(`/proc/${webhook.process().child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** CPU seconds (user and system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Mean seconds and count of the webhook's ClusterCIDRConfig reviews so far (its latency histogram). */
async function configReviews(webhook: RunningWebhook): Promise<{ sum: number; count: number }> {
  const pattern = (part: string) => new RegExp(`^dualstack_webhook_request_duration_seconds_${part}\\{[^}]*kind="ClusterCIDRConfig"`);
  return { sum: await metric(webhook, pattern('sum')), count: await metric(webhook, pattern('count')) };
}

/**
 * Issue 16: every Cluster and ClusterCIDRConfig gets a status update, as controllers write them, twice: alone (the
 * webhook's CPU per watch event), then while a ClusterCIDRConfig review is sent every 25 ms (the mean review time
 * during the storm against before it). Printed, not asserted. The facts must still be right afterwards.
 */
async function statusStorm(api: ApiServer, webhook: RunningWebhook, namespaces: readonly string[]): Promise<void> {
  const pid = webhook.process().child.pid!;
  const review = () => missesClusterIn(webhook, namespaces[250]!);
  for (let index = 0; index < 100; index += 1) await review();
  const quiet = await configReviews(webhook);
  let rounds = 0;
  const storm = async (): Promise<{ events: number; seconds: number; cpu: number }> => {
    rounds += 1;
    const patches: { route: string; status: unknown }[] = [];
    for (const namespace of namespaces) {
      patches.push({ route: `/apis/baremetal.cluster.gke.io/v1/namespaces/${namespace}/clusters/${namespace.replace(/^cluster-/, '')}`, status: { phase: 'Running', round: rounds } });
      for (let config = 0; config < 4; config += 1) {
        patches.push({ route: `/apis/baremetal.cluster.gke.io/v1alpha1/namespaces/${namespace}/clustercidrconfigs/ccc-${config}`, status: { round: rounds } });
      }
    }
    const cpuBefore = cpuSeconds(pid);
    const started = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < patches.length) {
        const { route, status } = patches[next++]!;
        const answer = await api.request('PATCH', route, { status }, 'application/merge-patch+json');
        assert.equal(answer.status, 200, answer.text);
      }
    }));
    // The last events are in once a Cluster created after the storm has arrived (a kind's events arrive in order).
    const marker = `cluster-storm-${rounds}`;
    await createNamespaced(api, cluster(marker), 'clusters');
    await pollUntil(`the Cluster created after storm ${rounds}`, 60_000, async () => ((await missesClusterIn(webhook, marker)) ? undefined : true), 100);
    return { events: patches.length, seconds: (Date.now() - started) / 1000, cpu: cpuSeconds(pid) - cpuBefore };
  };

  const alone = await storm();
  const beforeReviews = await configReviews(webhook);
  let storming = true;
  const reviewing = (async () => {
    while (storming) {
      await review();
      await new Promise((resolve) => { setTimeout(resolve, 25); });
    }
  })();
  const withReviews = await storm();
  storming = false;
  await reviewing;
  const during = await configReviews(webhook);
  const mean = (sum: number, count: number) => `${((sum / Math.max(1, count)) * 1000).toFixed(2)} ms`;
  process.stderr.write(`  status storm: ${alone.events} status updates (${namespaces.length} Clusters, ${alone.events - namespaces.length} `
    + `ClusterCIDRConfigs) in ${alone.seconds.toFixed(1)} s: webhook CPU ${(alone.cpu * 1000).toFixed(0)} ms, `
    + `${((alone.cpu / alone.events) * 1e6).toFixed(0)} µs per event\n`
    + `  again with a ClusterCIDRConfig review every 25 ms: ${withReviews.seconds.toFixed(1)} s, webhook CPU ${(withReviews.cpu * 1000).toFixed(0)} ms; `
    + `review mean ${mean(during.sum - beforeReviews.sum, during.count - beforeReviews.count)} (${during.count - beforeReviews.count} reviews), `
    + `${mean(quiet.sum, quiet.count)} before the storms (${quiet.count})\n`);
  assert.equal(await missesClusterIn(webhook, namespaces[499]!), false, 'the facts still know every Cluster');
}

describe('e2e: serve --watch when the watch breaks (real kube-apiserver)', function () {
  this.timeout(5 * 60_000);
  let api: ApiServer;

  before(async function () {
    this.timeout(3 * 60_000);
    // Watches are served past the watch cache, straight from etcd, so compaction reaches them (reference §5).
    api = await e2e().startApiServer({ serviceRanges: RANGES, watchCache: false });
    await installCustomResourceDefinitions(api, e2e().binaries.kubectl);
  });

  after(async () => {
    await api?.stop();
  });

  it('gets 410 Gone after etcd is compacted past its resourceVersion, relists, and judges by the Cluster changed meanwhile', async () => {
    const proxy = await CuttableProxy.start(Number(new URL(api.url).port));
    const webhook = await startWebhook(['--watch', '--kubeconfig', await kubeconfigThrough(api, proxy.port)]);
    try {
      await pollUntil('the webhook to be ready', 60_000, async () => ((await readyStatus(webhook)) === 200 ? true : undefined));
      assert.equal(await missesClusterIn(webhook, 'cluster-compacted'), true);

      proxy.cut();
      await createNamespaced(api, cluster('cluster-compacted'), 'clusters');
      // More writes after the change, then compaction to now: the webhook's resourceVersion is history.
      await createNamespaced(api, cluster('cluster-filler'), 'clusters');
      const compactedTo = await e2e().etcd.compact();
      assert.ok(Number(compactedTo) > 0);
      assert.equal(await missesClusterIn(webhook, 'cluster-compacted'), true, 'cut off, the webhook cannot know the new Cluster');
      proxy.restore();

      await pollUntil('the webhook to relist and know the new Cluster', 90_000,
        async () => ((await missesClusterIn(webhook, 'cluster-compacted')) ? undefined : true), 500);
      assert.ok(await metric(webhook, /^dualstack_webhook_watch_relists_total\{kind="Cluster",reason="expired"\}/) >= 1,
        'the Cluster watch was resumed from a compacted resourceVersion and relisted (410 Gone)');
      assert.equal(await readyStatus(webhook), 200);
    } finally {
      await webhook.close();
      await proxy.close();
    }
  });

  it('reconnects and resyncs when kube-apiserver restarts; /readyz is false only while the facts are unknown', async () => {
    const webhook = await startWebhook(['--watch', '--kubeconfig', api.kubeconfigFile]);
    try {
      await pollUntil('the webhook to be ready', 60_000, async () => ((await readyStatus(webhook)) === 200 ? true : undefined));
      await api.stopProcess();
      // docs/watch.md: once listed, the webhook keeps serving its last view while the watch reconnects (as an informer).
      assert.equal(await readyStatus(webhook), 200, 'facts known (last view): still ready while kube-apiserver is down');
      // A webhook (re)started while kube-apiserver is down knows nothing: not ready.
      await webhook.stop();
      await webhook.start();
      assert.equal(await readyStatus(webhook), 503, 'facts unknown: not ready');
      assert.equal(await missesClusterIn(webhook, 'cluster-restarted'), true);

      await api.startProcess();
      await pollUntil('the webhook to list after the restart', 90_000, async () => ((await readyStatus(webhook)) === 200 ? true : undefined), 250);
      // Resynced and watching: a Cluster created after the restart reaches the facts.
      await createNamespaced(api, cluster('cluster-restarted'), 'clusters');
      await pollUntil('the webhook to see the Cluster created after the restart', 60_000,
        async () => ((await missesClusterIn(webhook, 'cluster-restarted')) ? undefined : true), 250);
      assert.equal(await readyStatus(webhook), 200);
    } finally {
      await webhook.close();
    }
  });

  it('lists and watches 500 Clusters and 2,000 ClusterCIDRConfigs (time to ready, memory, and the cost of a storm of status updates reported)', async function () {
    this.timeout(10 * 60_000);
    const clusters = Array.from({ length: 500 }, (_, index) => `cluster-many-${index}`);
    const creates: (() => Promise<void>)[] = [];
    for (const namespace of clusters) {
      creates.push(async () => {
        await createNamespaced(api, cluster(namespace), 'clusters');
        for (let index = 0; index < 4; index += 1) await createNamespaced(api, clusterCidrConfig(namespace, `ccc-${index}`), 'clustercidrconfigs', false);
      });
    }
    const started = Date.now();
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < creates.length) await creates[next++]!();
    }));
    process.stderr.write(`  created 500 Clusters and 2,000 ClusterCIDRConfigs in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    const launched = Date.now();
    const webhook = await startWebhook(['--watch', '--kubeconfig', api.kubeconfigFile]);
    try {
      await pollUntil('the webhook to be ready', 120_000, async () => ((await readyStatus(webhook)) === 200 ? true : undefined), 100);
      const toReady = (Date.now() - launched) / 1000;
      const rss = residentMiB(webhook);
      process.stderr.write(`  serve --watch: ready in ${toReady.toFixed(1)} s (process start to /readyz 200), RSS ${rss.toFixed(0)} MiB\n`);
      // Every Cluster is known: the last one created, and one in the middle.
      assert.equal(await missesClusterIn(webhook, clusters[499]!), false);
      assert.equal(await missesClusterIn(webhook, clusters[250]!), false);
      // And the watch is live on the large set: a new Cluster arrives.
      await createNamespaced(api, cluster('cluster-many-new'), 'clusters');
      await pollUntil('the new Cluster to arrive', 60_000, async () => ((await missesClusterIn(webhook, 'cluster-many-new')) ? undefined : true), 250);
      await statusStorm(api, webhook, clusters);
    } finally {
      await webhook.close();
    }
  });
});
