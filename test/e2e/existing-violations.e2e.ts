import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { yamlObjects } from '../support/yaml.js';
import {
  createNamespace, mainTarget, startRegisteredWebhook, stopRegisteredWebhook, storedObject, waitUntilWebhookSeesCluster,
  watchArgs,
} from './support/admission.js';
import { type RunningWebhook } from './support/webhook.js';

// docs/rules.md D19 through the real kubectl and kube-apiserver: objects stored before the webhook was registered (here:
// while it was not) keep getting labels, annotations, a finalizer removed and an upgrade's version bump, with our
// warning; a change that keeps their field wrong is refused, a fix admitted, a delete goes through.

const NAMESPACE = 'ratchet';
const CLUSTERS = 'clusters.baremetal.cluster.gke.io';
const CONFIGS = 'clustercidrconfigs.baremetal.cluster.gke.io';
const kubectl = (args: readonly string[], stdin?: string) => mainTarget().kubectl(args, stdin);

function exampleObject(file: string, kind: string, name: string): Record<string, any> {
  const text = readFileSync(path.join(PACKAGE_ROOT, 'examples', 'invalid', file), 'utf8');
  const object = yamlObjects(text)
    .find((document) => document.kind === kind && document.metadata.name === name);
  assert.ok(object, `${file}: no ${kind} ${name}`);
  object.metadata.namespace = NAMESPACE;
  return object;
}

/** examples/invalid/C-5.yaml's Cluster (an IPv6 pod range) with a finalizer, as a controller would have left it. */
const brokenCluster = { ...exampleObject('C-5.yaml', 'Cluster', 'dual-stack') };
brokenCluster.metadata.finalizers = ['example.com/hold'];
/** examples/invalid/R-18.yaml's config: a nodeSelector label value that is not label syntax. */
const brokenConfig = exampleObject('R-18.yaml', 'ClusterCIDRConfig', 'range-node1');

const C5_WARNING = 'Warning: [C-5] existing violation, unchanged by this update: spec.clusterNetwork.pods.cidrBlocks[1]: '
  + 'must be an IPv4 CIDR: the …';
const R18_WARNING = 'Warning: [R-18] existing violation, unchanged by this update: '
  + 'spec.nodeSelector.matchLabels[baremetal.cluster.gke.io/k8s-ip]: a…';

function warningsOf(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('Warning: '));
}

