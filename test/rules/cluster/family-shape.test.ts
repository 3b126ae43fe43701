import {
  assertAdmitted, assertClean, assertDenied, assertNotWarned, assertWarned, create, docCluster, update,
} from './support.js';

const SERVICES = 'spec.clusterNetwork.services.cidrBlocks';
const PODS = 'spec.clusterNetwork.pods.cidrBlocks';

function withServices(...blocks: string[]) {
  return docCluster((c) => { c.spec.clusterNetwork!.services = { cidrBlocks: blocks }; });
}

function withPods(...blocks: string[]) {
  return docCluster((c) => { c.spec.clusterNetwork!.pods = { cidrBlocks: blocks }; });
}

describe('C-2 one or two service ranges of different families', () => {
  it('denies three entries at spec.clusterNetwork.services.cidrBlocks', () => {
    assertDenied(create(withServices('172.16.0.0/20', 'fd12::5:0/116', '172.17.0.0/20')), SERVICES, 'C-2',
      'must not contain more than two entries');
  });

  it('denies two IPv4 ranges at services.cidrBlocks[1] (docs/rules.md §5.2)', () => {
    // Pools keep their IPv6 entries: the cluster is no longer dual-stack, which no other Cluster rule minds.
    assertDenied(create(withServices('10.96.0.0/20', '10.97.0.0/20')), `${SERVICES}[1]`, 'C-2',
      '[0] and [1] must be of different IP family (both are IPv4)');
  });

  it('requires the list', () => {
    assertDenied(create(withServices()), SERVICES, 'C-2', 'Required value');
  });

  it('admits a single IPv4 range and the IPv4 + IPv6 pair', () => {
    assertAdmitted(create(withServices('172.16.0.0/20')));
    assertClean(create(withServices('172.16.0.0/20', 'fd12::5:0/116')));
  });
});

describe('C-3 no IPv6-only cluster (D11)', () => {
  it('denies an IPv6-only service list at spec.clusterNetwork.services.cidrBlocks', () => {
    assertDenied(create(withServices('fd12::5:0/116')), SERVICES, 'C-3', 'must contain an IPv4 CIDR');
  });

  it('admits an IPv4-only list', () => {
    assertAdmitted(create(withServices('172.16.0.0/20')));
  });
});

describe('C-4 IPv4 service range first (D10)', () => {
  it('warns when IPv6 is listed first', () => {
    const judgement = create(withServices('fd12::5:0/116', '172.16.0.0/20'));
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-4', 'lists IPv6 first');
  });

  it('does not warn for IPv4 first', () => {
    assertNotWarned(create(docCluster()), 'C-4');
  });
});

describe('C-5 pods.cidrBlocks holds one IPv4 range', () => {
  it('denies an IPv6 pod range at spec.clusterNetwork.pods.cidrBlocks[1] (docs/rules.md §5.2)', () => {
    assertDenied(create(withPods('192.168.0.0/16', 'fd12::1:0/112')), `${PODS}[1]`, 'C-5',
      'must be an IPv4 CIDR: the IPv6 pod range belongs in a ClusterCIDRConfig');
  });

  it('denies two IPv4 pod ranges at the list', () => {
    assertDenied(create(withPods('192.168.0.0/16', '10.128.0.0/16')), PODS, 'C-5', 'Too many: 2: must have at most 1 item');
  });

  it('admits one IPv4 range', () => {
    assertClean(create(withPods('192.168.0.0/16')));
  });
});

describe('C-6 service families fixed at creation', () => {
  const ipv4Only = () => withServices('172.16.0.0/20');

  it('denies adding IPv6 on UPDATE at services.cidrBlocks[1]', () => {
    assertDenied(update(ipv4Only(), docCluster()), `${SERVICES}[1]`, 'C-6',
      "can't add an IPv6 service range after creation: dual-stack can be enabled only when the cluster is created");
  });

  it('denies dropping IPv6 on UPDATE at the list (docs/rules.md §5.3 ["10.96.0.0/20"])', () => {
    const old = withServices('10.96.0.0/20', 'fd12::5:0/116');
    assertDenied(update(old, withServices('10.96.0.0/20')), SERVICES, 'C-6', "can't remove the IPv6 service range");
  });

  it('admits an UPDATE keeping both families, and CREATE of either shape', () => {
    assertClean(update(docCluster(), docCluster()));
    assertAdmitted(create(ipv4Only()));
  });
});
