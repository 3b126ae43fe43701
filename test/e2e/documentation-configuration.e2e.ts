import assert from 'node:assert/strict';
import path from 'node:path';
import { parseCidr, rangeContains } from '../../src/net/index.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { createNamespace, mainTarget, startRegisteredWebhook, stopRegisteredWebhook, storedObject } from './support/admission.js';
import { type RunningWebhook } from './support/webhook.js';

const example = (name: string): string => path.join(PACKAGE_ROOT, 'examples', name);
const WORKLOAD_NAMESPACE = 'docs-workload';

function inside(address: string, range: string): boolean {
  const outer = parseCidr(range);
  const inner = parseCidr(`${address}/${address.includes(':') ? 128 : 32}`);
  assert.ok(outer.ok && inner.ok, `${address} in ${range}`);
  return rangeContains(outer.value.cidr, inner.value.cidr);
}

describe('e2e: the documentation\'s configuration (examples/) through kubectl apply', function () {
  this.timeout(120_000);
  let webhook: RunningWebhook | undefined;

  // serve's default facts are this very configuration (examples/dual-stack-cluster.yaml).
  before(async () => {
    webhook = await startRegisteredWebhook(['--cluster-config', example('dual-stack-cluster.yaml')]);
  });
  after(async () => stopRegisteredWebhook(webhook));

  it('creates the Namespace, Cluster, NodePool and the ClusterCIDRConfigs', async () => {
    const applied = await mainTarget().kubectl(['apply',
      '-f', example('dual-stack-cluster.yaml'),
      '-f', example('single-node-cluster-cidr-config.yaml'),
      '-f', example('worker-pool-cluster-cidr-config.yaml')]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout, [
      'namespace/cluster-dual-stack created',
      'cluster.baremetal.cluster.gke.io/dual-stack created',
      'nodepool.baremetal.cluster.gke.io/workers created',
      'clustercidrconfig.baremetal.cluster.gke.io/cluster-wide-ranges created',
      'clustercidrconfig.baremetal.cluster.gke.io/range-node1 created',
      'clustercidrconfig.baremetal.cluster.gke.io/worker-pool-ccc created',
      '',
    ].join('\n'));
  });

  it('creates the Deployment and both Services: stored RequireDualStack, [IPv6, IPv4], one cluster IP in each Service range', async () => {
    await createNamespace(mainTarget(), WORKLOAD_NAMESPACE);
    const applied = await mainTarget().kubectl(['apply', '-n', WORKLOAD_NAMESPACE,
      '-f', example('my-deployment.yaml'), '-f', example('my-cip-service.yaml'), '-f', example('my-lb-service.yaml')]);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout, 'deployment.apps/my-deployment created\nservice/my-service created\nservice/my-lb-service created\n');
    for (const name of ['my-service', 'my-lb-service']) {
      const stored = await storedObject(mainTarget(), 'service', WORKLOAD_NAMESPACE, name);
      assert.ok(stored, `${name} not stored`);
      const spec = stored.spec as { ipFamilyPolicy: string; ipFamilies: string[]; clusterIP: string; clusterIPs: string[] };
      assert.equal(spec.ipFamilyPolicy, 'RequireDualStack');
      assert.deepEqual(spec.ipFamilies, ['IPv6', 'IPv4']);
      assert.equal(spec.clusterIPs.length, 2);
      assert.equal(spec.clusterIP, spec.clusterIPs[0]);
      const [ipv6, ipv4] = spec.clusterIPs as [string, string];
      assert.ok(inside(ipv6, 'fd12::5:0/116'), `${name}: ${ipv6} outside fd12::5:0/116`);
      assert.ok(inside(ipv4, '172.16.0.0/20'), `${name}: ${ipv4} outside 172.16.0.0/20`);
    }
  });
});