describe('e2e: existing violations (D19) of objects stored while the webhook was not registered', function () {
  this.timeout(180_000);
  let webhook: RunningWebhook | undefined;

  before(async () => {
    await createNamespace(mainTarget(), NAMESPACE);
    const stored = await kubectl(['apply', '-f', '-'], `${JSON.stringify(brokenCluster)}\n${JSON.stringify(brokenConfig)}`);
    assert.equal(stored.code, 0, stored.stderr);
  });

  after(async () => {
    await stopRegisteredWebhook(webhook);
    webhook = undefined;
    // Whatever a failed test left: no finalizer holds the namespace's deletion.
    await kubectl(['patch', CLUSTERS, 'dual-stack', '-n', NAMESPACE, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    await kubectl(['delete', 'namespace', NAMESPACE, '--wait=false']);
  });

  it('with --allow-existing-violations=false a label on the broken Cluster is refused [C-5]', async () => {
    webhook = await startRegisteredWebhook(['--allow-existing-violations=false', ...watchArgs()]);
    try {
      await waitUntilWebhookSeesCluster(mainTarget(), NAMESPACE);
      const labelled = await kubectl(['label', CLUSTERS, 'dual-stack', '-n', NAMESPACE, 'example.com/team=network']);
      assert.equal(labelled.code, 1, labelled.stdout);
      assert.ok(labelled.stderr.endsWith('The Cluster "dual-stack" is invalid: spec.clusterNetwork.pods.cidrBlocks[1]: Invalid value: '
        + '"fd12::1:0/112": must be an IPv4 CIDR: the IPv6 pod range belongs in a ClusterCIDRConfig [C-5]\n'), labelled.stderr);
      assert.equal((await storedObject(mainTarget(), CLUSTERS, NAMESPACE, 'dual-stack'))!.metadata.labels, undefined);
    } finally {
      await stopRegisteredWebhook(webhook);
      webhook = undefined;
    }
  });

  describe('with the webhook registered at Fail, existing violations allowed (the default)', () => {
    before(async () => {
      webhook = await startRegisteredWebhook(watchArgs());
      await waitUntilWebhookSeesCluster(mainTarget(), NAMESPACE);
    });

    const metadataChanges: [string, string[], string][] = [
      ['kubectl label', ['label', CLUSTERS, 'dual-stack', '-n', NAMESPACE, 'example.com/team=network'], 'labeled'],
      ['kubectl annotate', ['annotate', CLUSTERS, 'dual-stack', '-n', NAMESPACE, 'example.com/owner=platform'], 'annotated'],
      ['kubectl patch removing the finalizer',
        ['patch', CLUSTERS, 'dual-stack', '-n', NAMESPACE, '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers/0"}]'], 'patched'],
      ['kubectl patch of anthosBareMetalVersion (an upgrade)',
        ['patch', CLUSTERS, 'dual-stack', '-n', NAMESPACE, '--type=merge', '-p', '{"spec":{"anthosBareMetalVersion":"1.16.1"}}'], 'patched'],
    ];
    for (const [title, args, verb] of metadataChanges) {
      it(`${title} on the broken Cluster: exit 0 with our "Warning: [C-5] existing violation…"`, async () => {
        const changed = await kubectl(args);
        assert.equal(changed.code, 0, changed.stderr);
        assert.equal(changed.stdout, `cluster.baremetal.cluster.gke.io/dual-stack ${verb}\n`);
        assert.ok(warningsOf(changed.stderr).includes(C5_WARNING), changed.stderr);
      });
    }

    it('stored all four changes', async () => {
      const stored = (await storedObject(mainTarget(), CLUSTERS, NAMESPACE, 'dual-stack'))!;
      assert.deepEqual(stored.metadata.labels, { 'example.com/team': 'network' });
      assert.equal(stored.metadata.annotations['example.com/owner'], 'platform');
      assert.equal(stored.metadata.finalizers, undefined);
      assert.equal(stored.spec.anthosBareMetalVersion, '1.16.1');
    });

    it('setting the broken Cluster field to another wrong value is refused [C-5]', async () => {
      const patched = await kubectl(['patch', CLUSTERS, 'dual-stack', '-n', NAMESPACE, '--type=json', '-p',
        '[{"op":"replace","path":"/spec/clusterNetwork/pods/cidrBlocks/1","value":"fd12::2:0/112"}]']);
      assert.equal(patched.code, 1, patched.stdout);
      assert.match(patched.stderr, /spec\.clusterNetwork\.pods\.cidrBlocks\[1\]: Invalid value: "fd12::2:0\/112": must be an IPv4 CIDR: [^,\]]*\[C-5\]/);
      assert.deepEqual((await storedObject(mainTarget(), CLUSTERS, NAMESPACE, 'dual-stack'))!.spec.clusterNetwork.pods.cidrBlocks,
        ['192.168.0.0/16', 'fd12::1:0/112']);
    });

    it('the broken config gets a label with our "Warning: [R-18] existing violation…"', async () => {
      const labelled = await kubectl(['label', CONFIGS, 'range-node1', '-n', NAMESPACE, 'example.com/team=network']);
      assert.equal(labelled.code, 0, labelled.stderr);
      assert.equal(labelled.stdout, 'clustercidrconfig.baremetal.cluster.gke.io/range-node1 labeled\n');
      assert.ok(warningsOf(labelled.stderr).includes(R18_WARNING), labelled.stderr);
    });

    it('setting the broken config field to another wrong value is refused [R-18]; fixing it is admitted', async () => {
      const selector = (value: string) => JSON.stringify({ spec: { nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/k8s-ip': value } } } });
      const wrong = await kubectl(['patch', CONFIGS, 'range-node1', '-n', NAMESPACE, '--type=merge', '-p', selector('fd12::2:6')]);
      assert.equal(wrong.code, 1, wrong.stdout);
      assert.match(wrong.stderr, /spec\.nodeSelector\.matchLabels\[baremetal\.cluster\.gke\.io\/k8s-ip\]: Invalid value: "fd12::2:6": .*\[R-18\]/);

      const fixed = await kubectl(['patch', CONFIGS, 'range-node1', '-n', NAMESPACE, '--type=merge', '-p', selector('10.2.0.5')]);
      assert.equal(fixed.code, 0, fixed.stderr);
      assert.equal(fixed.stdout, 'clustercidrconfig.baremetal.cluster.gke.io/range-node1 patched\n');
      assert.equal(warningsOf(fixed.stderr).some((line) => line.includes('existing violation')), false, fixed.stderr);
      const stored = (await storedObject(mainTarget(), CONFIGS, NAMESPACE, 'range-node1'))!;
      assert.deepEqual(stored.spec.nodeSelector.matchLabels, { 'baremetal.cluster.gke.io/k8s-ip': '10.2.0.5' });
    });

    it('fixing the Cluster\'s pod ranges is refused only for C-20 (pods.cidrBlocks is immutable), never for C-5', async () => {
      const fixed = await kubectl(['patch', CLUSTERS, 'dual-stack', '-n', NAMESPACE, '--type=merge', '-p',
        '{"spec":{"clusterNetwork":{"pods":{"cidrBlocks":["192.168.0.0/16"]}}}}']);
      assert.equal(fixed.code, 1, fixed.stdout);
      assert.match(fixed.stderr, /is invalid: spec\.clusterNetwork\.pods\.cidrBlocks: Invalid value: \["192\.168\.0\.0\/16"\]: field is immutable .*\[C-20\]/);
      assert.equal(fixed.stderr.includes('[C-5]'), false, fixed.stderr);
    });

    it('kubectl delete deletes the broken Cluster and config', async () => {
      const deleted = await kubectl(['delete', CLUSTERS, 'dual-stack', '-n', NAMESPACE]);
      assert.equal(deleted.code, 0, deleted.stderr);
      assert.equal(deleted.stdout, `cluster.baremetal.cluster.gke.io "dual-stack" deleted from ${NAMESPACE} namespace\n`);
      const deletedConfig = await kubectl(['delete', CONFIGS, 'range-node1', '-n', NAMESPACE]);
      assert.equal(deletedConfig.code, 0, deletedConfig.stderr);
      assert.equal(await storedObject(mainTarget(), CLUSTERS, NAMESPACE, 'dual-stack'), undefined);
      assert.equal(await storedObject(mainTarget(), CONFIGS, NAMESPACE, 'range-node1'), undefined);
    });
  });
});
