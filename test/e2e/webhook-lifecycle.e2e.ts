import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:tls';
import {
  createNamespace, documentationClusterIn, mainTarget, startRegisteredWebhook, stopRegisteredWebhook, storedObject,
  waitUntilWebhookForgetsCluster, waitUntilWebhookSeesCluster, watchArgs,
} from './support/admission.js';
import { rotateLoopbackServingCertificate } from './support/pki.js';
import { pollUntil } from '../support/processes.js';
import { type RunningWebhook } from './support/webhook.js';
import { yamlObjects } from '../support/yaml.js';

const kubectl = (args: readonly string[], stdin?: string) => mainTarget().kubectl(args, stdin);

function documentationObjects(namespace: string): Record<string, any>[] {
  return yamlObjects(documentationClusterIn(namespace));
}

/** The documentation Cluster with an unknown load-balancer mode: refused by us for C-24, whatever the facts. */
function c24Cluster(namespace: string, name: string): string {
  const cluster = documentationObjects(namespace)[1]!;
  cluster.metadata.name = name;
  cluster.spec.loadBalancer.mode = 'automatic';
  return JSON.stringify(cluster);
}

function c24Refusal(name: string): string {
  return `The Cluster "${name}" is invalid: spec.loadBalancer.mode: Unsupported value: "automatic": supported values: "bundled", "manual" [C-24]\n`;
}

function plainService(namespace: string, name: string): string {
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: { ipFamilyPolicy: 'RequireDualStack', selector: { app: 'try-dual-stack' }, ports: [{ port: 80 }] },
  });
}

/** The serial number of the certificate the webhook serves right now. */
function servedSerial(webhook: RunningWebhook): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: webhook.port, ca: webhook.serving.caPem }, () => {
      const serial = socket.getPeerCertificate().serialNumber;
      socket.end();
      resolve(serial);
    });
    socket.once('error', reject);
  });
}

