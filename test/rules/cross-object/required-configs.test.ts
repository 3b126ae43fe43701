import assert from 'node:assert/strict';
import { type Cluster } from '../../../src/rules/objects.js';
import { DOC_SPEC, configWith, docFacts, judge, warningsOf } from '../cluster-cidr-config/support.js';
import { clusterOf, judgeClusterAcrossObjects } from './support.js';

const flat = (cluster: Cluster) => { cluster.spec!.clusterNetwork!.flatIPv4 = true; };

describe('X-2 dual-stack Cluster needs a ClusterCIDRConfig with ipv6 (D15)', () => {
  it('denies at spec.clusterNetwork.services.cidrBlocks in a complete configuration without one', () => {
    const facts = docFacts({ complete: true, withoutConfigs: true, extra: [configWith({ ipv4: DOC_SPEC.ipv4 })] });
    const judgement = judgeClusterAcrossObjects(clusterOf(facts), facts);
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.message]), [[
      'spec.clusterNetwork.services.cidrBlocks',
      'Invalid value: ["172.16.0.0/20","fd12::5:0/116"]: a dual-stack Cluster needs at least one ClusterCIDRConfig with '
      + 'spec.ipv6 in namespace "cluster-dual-stack"; none found [X-2]',
    ]]);
  });

  it('warns at admission, where the configs may come later', () => {
    const facts = docFacts({ withoutConfigs: true });
    const judgement = judgeClusterAcrossObjects(clusterOf(facts), facts);
    assert.deepEqual(judgement.causes, []);
    assert.deepEqual(warningsOf(judgement, 'X-2'),
      ['[X-2] no ClusterCIDRConfig with spec.ipv6 in namespace "cluster-dual-stack" yet; a dual-stack Cluster needs one']);
  });

  it('warns when the ClusterCIDRConfig facts are unavailable', () => {
    const facts = { ...docFacts({ withoutConfigs: true }), unavailable: ['ClusterCIDRConfig'] };
    assert.deepEqual(warningsOf(judgeClusterAcrossObjects(clusterOf(facts), facts), 'X-2'),
      ['[X-2] cannot confirm a ClusterCIDRConfig with spec.ipv6 in "cluster-dual-stack": facts unavailable']);
  });

  it('admits the documentation\'s configuration (cluster-wide-ranges has ipv6)', () => {
    const facts = docFacts({ complete: true });
    assert.deepEqual(judgeClusterAcrossObjects(clusterOf(facts), facts), { causes: [], warnings: [], patch: [] });
  });

  it('does not count a config of another namespace', () => {
    const facts = docFacts({ complete: true, withoutConfigs: true, extra: [configWith(DOC_SPEC, { namespace: 'elsewhere' })] });
    assert.equal(judgeClusterAcrossObjects(clusterOf(facts), facts).causes[0]?.rule, 'X-2');
  });

  it('says nothing for a single-stack Cluster', () => {
    const facts = docFacts({ complete: true, withoutConfigs: true, cluster: (cluster) => {
      cluster.spec!.clusterNetwork!.services = { cidrBlocks: ['172.16.0.0/20'] };
    } });
    assert.deepEqual(judgeClusterAcrossObjects(clusterOf(facts), facts), { causes: [], warnings: [], patch: [] });
  });
});

describe('X-3 flat IPv4 needs a ClusterCIDRConfig with ipv4 (D15)', () => {
  it('denies at spec.clusterNetwork.flatIPv4 in a complete configuration with only an ipv6 config', () => {
    const facts = docFacts({ complete: true, withoutConfigs: true, cluster: flat, extra: [configWith({ ipv6: DOC_SPEC.ipv6 })] });
    const judgement = judgeClusterAcrossObjects(clusterOf(facts), facts);
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.message]), [[
      'spec.clusterNetwork.flatIPv4',
      'Invalid value: true: flat IPv4 needs at least one ClusterCIDRConfig with spec.ipv4 in namespace "cluster-dual-stack"; none found [X-3]',
    ]]);
  });

  it('warns at admission', () => {
    const facts = docFacts({ withoutConfigs: true, cluster: flat, extra: [configWith({ ipv6: DOC_SPEC.ipv6 })] });
    assert.deepEqual(warningsOf(judgeClusterAcrossObjects(clusterOf(facts), facts), 'X-3'),
      ['[X-3] no ClusterCIDRConfig with spec.ipv4 in namespace "cluster-dual-stack" yet; flat IPv4 needs one']);
  });

  it('admits a flat IPv4 Cluster with an ipv4 config', () => {
    const facts = docFacts({ complete: true, withoutConfigs: true, cluster: flat, extra: [configWith({ ...DOC_SPEC, ipv4: { cidr: '10.200.0.0/16', perNodeMaskSize: 24 } })] });
    assert.deepEqual(judgeClusterAcrossObjects(clusterOf(facts), facts).causes, []);
  });
});

describe('X-4 dual-stack nodes get both families', () => {
  it('warns on a one-family config in a dual-stack Cluster', () => {
    const judgement = judge(configWith({ ipv4: DOC_SPEC.ipv4 }));
    assert.deepEqual(judgement.causes, []);
    assert.deepEqual(warningsOf(judgement, 'X-4'),
      ['[X-4] dual-stack Cluster: nodes that take their ranges from this config get no spec.ipv6 pod range']);
  });

  it('stays silent for a config with both families, and for one family in a single-stack Cluster', () => {
    assert.deepEqual(warningsOf(judge(configWith(DOC_SPEC)), 'X-4'), []);
    const facts = docFacts({ withoutConfigs: true, cluster: (cluster) => {
      cluster.spec!.clusterNetwork!.services = { cidrBlocks: ['172.16.0.0/20'] };
    } });
    assert.deepEqual(warningsOf(judge(configWith({ ipv4: DOC_SPEC.ipv4 }), { facts }), 'X-4'), []);
  });

  it('warns on the Cluster for the nodes whose preferred config lacks a family', () => {
    const facts = docFacts({ withoutConfigs: true, extra: [
      configWith({ ipv4: DOC_SPEC.ipv4 }, { name: 'catch-all-ipv4' }),
      configWith({ ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 24 }, ipv6: { cidr: 'fd12::1:0/120', perNodeMaskSize: 120 },
        nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/k8s-ip': '10.2.0.5' } } }, { name: 'range-node1' }),
    ] });
    assert.deepEqual(warningsOf(judgeClusterAcrossObjects(clusterOf(facts), facts), 'X-4'),
      ['[X-4] nodes 10.2.0.2 and 3 more get no IPv6 pod range from any ClusterCIDRConfig']);
  });

  it('stays silent on the documentation\'s Cluster with its three configs', () => {
    const facts = docFacts({ extra: [
      configWith({ ...DOC_SPEC, nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } } }, { name: 'worker-pool-ccc' }),
    ] });
    assert.deepEqual(warningsOf(judgeClusterAcrossObjects(clusterOf(facts), facts), 'X-4'), []);
  });
});
