import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';
import {
  createNamespace, documentationClusterIn, mainTarget, reviewCreate, startRegisteredWebhook, stopRegisteredWebhook,
  storedObject, waitUntilWebhookSeesCluster, watchArgs,
} from './support/admission.js';
import { type RunningWebhook } from './support/webhook.js';
import { yamlDocuments, yamlObjects } from '../support/yaml.js';

const CLUSTERS = 'clusters.baremetal.cluster.gke.io';
const CONFIGS = 'clustercidrconfigs.baremetal.cluster.gke.io';
const NODE_POOLS = 'nodepools.baremetal.cluster.gke.io';

const kubectl = (args: readonly string[], stdin?: string) => mainTarget().kubectl(args, stdin);

function serviceWithoutPolicy(namespace: string, name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: { name, namespace },
    spec: { selector: { app: 'try-dual-stack' }, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

/** The documentation Cluster in `namespace`, its Service ranges and address pool cut to IPv4 (single-stack). */
function singleStackCluster(namespace: string): Record<string, any> {
  const [, cluster] = yamlObjects(documentationClusterIn(namespace));
  cluster!.spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/20'];
  cluster!.spec.loadBalancer.addressPools[0].addresses = ['10.2.0.212-10.2.0.221'];
  return cluster!;
}

/** The documentation's worker-pool ClusterCIDRConfig in `namespace`, changed by `change`. */
function workerPoolConfig(namespace: string, change: (config: Record<string, any>) => void = () => {}): string {
  const text = readFileSync(path.join(PACKAGE_ROOT, 'examples', 'worker-pool-cluster-cidr-config.yaml'), 'utf8');
  const config = yamlObjects(text.replace(/\bcluster-dual-stack\b/g, namespace))[0]!;
  change(config);
  return stringify(config);
}

/** The documentation Cluster in `namespace`: Namespace and Cluster first, the rest once the webhook's watch has it. */
async function createDocumentationCluster(namespace: string): Promise<void> {
  const documents = yamlDocuments(documentationClusterIn(namespace)).map((document) => document.text);
  const first = await kubectl(['apply', '-f', '-'], documents.slice(0, 2).join('---\n'));
  assert.equal(first.code, 0, first.stderr);
  await waitUntilWebhookSeesCluster(mainTarget(), namespace);
  const rest = await kubectl(['apply', '-f', '-'], documents.join('---\n'));
  assert.equal(rest.code, 0, rest.stderr);
}

function lines(text: string): string[] {
  return text.split('\n').filter(Boolean);
}

describe('e2e: admission scenarios through kubectl (webhook with --watch)', function () {
  this.timeout(120_000);
  let webhook: RunningWebhook | undefined;

  before(async () => {
    webhook = await startRegisteredWebhook(watchArgs());
    for (const namespace of ['adm-service', 'adm-c6', 'adm-dry']) await createNamespace(mainTarget(), namespace);
    await createDocumentationCluster('adm-ccc');
  });
  after(async () => stopRegisteredWebhook(webhook));

  it('stores a Service without ipFamilyPolicy with exactly the families /mutate predicted (SingleStack, [IPv4])', async () => {
    const service = serviceWithoutPolicy('adm-service', 'no-policy');
    const predicted = await reviewCreate(webhook!, '/mutate', service);
    assert.equal(predicted.allowed, true);
    assert.deepEqual(predicted.patch, [
      { op: 'add', path: '/spec/ipFamilyPolicy', value: 'SingleStack' },
      { op: 'add', path: '/spec/ipFamilies', value: ['IPv4'] },
    ]);
    const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(service));
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout, 'service/no-policy created\n');
    const stored = await storedObject(mainTarget(), 'service', 'adm-service', 'no-policy');
    assert.equal(stored?.spec.ipFamilyPolicy, predicted.patch![0]!.value);
    assert.deepEqual(stored?.spec.ipFamilies, predicted.patch![1]!.value);
    assert.equal(stored?.spec.clusterIPs.length, 1);
  });

  it('refuses adding the IPv6 Service range to a stored single-stack Cluster (C-6)', async () => {
    const cluster = singleStackCluster('adm-c6');
    const created = await kubectl(['apply', '-f', '-'], JSON.stringify(cluster));
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, 'cluster.baremetal.cluster.gke.io/dual-stack created\n');
    cluster.spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/20', 'fd12::5:0/116'];
    const updated = await kubectl(['apply', '-f', '-'], JSON.stringify(cluster));
    assert.equal(updated.code, 1, updated.stdout);
    // Several causes: kubectl lists them under the object's line. C-31 comes along (the pool has no IPv6 addresses, and
    // changing an existing pool is refused too, C-29): only a new cluster can be dual-stack.
    assert.deepEqual(lines(updated.stderr), [
      'Warning: [X-2] no ClusterCIDRConfig with spec.ipv6 in namespace "adm-c6" yet; a dual-stack Cluster needs one',
      'The Cluster "dual-stack" is invalid: ',
      '* spec.clusterNetwork.services.cidrBlocks[1]: Invalid value: "fd12::5:0/116": can\'t add an IPv6 service range after creation: '
        + 'dual-stack can be enabled only when the cluster is created [C-6]',
      '* spec.loadBalancer.addressPools: Required value: must include IPv6 addresses: a dual-stack cluster with bundled load balancing '
        + 'needs pool addresses of both families [C-31]',
    ]);
    const stored = await storedObject(mainTarget(), CLUSTERS, 'adm-c6', 'dual-stack');
    assert.deepEqual(stored?.spec.clusterNetwork.services.cidrBlocks, ['172.16.0.0/20']);
  });

  it('refuses changing a ClusterCIDRConfig\'s ipv4 (R-11)', async () => {
    const created = await kubectl(['apply', '-f', '-'], workerPoolConfig('adm-ccc'));
    assert.equal(created.code, 0, created.stderr);
    const updated = await kubectl(['apply', '-f', '-'], workerPoolConfig('adm-ccc', (config) => { config.spec.ipv4.cidr = '192.168.0.0/17'; }));
    assert.equal(updated.code, 1, updated.stdout);
    assert.equal(updated.stderr, 'The ClusterCIDRConfig "worker-pool-ccc" is invalid: spec.ipv4.cidr: Invalid value: "192.168.0.0/17": '
      + 'field is immutable (was "192.168.0.0/16") [R-11]\n');
    const stored = await storedObject(mainTarget(), CONFIGS, 'adm-ccc', 'worker-pool-ccc');
    assert.equal(stored?.spec.ipv4.cidr, '192.168.0.0/16');
  });

  it('admits changing its nodeSelector with the R-12 warning, and deleting it with the R-16 warning', async () => {
    const updated = await kubectl(['apply', '-f', '-'], workerPoolConfig('adm-ccc', (config) => {
      config.spec.nodeSelector.matchLabels['baremetal.cluster.gke.io/node-pool'] = 'workers-2';
    }));
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(updated.stdout, 'clustercidrconfig.baremetal.cluster.gke.io/worker-pool-ccc configured\n');
    assert.equal(updated.stderr, 'Warning: [R-12] nodeSelector changed: nodes keep the pod ranges already allocated; only new nodes follow it\n');
    const stored = await storedObject(mainTarget(), CONFIGS, 'adm-ccc', 'worker-pool-ccc');
    assert.deepEqual(stored?.spec.nodeSelector, { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers-2' } });
    const deleted = await kubectl(['delete', '-n', 'adm-ccc', 'clustercidrconfig.baremetal.cluster.gke.io', 'worker-pool-ccc']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal(deleted.stdout, 'clustercidrconfig.baremetal.cluster.gke.io "worker-pool-ccc" deleted from adm-ccc namespace\n');
    assert.equal(deleted.stderr,
      'Warning: [R-16] "worker-pool-ccc" stays Terminating while nodes use its ranges; their pod CIDRs are never revoked\n');
    assert.equal(await storedObject(mainTarget(), CONFIGS, 'adm-ccc', 'worker-pool-ccc'), undefined);
  });

  it('refuses a NodePool with a node address inside the pod range (C-17)', async () => {
    const nodePool = {
      apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'NodePool', metadata: { name: 'inside-pods', namespace: 'adm-ccc' },
      spec: { clusterName: 'dual-stack', nodes: [{ address: '10.2.0.7' }, { address: '192.168.3.4' }] },
    };
    const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(nodePool));
    assert.equal(applied.code, 1, applied.stdout);
    assert.equal(applied.stderr, 'The NodePool "inside-pods" is invalid: spec.nodes[1].address: Invalid value: "192.168.3.4": must not be '
      + 'inside Cluster dual-stack spec.clusterNetwork.pods.cidrBlocks[0] (192.168.0.0/16): node IPs must lie outside the pod and '
      + 'service ranges [C-17]\n');
    assert.equal(await storedObject(mainTarget(), NODE_POOLS, 'adm-ccc', 'inside-pods'), undefined);
  });

  describe('kubectl apply --dry-run=server: the same answers, nothing stored (sideEffects: None)', () => {
    it('refuses the C-17 NodePool with the same line', async () => {
      const nodePool = {
        apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'NodePool', metadata: { name: 'inside-pods', namespace: 'adm-ccc' },
        spec: { clusterName: 'dual-stack', nodes: [{ address: '10.2.0.7' }, { address: '192.168.3.4' }] },
      };
      const real = await kubectl(['apply', '-f', '-'], JSON.stringify(nodePool));
      const dry = await kubectl(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(nodePool));
      assert.equal(dry.code, 1);
      assert.equal(dry.stderr, real.stderr);
    });

    it('creates a valid NodePool "(server dry run)" and stores nothing', async () => {
      const nodePool = {
        apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'NodePool', metadata: { name: 'dry-pool', namespace: 'adm-ccc' },
        spec: { clusterName: 'dual-stack', nodes: [{ address: '10.2.0.8' }] },
      };
      const dry = await kubectl(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(nodePool));
      assert.equal(dry.code, 0, dry.stderr);
      assert.equal(dry.stdout, 'nodepool.baremetal.cluster.gke.io/dry-pool created (server dry run)\n');
      assert.equal(await storedObject(mainTarget(), NODE_POOLS, 'adm-ccc', 'dry-pool'), undefined);
    });

    it('refuses the R-11 change the same way', async () => {
      const created = await kubectl(['apply', '-f', '-'], workerPoolConfig('adm-ccc'));
      assert.equal(created.code, 0, created.stderr);
      const change = workerPoolConfig('adm-ccc', (config) => { config.spec.ipv4.cidr = '192.168.0.0/17'; });
      const dry = await kubectl(['apply', '--dry-run=server', '-f', '-'], change);
      const real = await kubectl(['apply', '-f', '-'], change);
      assert.equal(dry.code, 1);
      assert.equal(dry.stderr, real.stderr);
    });

    // Under dryRun kube-apiserver fills clusterIPs with placeholders (the ranges' network addresses, see
    // control-plane.e2e.ts) before the validating webhooks see the Service; S-6 must judge them as the dry-run allocator does.
    it('creates a valid Service "(server dry run)" and stores nothing', async () => {
      const dry = await kubectl(['apply', '--dry-run=server', '-f', '-'], JSON.stringify(serviceWithoutPolicy('adm-dry', 'dry')));
      assert.equal(dry.code, 0, dry.stderr);
      assert.equal(dry.stdout, 'service/dry created (server dry run)\n');
      assert.equal(await storedObject(mainTarget(), 'service', 'adm-dry', 'dry'), undefined);
    });
  });
});

describe('e2e: a webhook started with --default-ip-family-policy PreferDualStack', function () {
  this.timeout(120_000);
  let webhook: RunningWebhook | undefined;

  before(async () => {
    webhook = await startRegisteredWebhook([...watchArgs(), '--default-ip-family-policy', 'PreferDualStack']);
    await createNamespace(mainTarget(), 'adm-prefer');
  });
  after(async () => stopRegisteredWebhook(webhook));

  it('stores a Service without ipFamilyPolicy dual-stack: PreferDualStack, [IPv4, IPv6], two cluster IPs', async () => {
    const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(serviceWithoutPolicy('adm-prefer', 'defaulted')));
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout, 'service/defaulted created\n');
    const stored = await storedObject(mainTarget(), 'service', 'adm-prefer', 'defaulted');
    assert.equal(stored?.spec.ipFamilyPolicy, 'PreferDualStack');
    assert.deepEqual(stored?.spec.ipFamilies, ['IPv4', 'IPv6']);
    assert.equal(stored?.spec.clusterIPs.length, 2);
  });
});
