import { type Cluster } from '../../../src/rules/objects.js';
import {
  assertAdmitted, assertClean, assertDenied, assertNotWarned, assertWarned, create, docCluster, documentsOf, update,
} from './support.js';

const POOLS = 'spec.loadBalancer.addressPools';
const CP_VIP = 'spec.loadBalancer.vips.controlPlaneVIP';
const INGRESS_VIP = 'spec.loadBalancer.vips.ingressVIP';

type Spec = NonNullable<Cluster['spec']>;

function fixture(name: string, edit: (spec: Spec) => void = () => {}): Cluster {
  const cluster = structuredClone(documentsOf(`test/fixtures/cluster/${name}.yaml`)[0]) as Cluster;
  edit(cluster.spec!);
  return cluster;
}

const admin = (edit?: (spec: Spec) => void) => fixture('admin-cluster', edit);
const manual = (edit?: (spec: Spec) => void) => fixture('manual-lb-cluster', edit);
const withPools = (...pools: NonNullable<Spec['loadBalancer']>['addressPools'] & object) =>
  docCluster((c) => { c.spec.loadBalancer!.addressPools = pools; });

describe('C-24 loadBalancer.mode required, bundled | manual; type layer2 | bgp (schema)', () => {
  it('denies an unknown mode at spec.loadBalancer.mode', () => {
    assertDenied(create(docCluster((c) => { (c.spec.loadBalancer as { mode: string }).mode = 'auto'; })),
      'spec.loadBalancer.mode', 'C-24', 'Unsupported value: "auto": supported values: "bundled", "manual"');
  });

  it('requires the mode', () => {
    assertDenied(create(docCluster((c) => { delete c.spec.loadBalancer!.mode; })), 'spec.loadBalancer.mode', 'C-24', 'Required value');
  });

  it('denies an unknown type', () => {
    assertDenied(create(docCluster((c) => { (c.spec.loadBalancer as { type: string }).type = 'l3'; })),
      'spec.loadBalancer.type', 'C-24', 'supported values: "layer2", "bgp"');
  });

  it('admits bundled with type unset (layer2 assumed) and an explicit layer2', () => {
    assertClean(create(docCluster()));
    assertClean(create(docCluster((c) => { c.spec.loadBalancer!.type = 'layer2'; })));
  });
});

describe('C-25 manual control-plane load balancer needs manual mode', () => {
  it('denies controlPlane.loadBalancer.mode manual with bundled, at the control-plane field (D0)', () => {
    assertDenied(create(docCluster((c) => { c.spec.controlPlane!.loadBalancer = { mode: 'manual' }; })),
      'spec.controlPlane.loadBalancer.mode', 'C-25', 'requires spec.loadBalancer.mode: manual (it is bundled)');
  });

  it('denies an unknown control-plane mode (schema)', () => {
    assertDenied(create(docCluster((c) => { c.spec.controlPlane!.loadBalancer = { mode: 'x' as 'manual' }; })),
      'spec.controlPlane.loadBalancer.mode', 'C-25', 'supported values: "bundled", "manual"');
  });

  it('admits manual with manual, and bundled with bundled', () => {
    assertAdmitted(create(manual((s) => { s.controlPlane!.loadBalancer = { mode: 'manual' }; })));
    assertClean(create(docCluster((c) => { c.spec.controlPlane!.loadBalancer = { mode: 'bundled' }; })));
  });
});

describe('C-26 BGP load balancing needs advanced networking; peers are IPv4', () => {
  it('denies type bgp without advancedNetworking at spec.loadBalancer.type (D0)', () => {
    assertDenied(create(docCluster((c) => { c.spec.loadBalancer!.type = 'bgp'; })), 'spec.loadBalancer.type', 'C-26',
      'requires spec.clusterNetwork.advancedNetworking: true');
  });

  it('denies an IPv6 BGP peer at bgpPeers[0].ip', () => {
    assertDenied(create(docCluster((c) => {
      c.spec.clusterNetwork!.advancedNetworking = true;
      c.spec.loadBalancer!.type = 'bgp';
      c.spec.loadBalancer!.bgpPeers = [{ ip: 'fd12::2:1', asn: 65001 }];
    })), 'spec.loadBalancer.bgpPeers[0].ip', 'C-26', 'must be an IPv4 address');
  });

  it('admits bgp with advancedNetworking and an IPv4 peer', () => {
    assertAdmitted(create(docCluster((c) => {
      c.spec.clusterNetwork!.advancedNetworking = true;
      c.spec.loadBalancer!.type = 'bgp';
      c.spec.loadBalancer!.bgpPeers = [{ ip: '10.2.0.254', asn: 65001 }];
    })));
  });
});

