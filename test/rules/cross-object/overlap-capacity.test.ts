import assert from 'node:assert/strict';
import { type Cluster } from '../../../src/rules/objects.js';
import {
  DOC_SPEC, assertAdmitted, configWith, docFacts, documentsOf, judge, warningsOf,
} from '../cluster-cidr-config/support.js';
import { clusterOf, judgeClusterAcrossObjects, judgeNodePoolAcrossObjects, nodePoolOf } from './support.js';

const flat = (cluster: Cluster) => { cluster.spec!.clusterNetwork!.flatIPv4 = true; };
const causesOf = (judgement: { causes: readonly { field: string; message: string; rule: string }[] }, rule: string) =>
  judgement.causes.filter((cause) => cause.rule === rule).map((cause) => [cause.field, cause.message]);

describe('X-5 pod ranges vs the Cluster\'s other addresses (deny on the judged object)', () => {
  it('denies an IPv6 pod range over the load-balancer pool at spec.ipv6.cidr', () => {
    const judgement = judge(configWith({ ...DOC_SPEC, ipv6: { cidr: 'fd12::4:0/112', perNodeMaskSize: 120 } }));
    assert.deepEqual(causesOf(judgement, 'X-5'), [[
      'spec.ipv6.cidr',
      'Invalid value: "fd12::4:0/112": must not overlap the load-balancer pool entry fd12::4:101-fd12::4:110 '
      + '(spec.loadBalancer.addressPools[0].addresses[1] of Cluster "dual-stack") [X-5]',
    ]]);
  });

  it('denies an IPv6 pod range over the service range', () => {
    const judgement = judge(configWith({ ...DOC_SPEC, ipv6: { cidr: 'fd12::5:0/112', perNodeMaskSize: 120 } }));
    assert.deepEqual(causesOf(judgement, 'X-5').map(([, message]) => message), [
      'Invalid value: "fd12::5:0/112": must not overlap the service range fd12::5:0/116 '
      + '(spec.clusterNetwork.services.cidrBlocks[1] of Cluster "dual-stack") [X-5]',
    ]);
  });

  it('denies a flat IPv4 pod range over nodes, NodePool nodes, VIPs and pool entries, one cause per kind', () => {
    const facts = docFacts({ withoutConfigs: true, cluster: flat });
    const judgement = judge(configWith({ ...DOC_SPEC, ipv4: { cidr: '10.2.0.0/24', perNodeMaskSize: 28 } }), { facts });
    assert.deepEqual(causesOf(judgement, 'X-5'), [
      ['spec.ipv4.cidr', 'Invalid value: "10.2.0.0/24": must not overlap the node address 10.2.0.2 '
        + '(spec.controlPlane.nodePoolSpec.nodes[0].address of Cluster "dual-stack") and 4 more [X-5]'],
      ['spec.ipv4.cidr', 'Invalid value: "10.2.0.0/24": must not overlap the VIP 10.2.0.200 '
        + '(spec.loadBalancer.vips.controlPlaneVIP of Cluster "dual-stack") and 1 more [X-5]'],
      ['spec.ipv4.cidr', 'Invalid value: "10.2.0.0/24": must not overlap the load-balancer pool entry 10.2.0.212-10.2.0.221 '
        + '(spec.loadBalancer.addressPools[0].addresses[0] of Cluster "dual-stack") [X-5]'],
    ]);
  });

  it('names a NodePool node when only it is covered', () => {
    const facts = docFacts({ withoutConfigs: true, cluster: flat });
    const judgement = judge(configWith({ ipv4: { cidr: '10.2.0.4/30', perNodeMaskSize: 30 } }), { facts });
    assert.deepEqual(causesOf(judgement, 'X-5').map(([, message]) => message), [
      'Invalid value: "10.2.0.4/30": must not overlap the node address 10.2.0.4 '
      + '(spec.controlPlane.nodePoolSpec.nodes[2].address of Cluster "dual-stack") and 2 more [X-5]',
    ]);
    const poolOnly = judge(configWith({ ipv4: { cidr: '10.2.0.6/31', perNodeMaskSize: 31 } }), { facts });
    assert.deepEqual(causesOf(poolOnly, 'X-5').map(([, message]) => message), [
      'Invalid value: "10.2.0.6/31": must not overlap the node address 10.2.0.6 (spec.nodes[1].address of NodePool "workers") [X-5]',
    ]);
  });

  it('admits the documentation\'s ranges', () => assert.deepEqual(causesOf(judge(configWith(DOC_SPEC)), 'X-5'), []));

  it('denies on the Cluster a pool entry inside an existing config\'s IPv6 pod range', () => {
    const facts = docFacts({ withoutConfigs: true, extra: [configWith({ ipv6: { cidr: 'fd12::4:0/112', perNodeMaskSize: 120 } }, { name: 'v6' })] });
    assert.deepEqual(causesOf(judgeClusterAcrossObjects(clusterOf(facts), facts), 'X-5'), [[
      'spec.loadBalancer.addressPools[0].addresses[1]',
      'Invalid value: "fd12::4:101-fd12::4:110": must not overlap pod range fd12::4:0/112 (spec.ipv6.cidr of ClusterCIDRConfig "v6") [X-5]',
    ]]);
  });

  it('leaves island pod ranges inside pods.cidrBlocks to the Cluster\'s own C-17/C-18', () => {
    const facts = docFacts({ cluster: (cluster) => { cluster.spec!.clusterNetwork!.services!.cidrBlocks = ['192.168.0.0/20', 'fd12::5:0/116']; } });
    assert.deepEqual(causesOf(judgeClusterAcrossObjects(clusterOf(facts), facts), 'X-5'), []);
  });

  it('denies on a NodePool a node inside a flat IPv4 pod range', () => {
    const facts = docFacts({ withoutConfigs: true, cluster: flat, extra: [configWith({ ipv4: { cidr: '10.2.0.4/30', perNodeMaskSize: 30 } }, { name: 'flat' })] });
    assert.deepEqual(causesOf(judgeNodePoolAcrossObjects(nodePoolOf(facts), facts), 'X-5'), [
      ['spec.nodes[0].address', 'Invalid value: "10.2.0.5": must not overlap pod range 10.2.0.4/30 (spec.ipv4.cidr of ClusterCIDRConfig "flat") [X-5]'],
      ['spec.nodes[1].address', 'Invalid value: "10.2.0.6": must not overlap pod range 10.2.0.4/30 (spec.ipv4.cidr of ClusterCIDRConfig "flat") [X-5]'],
    ]);
  });
});

