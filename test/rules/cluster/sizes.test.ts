import { DEFAULT_SETTINGS } from '../../../src/rules/facts.js';
import { type NodeAddress } from '../../../src/rules/objects.js';
import {
  assertAdmitted, assertClean, assertDenied, assertNotWarned, assertWarned, create, docCluster, docNodePool, factsWith,
} from './support.js';

const SERVICES = 'spec.clusterNetwork.services.cidrBlocks';
const PODS = 'spec.clusterNetwork.pods.cidrBlocks';
const MAX_PODS = 'spec.nodeConfig.podDensity.maxPodsPerNode';

const withPods = (pods: string) => docCluster((c) => { c.spec.clusterNetwork!.pods = { cidrBlocks: [pods] }; });
const withServices = (...blocks: string[]) => docCluster((c) => { c.spec.clusterNetwork!.services = { cidrBlocks: blocks }; });

function nodes(count: number, from = 10): NodeAddress[] {
  return Array.from({ length: count }, (_, index) => ({ address: `10.3.${Math.floor((from + index) / 250)}.${((from + index) % 250) + 1}` }));
}

describe('C-7 IPv4 pod range /8 to /18', () => {
  it('denies /20 at spec.clusterNetwork.pods.cidrBlocks[0]', () => {
    assertDenied(create(withPods('192.168.0.0/20')), `${PODS}[0]`, 'C-7',
      'must have a prefix length between /8 and /18 (16,384 to 16,777,216 addresses); /20 has 4,096');
  });

  it('denies /7', () => {
    assertDenied(create(withPods('192.0.0.0/7')), `${PODS}[0]`, 'C-7', '/7 has 33,554,432');
  });

  it('admits /8 and /18', () => {
    assertAdmitted(create(withPods('192.0.0.0/8')));
    assertAdmitted(create(withPods('192.168.0.0/18')));
  });
});

describe('C-8 IPv4 service range /12 to /24', () => {
  it('denies /26 at services.cidrBlocks[0]', () => {
    assertDenied(create(withServices('172.16.0.0/26', 'fd12::5:0/116')), `${SERVICES}[0]`, 'C-8',
      'must have a prefix length between /12 and /24 (256 to 1,048,576 addresses); /26 has 64');
  });

  it('denies /11', () => {
    assertDenied(create(withServices('172.0.0.0/11', 'fd12::5:0/116')), `${SERVICES}[0]`, 'C-8', '/11 has 2,097,152');
  });

  it('admits /12 and /24', () => {
    assertAdmitted(create(withServices('172.16.0.0/12', 'fd12::5:0/116')));
    assertAdmitted(create(withServices('172.16.0.0/24', 'fd12::5:0/116')));
  });
});

describe('C-9 IPv6 service range at most 20 host bits (D4, settings.maxServiceHostBits)', () => {
  it('denies fd13::/64 at services.cidrBlocks[1] with kube-apiserver\'s numbers (docs/rules.md §5.2)', () => {
    assertDenied(create(withServices('10.96.0.0/20', 'fd13::/64')), `${SERVICES}[1]`, 'C-9',
      'is too large; for 128-bit addresses, the mask must be >= 108 (at most 20 host bits, as kube-apiserver requires); /64 has 64');
  });

  it('admits /108', () => {
    assertAdmitted(create(withServices('10.96.0.0/20', 'fd13::/108')));
  });

  it('admits /64 when the setting turns the check off (0)', () => {
    assertAdmitted(create(withServices('10.96.0.0/20', 'fd13::/64'), { settings: { ...DEFAULT_SETTINGS, maxServiceHostBits: 0 } }));
  });

  it('follows a different limit: 16 host bits wants >= 112', () => {
    assertDenied(create(withServices('10.96.0.0/20', 'fd13::/110'), { settings: { ...DEFAULT_SETTINGS, maxServiceHostBits: 16 } }),
      `${SERVICES}[1]`, 'C-9', 'the mask must be >= 112');
  });
});

describe('C-10 IPv6 service range smaller than 256 addresses', () => {
  it('warns for /124', () => {
    const judgement = create(withServices('172.16.0.0/20', 'fd12::5:0/124'));
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-10', 'services.cidrBlocks[1] fd12::5:0/124 has only 16 addresses');
  });

  it('does not warn for /120', () => {
    assertNotWarned(create(withServices('172.16.0.0/20', 'fd12::5:0/120')), 'C-10');
  });
});

