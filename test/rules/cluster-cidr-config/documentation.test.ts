import assert from 'node:assert/strict';
import { yamlObjects } from '../../support/yaml.js';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import {
  DOC_SPEC, assertAdmitted, assertDenied, configWith, docFacts, documentsOf, judge, warningsOf,
} from './support.js';

const DOC_CONFIG_FILES = [
  'examples/dual-stack-cluster.yaml',
  'examples/worker-pool-cluster-cidr-config.yaml',
  'examples/single-node-cluster-cidr-config.yaml',
];

function documentationConfigs() {
  return DOC_CONFIG_FILES.flatMap(documentsOf).filter((document) => document.kind === 'ClusterCIDRConfig');
}

describe('the documentation\'s ClusterCIDRConfigs', () => {
  it('finds the three configs of the seed doc', () => {
    assert.deepEqual(documentationConfigs().map((config) => config.metadata?.name),
      ['cluster-wide-ranges', 'worker-pool-ccc', 'range-node1']);
  });

  for (const complete of [false, true]) {
    it(`admits each of them without warnings beside the others (complete facts: ${complete})`, () => {
      const facts = factsFromDocuments(DOC_CONFIG_FILES.flatMap(documentsOf), complete);
      for (const config of documentationConfigs()) {
        const judgement = judge(config, { facts });
        assert.deepEqual(judgement, { causes: [], warnings: [], patch: [] }, config.metadata?.name);
      }
    });
  }

  it('admits each of them alone against the documentation\'s Cluster', () => {
    for (const config of documentationConfigs()) {
      assert.deepEqual(judge(config, { facts: docFacts({ withoutConfigs: true }) }), { causes: [], warnings: [], patch: [] });
    }
  });
});

// docs/rules.md §5.1: the valid dual-stack bundle.
const SECTION_5_1 = `
apiVersion: baremetal.cluster.gke.io/v1
kind: Cluster
metadata: {name: ds1, namespace: cluster-ds1}
spec:
  type: user
  clusterNetwork:
    pods: {cidrBlocks: ["192.168.0.0/16"]}
    services: {cidrBlocks: ["10.96.0.0/20", "fd12::5:0/116"]}
  loadBalancer:
    mode: bundled
    vips: {controlPlaneVIP: "10.2.0.200", ingressVIP: "10.2.0.212"}
    addressPools:
    - name: pool1
      addresses: ["10.2.0.212-10.2.0.221", "fd12::4:101-fd12::4:110"]
  nodeConfig: {podDensity: {maxPodsPerNode: 110}}
---
apiVersion: baremetal.cluster.gke.io/v1alpha1
kind: ClusterCIDRConfig
metadata: {name: cluster-wide, namespace: cluster-ds1}
spec:
  ipv4: {cidr: "192.168.0.0/16", perNodeMaskSize: 24}
  ipv6: {cidr: "fd12::1:0/112", perNodeMaskSize: 120}
`;

describe('docs/rules.md §5.1 valid bundle', () => {
  it('admits cluster-wide with no warning', () => {
    const contents = yamlObjects<unknown>(SECTION_5_1, 'section-5.1.yaml');
    const facts = factsFromDocuments(contents, true);
    assert.deepEqual(judge(contents[1], { facts }), { causes: [], warnings: [], patch: [] });
  });
});

describe('docs/rules.md §5.2 invalid variants', () => {
  it('R-5: 32-24=8 vs 128-112=16 is denied at spec.ipv6.perNodeMaskSize', () => {
    const judgement = judge(configWith({
      ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 24 }, ipv6: { cidr: 'fd12::/96', perNodeMaskSize: 112 },
    }));
    assertDenied(judgement, 'spec.ipv6.perNodeMaskSize', 'R-5',
      'Invalid value: 112: must give each node as many addresses as ipv4.perNodeMaskSize 24 does (2^8)');
  });

  it('R-6: IPv6 per-node diff 120-64 = 56 > 16 is denied at spec.ipv6.perNodeMaskSize', () => {
    const judgement = judge(configWith({ ipv6: { cidr: 'fd12::/64', perNodeMaskSize: 120 } }));
    assertDenied(judgement, 'spec.ipv6.perNodeMaskSize', 'R-6', 'Invalid value: 120: must be at most 80');
  });

  it('R-9: maxPodsPerNode 250 with /24 per node is admitted with a warning (table wants /23)', () => {
    const facts = docFacts({ cluster: (cluster) => { cluster.spec!.nodeConfig = { podDensity: { maxPodsPerNode: 250 } }; } });
    const judgement = judge(configWith(DOC_SPEC), { facts });
    assertAdmitted(judgement);
    assert.deepEqual(warningsOf(judgement, 'R-9'), [
      '[R-9] spec.ipv4.perNodeMaskSize 24 gives 256 addresses per node; maxPodsPerNode 250 needs /23 or wider',
      '[R-9] spec.ipv6.perNodeMaskSize 120 gives 256 addresses per node; maxPodsPerNode 250 needs /119 or wider',
    ]);
  });

  it('R-10: island mode, ipv4.cidr 192.168.0.0/17 != pods CIDR is denied at spec.ipv4.cidr', () => {
    const judgement = judge(configWith({ ipv4: { cidr: '192.168.0.0/17', perNodeMaskSize: 24 } }));
    assertDenied(judgement, 'spec.ipv4.cidr', 'R-10',
      'Invalid value: "192.168.0.0/17": must equal the pod CIDR 192.168.0.0/16 of Cluster "dual-stack" '
      + '(spec.clusterNetwork.pods.cidrBlocks[0]) in IPv4 island mode when nodeSelector is empty');
  });
});