describe('C-27 address pools only in bundled mode of non-admin clusters', () => {
  it('denies pools in manual mode at spec.loadBalancer.addressPools', () => {
    assertDenied(create(manual((s) => { s.loadBalancer!.addressPools = [{ name: 'p', addresses: ['10.9.0.212-10.9.0.221'] }]; })),
      POOLS, 'C-27', 'Forbidden: only valid with spec.loadBalancer.mode: bundled; remove it in manual mode');
  });

  it('denies pools in an admin cluster', () => {
    assertDenied(create(admin((s) => { s.loadBalancer!.addressPools = [{ name: 'p', addresses: ['10.2.0.212-10.2.0.221'] }]; })),
      POOLS, 'C-27', 'Forbidden: not allowed in admin clusters');
  });

  it('admits the manual and admin fixtures without pools', () => {
    assertClean(create(manual()));
    assertClean(create(admin()));
  });
});

describe('C-28 pool names and address entries', () => {
  it('denies spaces around the dash at addresses[0]', () => {
    assertDenied(create(withPools(
      { name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221', 'fd12::4:101-fd12::4:110'] },
      { name: 'pool-2', addresses: ['10.2.0.230 - 10.2.0.240'] },
    )), `${POOLS}[1].addresses[0]`, 'C-28', 'a range with no spaces around the dash');
  });

  it('denies a range whose start is after its end', () => {
    assertDenied(create(withPools({ name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221', 'fd12::4:110-fd12::4:101'] })),
      `${POOLS}[0].addresses[1]`, 'C-28', 'the start of a range must not be greater than its end');
  });

  it('denies mixed families in one range', () => {
    assertDenied(create(withPools({ name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221', 'fd12::4:101-fd12::4:110', '10.2.0.230-fd12::4:120'] })),
      `${POOLS}[0].addresses[2]`, 'C-28', 'both ends of a range must be of the same IP family');
  });

  it('denies overlapping ranges in one pool at the later entry', () => {
    assertDenied(create(withPools({ name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221', 'fd12::4:101-fd12::4:110', '10.2.0.215-10.2.0.230'] })),
      `${POOLS}[0].addresses[2]`, 'C-28', 'overlaps spec.loadBalancer.addressPools[0].addresses[0] (10.2.0.212-10.2.0.221)');
  });

  it('denies overlap across pools', () => {
    assertDenied(create(withPools(
      { name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221', 'fd12::4:101-fd12::4:110'] },
      { name: 'pool-2', addresses: ['fd12::4:100/124'] },
    )), `${POOLS}[1].addresses[0]`, 'C-28', 'overlaps spec.loadBalancer.addressPools[0].addresses[1]');
  });

  it('requires a name and denies a duplicate name', () => {
    assertDenied(create(withPools({ addresses: ['10.2.0.212-10.2.0.221', 'fd12::4:101-fd12::4:110'] })),
      `${POOLS}[0].name`, 'C-28', 'Required value');
    assertDenied(create(withPools(
      { name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221', 'fd12::4:101-fd12::4:110'] },
      { name: 'pool-1', addresses: ['10.2.0.230/31'] },
    )), `${POOLS}[1].name`, 'C-28', 'Duplicate value: "pool-1"');
  });

  it('admits CIDR and range entries that do not overlap', () => {
    assertClean(create(withPools(
      { name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221', 'fd12::4:101-fd12::4:110'] },
      { name: 'pool-2', addresses: ['10.2.0.224/28', 'fd12::4:200/120'] },
    )));
  });
});

describe('C-29 existing pools on UPDATE (D7)', () => {
  const twoPools = (edit: (pools: NonNullable<Spec['loadBalancer']>['addressPools'] & object) => void = () => {}) => {
    const pools = [
      { name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221', 'fd12::4:101-fd12::4:110'] },
      { name: 'pool-2', addresses: ['10.2.0.224/28'] },
    ];
    edit(pools);
    return withPools(...pools);
  };

  it('denies removing a pool at spec.loadBalancer.addressPools', () => {
    assertDenied(update(twoPools(), twoPools((pools) => { pools.pop(); })), POOLS, 'C-29',
      'Forbidden: existing pool "pool-2" can\'t be removed or renamed');
  });

  it('denies renaming a pool', () => {
    assertDenied(update(twoPools(), twoPools((pools) => { pools[1]!.name = 'pool-3'; })), POOLS, 'C-29', '"pool-2" can\'t be removed or renamed');
  });

  it('denies changing the addresses of an existing pool', () => {
    assertDenied(update(twoPools(), twoPools((pools) => { pools[1]!.addresses = ['10.2.0.224/27']; })),
      `${POOLS}[1].addresses`, 'C-29', "can't change on an existing pool: only avoidBuggyIPs and manualAssign may change");
  });

  it('admits a new pool, reordered entries, and avoidBuggyIPs/manualAssign changes', () => {
    assertClean(update(twoPools(), twoPools((pools) => {
      pools[0]!.addresses!.reverse();
      pools[1]!.avoidBuggyIPs = true;
      pools[1]!.manualAssign = true;
      pools.push({ name: 'pool-3', addresses: ['10.2.0.240/29'] });
    })));
  });
});

describe('C-31 dual-stack bundled pools hold both families', () => {
  it('denies a dual-stack cluster with IPv4-only pools at spec.loadBalancer.addressPools', () => {
    assertDenied(create(withPools({ name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221'] })), POOLS, 'C-31',
      'Required value: must include IPv6 addresses: a dual-stack cluster with bundled load balancing needs pool addresses of both families');
  });

  it('admits the documentation pools and an IPv4-only single-stack cluster', () => {
    assertClean(create(docCluster()));
    assertAdmitted(create(docCluster((c) => {
      c.spec.clusterNetwork!.services!.cidrBlocks = ['172.16.0.0/20'];
      c.spec.loadBalancer!.addressPools = [{ name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221'] }];
    })));
  });
});

describe('C-32 avoidBuggyIPs on an IPv6-only pool', () => {
  it('warns', () => {
    const judgement = create(withPools(
      { name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221'] },
      { name: 'v6', addresses: ['fd12::4:101-fd12::4:110'], avoidBuggyIPs: true },
    ));
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-32', 'pool "v6": avoidBuggyIPs only skips IPv4 .0/.255 addresses');
  });

  it('does not warn on a mixed pool', () => {
    assertNotWarned(create(docCluster((c) => { c.spec.loadBalancer!.addressPools![0]!.avoidBuggyIPs = true; })), 'C-32');
  });
});

describe('C-33 every IPv6 pool is manualAssign', () => {
  it('warns on a dual-stack cluster', () => {
    const judgement = create(withPools(
      { name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221'] },
      { name: 'v6', addresses: ['fd12::4:101-fd12::4:110'], manualAssign: true },
    ));
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-33', 'every IPv6 pool is manualAssign');
  });

  it('does not warn when an automatic pool has IPv6 addresses', () => {
    assertNotWarned(create(docCluster()), 'C-33');
  });
});

describe('C-34 control-plane VIP required and outside the pools', () => {
  it('denies a control-plane VIP inside a pool (docs/rules.md §5.2)', () => {
    assertDenied(create(docCluster((c) => { c.spec.loadBalancer!.vips!.controlPlaneVIP = '10.2.0.215'; })), CP_VIP, 'C-34',
      'must not be inside address pool "pool-1" (spec.loadBalancer.addressPools[0].addresses[0]: 10.2.0.212-10.2.0.221)');
  });

  it('requires it', () => {
    assertDenied(create(docCluster((c) => { delete c.spec.loadBalancer!.vips!.controlPlaneVIP; })), CP_VIP, 'C-34', 'Required value');
  });

  it('denies a zone ID (D17)', () => {
    assertDenied(create(docCluster((c) => { c.spec.loadBalancer!.vips!.controlPlaneVIP = 'fe80::1%eth0'; })), CP_VIP, 'C-34',
      'must not have an IPv6 zone ID');
  });

  it('admits 10.2.0.200 outside pool-1', () => {
    assertClean(create(docCluster()));
  });
});

describe('C-35 ingress VIP: IPv4, not in admin clusters, inside a pool in bundled mode', () => {
  it('denies an ingress VIP outside every pool (docs/rules.md §5.2)', () => {
    assertDenied(create(docCluster((c) => { c.spec.loadBalancer!.vips!.ingressVIP = '10.2.0.50'; })), INGRESS_VIP, 'C-35',
      'must be inside one of spec.loadBalancer.addressPools in bundled mode');
  });

  it('denies an IPv6 ingress VIP', () => {
    assertDenied(create(docCluster((c) => { c.spec.loadBalancer!.vips!.ingressVIP = 'fd12::4:101'; })), INGRESS_VIP, 'C-35',
      'must be an IPv4 address');
  });

  it('denies an ingress VIP in an admin cluster', () => {
    assertDenied(create(admin((s) => { s.loadBalancer!.vips!.ingressVIP = '10.2.0.212'; })), INGRESS_VIP, 'C-35',
      'Forbidden: not allowed in admin clusters');
  });

  it('denies leading zeros (D17)', () => {
    assertDenied(create(docCluster((c) => { c.spec.loadBalancer!.vips!.ingressVIP = '010.2.0.212'; })), INGRESS_VIP, 'C-35',
      'must not have leading 0s');
  });

  it('admits 10.2.0.212 inside pool-1, and any IPv4 ingress VIP in manual mode', () => {
    assertClean(create(docCluster()));
    assertClean(create(manual()));
  });
});

describe('C-36 manual mode: user clusters need both VIPs, IPv4', () => {
  it('requires the ingress VIP', () => {
    assertDenied(create(manual((s) => { delete s.loadBalancer!.vips!.ingressVIP; })), INGRESS_VIP, 'C-36',
      'Required value: a user cluster with manual load balancing needs an ingress VIP');
  });

  it('denies an IPv6 control-plane VIP', () => {
    assertDenied(create(manual((s) => { s.loadBalancer!.vips!.controlPlaneVIP = 'fd12::4:1'; })), CP_VIP, 'C-36',
      'must be an IPv4 address in manual mode');
  });

  it('admits the manual fixture', () => {
    assertClean(create(manual()));
  });
});

describe('C-37 layer 2 VIPs and pools near the load-balancer nodes (heuristic)', () => {
  it('warns for a pool sharing no /16 with the control-plane nodes', () => {
    const judgement = create(docCluster((c) => { c.spec.loadBalancer!.addressPools![0]!.addresses![0] = '10.9.0.212-10.9.0.221'; c.spec.loadBalancer!.vips!.ingressVIP = '10.9.0.212'; }));
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-37', 'ingressVIP 10.9.0.212 (+1 more) shares no /16 with the load-balancer nodes');
  });

  it('uses the load-balancer node pool when there is one', () => {
    const judgement = create(docCluster((c) => { c.spec.loadBalancer!.nodePoolSpec = { nodes: [{ address: '10.7.0.2' }] }; }));
    assertWarned(judgement, 'C-37', 'controlPlaneVIP 10.2.0.200 (+2 more)');
  });

  it('does not warn for the documentation cluster or in bgp mode', () => {
    assertNotWarned(create(docCluster()), 'C-37');
    assertNotWarned(create(docCluster((c) => {
      c.spec.clusterNetwork!.advancedNetworking = true;
      c.spec.loadBalancer!.type = 'bgp';
      c.spec.loadBalancer!.vips!.controlPlaneVIP = '10.9.0.200';
    })), 'C-37');
  });
});