describe('C-11 maxPodsPerNode range by cluster type', () => {
  const withDensity = (type: 'user' | 'admin' | 'hybrid' | 'standalone', maxPods: number, controlPlaneNodes = 3) =>
    docCluster((c) => {
      c.spec.type = type;
      c.spec.nodeConfig = { podDensity: { maxPodsPerNode: maxPods } };
      c.spec.controlPlane!.nodePoolSpec!.nodes = nodes(controlPlaneNodes, 1).map((_, i) => ({ address: `10.2.0.${i + 2}` }));
      if (type === 'admin') {
        delete c.spec.loadBalancer!.addressPools;
        delete c.spec.loadBalancer!.vips!.ingressVIP;
      }
    });

  it('denies 31 in a user cluster at spec.nodeConfig.podDensity.maxPodsPerNode', () => {
    assertDenied(create(withDensity('user', 31)), MAX_PODS, 'C-11', 'must be between 32 and 250 for a user cluster');
  });

  it('denies 251', () => {
    assertDenied(create(withDensity('user', 251)), MAX_PODS, 'C-11', 'must be between 32 and 250');
  });

  it('denies 40 in a non-HA standalone cluster (one control-plane node)', () => {
    assertDenied(create(withDensity('standalone', 40, 1)), MAX_PODS, 'C-11',
      'must be between 64 and 250 for a non-HA standalone cluster (1 control-plane node)');
  });

  it('admits 40 in an HA admin cluster (three control-plane nodes)', () => {
    assertAdmitted(create(withDensity('admin', 40, 3)));
  });

  it('admits 64 in a non-HA hybrid cluster, 32 and 250 in a user cluster', () => {
    assertAdmitted(create(withDensity('hybrid', 64, 1)));
    assertAdmitted(create(withDensity('user', 32)));
    assertAdmitted(create(withDensity('user', 250)));
  });
});

describe('C-13 node capacity of the IPv4 pod range (C-12 table)', () => {
  // 250 pods => /23 per node; a /18 pod range holds 2^(23-18) = 32 nodes.
  const crowded = (workers: number) => {
    const cluster = docCluster((c) => {
      c.spec.clusterNetwork!.pods = { cidrBlocks: ['192.168.0.0/18'] };
      c.spec.nodeConfig = { podDensity: { maxPodsPerNode: 250 } };
    });
    const pool = docNodePool((p) => { p.spec!.nodes = nodes(workers); });
    return { cluster, facts: factsWith(cluster, [], { withoutNodePool: true }), pool };
  };

  it('warns when control plane + NodePool nodes exceed 2^(nodeMask - podMask)', () => {
    const { cluster, pool } = crowded(30);
    const judgement = create(cluster, { facts: factsWith(cluster, [pool], { withoutNodePool: true }) });
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-13', '33 nodes, but pod CIDR 192.168.0.0/18 holds only 32 per-node /23 blocks (maxPodsPerNode 250)');
  });

  it('does not warn at exactly the capacity', () => {
    const { cluster, pool } = crowded(29);
    assertNotWarned(create(cluster, { facts: factsWith(cluster, [pool], { withoutNodePool: true }) }), 'C-13');
  });

  it('does not apply in flat IPv4 mode', () => {
    const { cluster, pool } = crowded(30);
    cluster.spec!.clusterNetwork!.flatIPv4 = true;
    assertNotWarned(create(cluster, { facts: factsWith(cluster, [pool], { withoutNodePool: true }) }), 'C-13');
  });
});

describe('C-14 at most 15,000 pods per user cluster (recommendation)', () => {
  it('warns for 250 pods x 61 nodes', () => {
    const cluster = docCluster((c) => { c.spec.nodeConfig = { podDensity: { maxPodsPerNode: 250 } }; });
    const pool = docNodePool((p) => { p.spec!.nodes = nodes(58); });
    const judgement = create(cluster, { facts: factsWith(cluster, [pool], { withoutNodePool: true }) });
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-14', 'maxPodsPerNode 250 × 61 nodes allows 15,250 pods');
  });

  it('does not warn for the documentation cluster (110 x 5)', () => {
    assertNotWarned(create(docCluster()), 'C-14');
  });
});

describe('C-15 RFC 1918 pod and service ranges', () => {
  it('warns for a pod range outside private space', () => {
    const judgement = create(withPods('100.64.0.0/16'));
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-15', 'pods.cidrBlocks[0] 100.64.0.0/16 is not RFC 1918 private space');
  });

  it('warns for a service range outside private space', () => {
    assertWarned(create(withServices('100.96.0.0/20', 'fd12::5:0/116')), 'C-15', 'services.cidrBlocks[0] 100.96.0.0/20');
  });

  it('does not warn for 192.168.0.0/16 and 172.16.0.0/20', () => {
    assertClean(create(docCluster()));
  });
});