function getStatus(webhook: RunningWebhook, route: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(new URL(route, webhook.url), { ca: webhook.serving.caPem, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('e2e: the webhook process stopped, restarted and its certificate rotated', function () {
  this.timeout(180_000);
  let webhook: RunningWebhook | undefined;

  before(async () => {
    webhook = await startRegisteredWebhook([]);
    await createNamespace(mainTarget(), 'life-policy');
    await createNamespace(mainTarget(), 'life-rotation');
  });
  after(async () => stopRegisteredWebhook(webhook));

  it('with the webhook stopped: a Service is still created (Ignore), a Cluster refused with "failed calling webhook" (Fail); after a restart all is well', async () => {
    await webhook!.stop();
    const service = await kubectl(['apply', '-f', '-'], plainService('life-policy', 'while-down'));
    assert.equal(service.code, 0, service.stderr);
    assert.equal(service.stdout, 'service/while-down created\n');
    const cluster = await kubectl(['apply', '-f', '-'], c24Cluster('life-policy', 'while-down'));
    assert.equal(cluster.code, 1, cluster.stdout);
    assert.equal(cluster.stderr, 'Error from server (InternalError): error when creating "STDIN": Internal error occurred: failed calling webhook '
      + `"validate-clusters.dualstack-webhook.dualstack-system.svc": failed to call webhook: Post "${webhook!.url}/validate?timeout=5s": `
      + `dial tcp 127.0.0.1:${webhook!.port}: connect: connection refused\n`);
    assert.equal(await storedObject(mainTarget(), 'clusters.baremetal.cluster.gke.io', 'life-policy', 'while-down'), undefined);

    await webhook!.start();
    const again = await kubectl(['apply', '-f', '-'], c24Cluster('life-policy', 'after-restart'));
    assert.equal(again.code, 1, again.stdout);
    assert.equal(again.stderr, c24Refusal('after-restart'));
  });

  it('replaces the serving certificate (same CA) in the middle of a stream of kubectl applies: not one call fails', async () => {
    const before = await servedSerial(webhook!);
    const results: { code: number | null; stderr: string; name: string }[] = [];
    let rotated = false;
    let servedNew = false;
    // Bounded by time, not by count: how soon the reload lands depends on the file-watch events and the machine's load.
    const deadline = Date.now() + 60_000;
    for (let index = 0; Date.now() < deadline && !(servedNew && results.length >= 16); index += 1) {
      const name = `rotation-${index}`;
      // Refused Clusters prove each call reached our webhook (Fail: an unreachable webhook is "failed calling webhook").
      const applied = await kubectl(['apply', '-f', '-'], c24Cluster('life-rotation', name));
      results.push({ code: applied.code, stderr: applied.stderr, name });
      if (index === 5) {
        await rotateLoopbackServingCertificate(webhook!.serving);
        rotated = true;
      }
      if (rotated && !servedNew) servedNew = (await servedSerial(webhook!)) !== before;
    }
    assert.ok(servedNew, 'the webhook never served the new certificate');
    assert.ok(webhook!.lines().some((line) => line.msg === 'serving certificate reloaded'));
    for (const result of results) assert.deepEqual(result, { code: 1, stderr: c24Refusal(result.name), name: result.name });
    assert.ok(results.length >= 16, `${results.length} calls`);
  });
});

describe('e2e: serve --watch with a kubeconfig for this apiserver', function () {
  this.timeout(120_000);
  let webhook: RunningWebhook | undefined;
  const namespace = 'life-watch';

  before(async () => {
    webhook = await startRegisteredWebhook(watchArgs());
  });
  after(async () => stopRegisteredWebhook(webhook));

  it('/readyz is 200 once the watches have synced', async () => {
    assert.equal(await pollUntil('/readyz', 30_000, async () => ((await getStatus(webhook!, '/readyz')) === 200 ? 200 : undefined)), 200);
  });

  it('sees a Cluster created with kubectl: a ClusterCIDRConfig is judged against it; forgets it once deleted', async () => {
    const [namespaceObject, cluster, , config] = documentationObjects(namespace);
    const created = await kubectl(['apply', '-f', '-'], `${JSON.stringify(namespaceObject)}\n${JSON.stringify(cluster)}`);
    assert.equal(created.code, 0, created.stderr);
    await waitUntilWebhookSeesCluster(mainTarget(), namespace);

    // Island mode: a config without nodeSelector must use the Cluster's pod range, known only from the watch.
    const misfit = structuredClone(config!);
    misfit.metadata.name = 'misfit';
    misfit.spec.ipv4.cidr = '10.200.0.0/16';
    const refused = await kubectl(['apply', '-f', '-'], JSON.stringify(misfit));
    assert.equal(refused.code, 1, refused.stdout);
    assert.match(refused.stderr, /^The ClusterCIDRConfig "misfit" is invalid: spec\.ipv4\.cidr: .*192\.168\.0\.0\/16.*\[R-10\]$/m);
    const admitted = await kubectl(['apply', '-f', '-'], JSON.stringify(config));
    assert.equal(admitted.code, 0, admitted.stderr);
    assert.equal(admitted.stdout, 'clustercidrconfig.baremetal.cluster.gke.io/cluster-wide-ranges created\n');

    const deleted = await kubectl(['delete', '-n', namespace, 'clusters.baremetal.cluster.gke.io', 'dual-stack']);
    assert.equal(deleted.code, 0, deleted.stderr);
    await waitUntilWebhookForgetsCluster(mainTarget(), namespace);
    const orphan = structuredClone(config!);
    orphan.metadata.name = 'orphan';
    const orphanApplied = await kubectl(['apply', '-f', '-'], JSON.stringify(orphan));
    assert.equal(orphanApplied.code, 1, orphanApplied.stdout);
    assert.match(orphanApplied.stderr,
      new RegExp(`^The ClusterCIDRConfig "orphan" is invalid: metadata\\.namespace: Invalid value: "${namespace}": no Cluster found in namespace "${namespace}"; .*\\[R-1\\]$`, 'm'));
    assert.equal(await getStatus(webhook!, '/readyz'), 200);
  });
});