describe('X-5 between ClusterCIDRConfigs (warning only)', () => {
  const twoClusters = () => docFacts({ extra: documentsOf('test/fixtures/cluster-cidr-config/other-cluster.yaml') });

  it('warns when a flat (IPv6) pod range overlaps another cluster\'s', () => {
    const judgement = judge(configWith(DOC_SPEC, { name: 'cluster-wide-ranges' }), { facts: twoClusters() });
    assertAdmitted(judgement);
    assert.deepEqual(warningsOf(judgement, 'X-5'),
      ['[X-5] spec.ipv6.cidr overlaps flat pod range fd12::1:0/112 of cluster-second/second-ranges (another cluster)']);
  });

  it('names at most 3 clashing configs of other clusters', () => {
    const others = ['a', 'b', 'c', 'd'].map((name) => configWith({ ipv6: DOC_SPEC.ipv6 }, { name, namespace: 'cluster-second' }));
    const judgement = judge(configWith(DOC_SPEC, { name: 'cluster-wide-ranges' }), { facts: docFacts({ extra: others }) });
    assert.deepEqual(warningsOf(judgement, 'X-5'), ['a', 'b', 'c'].map((name) =>
      `[X-5] spec.ipv6.cidr overlaps flat pod range fd12::1:0/112 of cluster-second/${name} (another cluster)`));
  });

  it('does not warn for IPv4 island ranges reused by another cluster', () => {
    const judgement = judge(configWith({ ipv4: DOC_SPEC.ipv4 }), { facts: twoClusters() });
    assert.deepEqual(warningsOf(judgement, 'X-5'), []);
  });

  it('never warns for overlapping or identical configs of the same cluster (D2)', () => {
    const facts = docFacts({ extra: [configWith(DOC_SPEC, { name: 'copy' })] });
    const judgement = judge(configWith({ ...DOC_SPEC, nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } } }), { facts });
    assert.deepEqual(judgement, { causes: [], warnings: [], patch: [] });
  });
});

describe('X-6 config capacity vs the nodes it serves', () => {
  const WORKERS = { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } };

  it('warns when a node-pool config has fewer node blocks than the pool has nodes', () => {
    const judgement = judge(configWith({
      ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 24 }, ipv6: { cidr: 'fd12::1:0/120', perNodeMaskSize: 120 }, nodeSelector: WORKERS,
    }));
    assertAdmitted(judgement);
    assert.deepEqual(warningsOf(judgement, 'X-6'), ['[X-6] spec.ipv4: 192.168.1.0/24 holds 1 /24 node blocks for 2 nodes this config serves']);
  });

  it('admits the documentation\'s range-node1 (one block for node 10.2.0.5) silently', () => {
    assert.deepEqual(warningsOf(judge(configWith({
      ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 24 }, ipv6: { cidr: 'fd12::1:0/120', perNodeMaskSize: 120 },
      nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/k8s-ip': '10.2.0.5' } },
    })), 'X-6'), []);
  });

  it('counts for a catch-all config only the nodes no labelled config takes', () => {
    const spec = { ipv4: { cidr: '10.200.0.0/24', perNodeMaskSize: 26 }, ipv6: { cidr: 'fd12::1:0/120', perNodeMaskSize: 122 } };
    const alone = docFacts({ withoutConfigs: true, cluster: flat });
    assert.deepEqual(warningsOf(judge(configWith(spec), { facts: alone }), 'X-6'),
      ['[X-6] spec.ipv4: 10.200.0.0/24 holds 4 /26 node blocks for 5 nodes this config serves']);
    const withWorkers = docFacts({ withoutConfigs: true, cluster: flat, extra: [
      configWith({ ipv4: { cidr: '10.201.0.0/24', perNodeMaskSize: 26 }, ipv6: { cidr: 'fd12::1:100/120', perNodeMaskSize: 122 }, nodeSelector: WORKERS }, { name: 'workers' }),
    ] });
    assert.deepEqual(warningsOf(judge(configWith(spec), { facts: withWorkers }), 'X-6'), []);
  });
});
