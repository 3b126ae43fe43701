import assert from 'node:assert/strict';
import { type ClusterFacts } from '../../../src/rules/facts.js';
import {
  DOC_SPEC, NAMESPACE, assertAdmitted, assertDenied, assertNoRule, causeAt, configWith, docFacts, judge, warningsOf,
} from './support.js';
import { warningLine } from '../../../src/rules/judgement.js';

const FLAT_IPV4 = docFacts({
  cluster: (cluster) => {
    cluster.spec!.clusterNetwork!.flatIPv4 = true;
    delete cluster.spec!.clusterNetwork!.pods;
  },
  withoutConfigs: true,
});

describe('R-1 namespace of the Cluster', () => {
  it('admits a config in the Cluster\'s namespace', () => assertNoRule(judge(configWith(DOC_SPEC)), 'R-1'));

  it('denies a config in a namespace without a Cluster at metadata.namespace (D9)', () => {
    const judgement = judge(configWith(DOC_SPEC, { namespace: 'default' }));
    assert.equal(causeAt(judgement, 'metadata.namespace', 'R-1').message,
      'Invalid value: "default": no Cluster found in namespace "default"; a ClusterCIDRConfig must be in its Cluster\'s '
      + 'namespace (Clusters found in: "cluster-dual-stack") [R-1]');
  });

  it('names the first three other namespaces in sorted order, whatever order the facts hold them in', () => {
    const [cluster] = docFacts().clusters;
    const inNamespace = (namespace: string) => ({ ...cluster!, metadata: { ...cluster!.metadata, namespace } });
    const facts: ClusterFacts = { ...docFacts(), clusters: ['zeta', 'beta', 'delta', 'alpha'].map(inNamespace) };
    assert.equal(causeAt(judge(configWith(DOC_SPEC, { namespace: 'default' }), { facts }), 'metadata.namespace', 'R-1').message,
      'Invalid value: "default": no Cluster found in namespace "default"; a ClusterCIDRConfig must be in its Cluster\'s '
      + 'namespace (Clusters found in: "alpha", "beta", "delta") [R-1]');
  });

  it('warns [X-7] to give --cluster-config, and does not deny, when the facts hold no Cluster at all (D9)', () => {
    const facts: ClusterFacts = { ...docFacts(), clusters: [] };
    const judgement = judge(configWith(DOC_SPEC), { facts });
    assertAdmitted(judgement);
    assert.deepEqual(judgement.warnings.map(warningLine).filter((warning) => warning.startsWith('[X-7]')), [
      '[X-7] no Cluster in the facts: give --cluster-config with its Cluster; R-1, R-9, R-10, R-15, X-5, X-6 skipped',
    ]);
  });

  it('denies when the facts hold Clusters, none in its namespace, and gives no X-7 warning', () => {
    const judgement = judge(configWith(DOC_SPEC, { namespace: 'default' }));
    assert.equal(causeAt(judgement, 'metadata.namespace', 'R-1').rule, 'R-1');
    assert.deepEqual(judgement.warnings.map(warningLine).filter((warning) => warning.startsWith('[X-7]')), []);
  });

  it('denies saying the facts are unavailable when the Cluster kind could not be loaded', () => {
    const facts: ClusterFacts = { ...docFacts(), clusters: [], unavailable: ['Cluster'] };
    assertDenied(judge(configWith(DOC_SPEC), { facts }), 'metadata.namespace', 'R-1',
      `cannot confirm a Cluster in namespace "${NAMESPACE}": cluster facts are unavailable`);
  });

  it('denies a config without a namespace as a Required value', () => {
    const config = configWith(DOC_SPEC);
    delete config.metadata!.namespace;
    const cause = causeAt(judge(config), 'metadata.namespace', 'R-1');
    assert.equal(cause.reason, 'FieldValueRequired');
  });
});

describe('R-9 per-node block vs maxPodsPerNode (D13: warning)', () => {
  const withMaxPods = (maxPodsPerNode: number) => docFacts({
    withoutConfigs: true,
    cluster: (cluster) => { cluster.spec!.nodeConfig = { podDensity: { maxPodsPerNode } }; },
  });

  it('warns for /25 per node under the default 110 pods (table: /24)', () => {
    const facts = docFacts({ withoutConfigs: true, cluster: (cluster) => { delete cluster.spec!.nodeConfig; } });
    const judgement = judge(configWith({ ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 25 } }), { facts });
    assertAdmitted(judgement);
    assert.deepEqual(warningsOf(judgement, 'R-9'),
      ['[R-9] spec.ipv4.perNodeMaskSize 25 gives 128 addresses per node; maxPodsPerNode 110 needs /24 or wider']);
  });

  it('admits /26 with 32 pods per node and /23 with 250 silently', () => {
    assertNoRule(judge(configWith({ ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 26 } }), { facts: withMaxPods(32) }), 'R-9');
    assertNoRule(judge(configWith({
      ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 23 }, ipv6: { cidr: 'fd12::1:0/112', perNodeMaskSize: 119 },
    }), { facts: withMaxPods(250) }), 'R-9');
  });
});

describe('R-10 IPv4 island mode: ipv4.cidr and the Cluster pod CIDR (D3)', () => {
  it('denies a catch-all config with a different range at spec.ipv4.cidr', () => {
    assertDenied(judge(configWith({ ipv4: { cidr: '192.168.0.0/15', perNodeMaskSize: 24 } })), 'spec.ipv4.cidr', 'R-10',
      'must equal the pod CIDR 192.168.0.0/16 of Cluster "dual-stack"');
  });

  it('denies a selected config outside the pod CIDR at spec.ipv4.cidr', () => {
    const judgement = judge(configWith({
      ipv4: { cidr: '10.10.0.0/24', perNodeMaskSize: 24 },
      nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/k8s-ip': '10.2.0.5' } },
    }));
    assertDenied(judgement, 'spec.ipv4.cidr', 'R-10',
      'Invalid value: "10.10.0.0/24": must lie inside the pod CIDR 192.168.0.0/16 of Cluster "dual-stack" '
      + '(spec.clusterNetwork.pods.cidrBlocks[0]) in IPv4 island mode');
  });

  it('treats an empty nodeSelector as no selector', () => {
    assertDenied(judge(configWith({ ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 24 }, nodeSelector: { matchLabels: {} } })),
      'spec.ipv4.cidr', 'R-10', 'must equal the pod CIDR');
  });

  it('admits a selected config inside the pod CIDR (the documentation\'s range-node1)', () => {
    assertNoRule(judge(configWith({
      ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 24 },
      nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/k8s-ip': '10.2.0.5' } },
    })), 'R-10');
  });

  it('does not apply in flat IPv4 mode', () => {
    assertNoRule(judge(configWith({ ipv4: { cidr: '10.200.0.0/16', perNodeMaskSize: 24 } }), { facts: FLAT_IPV4 }), 'R-10');
  });
});

describe('R-15 ipv6 only in a dual-stack Cluster', () => {
  const ipv4Only = docFacts({
    withoutConfigs: true,
    cluster: (cluster) => { cluster.spec!.clusterNetwork!.services = { cidrBlocks: ['172.16.0.0/20'] }; },
  });

  it('denies spec.ipv6 when the Cluster has no IPv6 service range', () => {
    const cause = causeAt(judge(configWith(DOC_SPEC), { facts: ipv4Only }), 'spec.ipv6', 'R-15');
    assert.equal(cause.message,
      'Forbidden: Cluster "dual-stack" is not dual-stack: spec.clusterNetwork.services.cidrBlocks has no IPv6 range [R-15]');
  });

  it('admits an ipv4-only config there', () => assertAdmitted(judge(configWith({ ipv4: DOC_SPEC.ipv4 }), { facts: ipv4Only })));
  it('admits spec.ipv6 in the dual-stack Cluster', () => assertNoRule(judge(configWith(DOC_SPEC)), 'R-15'));
});

describe('R-17 flat IPv4 subnet (not checkable)', () => {
  it('warns in flat IPv4 mode', () => {
    const judgement = judge(configWith({ ipv4: { cidr: '10.200.0.0/16', perNodeMaskSize: 24 }, ipv6: DOC_SPEC.ipv6 }), { facts: FLAT_IPV4 });
    assertAdmitted(judgement);
    assert.deepEqual(warningsOf(judgement, 'R-17'),
      ['[R-17] flat IPv4: 10.200.0.0/16 must be in the nodes\' L2 subnet and unique across clusters (not checked)']);
  });

  it('stays silent in island mode', () => assertNoRule(judge(configWith(DOC_SPEC)), 'R-17'));
});
