import {
  assertAdmitted, assertClean, assertDenied, assertNotWarned, assertWarned, create, docCluster,
} from './support.js';

const SERVICES = 'spec.clusterNetwork.services.cidrBlocks';
const PODS = 'spec.clusterNetwork.pods.cidrBlocks';

const withPods = (...blocks: string[]) => docCluster((c) => { c.spec.clusterNetwork!.pods = { cidrBlocks: blocks }; });
const withServices = (...blocks: string[]) => docCluster((c) => { c.spec.clusterNetwork!.services = { cidrBlocks: blocks }; });

describe('C-16 canonical CIDRs (D5: deny and name the canonical form)', () => {
  it('denies host bits set at services.cidrBlocks[0] and names the network', () => {
    assertDenied(create(withServices('172.16.0.1/20', 'fd12::5:0/116')), `${SERVICES}[0]`, 'C-16',
      'Invalid value: "172.16.0.1/20": must not have bits set beyond the prefix length; did you mean 172.16.0.0/20?');
  });

  it('denies upper-case IPv6 at services.cidrBlocks[1]', () => {
    assertDenied(create(withServices('172.16.0.0/20', 'FD12::5:0/116')), `${SERVICES}[1]`, 'C-16', 'did you mean fd12::5:0/116?');
  });

  it('denies uncompressed IPv6', () => {
    assertDenied(create(withServices('172.16.0.0/20', 'fd12:0:0:0:0:0:5:0/116')), `${SERVICES}[1]`, 'C-16',
      'did you mean fd12::5:0/116?');
  });

  it('denies leading zeros in a pod range (D17)', () => {
    assertDenied(create(withPods('192.168.000.0/16')), `${PODS}[0]`, 'C-16', 'must not have leading 0s');
  });

  it('denies an IPv4-mapped IPv6 range as not IPv6 (D17)', () => {
    assertDenied(create(withServices('172.16.0.0/20', '::ffff:10.0.0.0/104')), `${SERVICES}[1]`, 'C-16',
      'must not be an IPv4-mapped IPv6 address');
  });

  it('denies text that is no CIDR', () => {
    assertDenied(create(withPods('192.168.0.0')), `${PODS}[0]`, 'C-16', 'must be a valid CIDR value');
  });

  it('admits the documentation\'s canonical ranges', () => {
    assertClean(create(docCluster()));
  });
});

describe('C-17 pod and service ranges avoid node IPs, VIPs and pools', () => {
  it('denies a control-plane node inside the pod range, at the node (D0)', () => {
    const cluster = docCluster((c) => { c.spec.controlPlane!.nodePoolSpec!.nodes![0] = { address: '192.168.0.10' }; });
    assertDenied(create(cluster), 'spec.controlPlane.nodePoolSpec.nodes[0].address', 'C-17',
      'must not overlap spec.clusterNetwork.pods.cidrBlocks[0] (192.168.0.0/16)');
  });

  it('denies the control-plane VIP inside the service range', () => {
    const cluster = docCluster((c) => { c.spec.loadBalancer!.vips!.controlPlaneVIP = '172.16.0.200'; });
    assertDenied(create(cluster), 'spec.loadBalancer.vips.controlPlaneVIP', 'C-17',
      'must not overlap spec.clusterNetwork.services.cidrBlocks[0] (172.16.0.0/20)');
  });

  it('denies an IPv6 pool range inside the IPv6 service range', () => {
    const cluster = docCluster((c) => { c.spec.loadBalancer!.addressPools![0]!.addresses![1] = 'fd12::5:10-fd12::5:20'; });
    assertDenied(create(cluster), 'spec.loadBalancer.addressPools[0].addresses[1]', 'C-17',
      'must not overlap spec.clusterNetwork.services.cidrBlocks[1] (fd12::5:0/116)');
  });

  it('admits nodes, VIPs and pools outside the ranges', () => {
    assertClean(create(docCluster()));
  });
});

describe('C-18 pod and service ranges disjoint', () => {
  it('denies a service range inside the pod range, at the services entry (D0)', () => {
    assertDenied(create(withServices('192.168.0.0/20', 'fd12::5:0/116')), `${SERVICES}[0]`, 'C-18',
      'must not overlap the pod range spec.clusterNetwork.pods.cidrBlocks[0] (192.168.0.0/16)');
  });

  it('admits disjoint ranges', () => {
    assertAdmitted(create(withServices('192.169.0.0/20', 'fd12::5:0/116')));
  });
});

describe('C-19 external addresses hidden by the island pod range', () => {
  const withPeer = (ip: string) => docCluster((c) => {
    c.spec.clusterNetwork!.advancedNetworking = true;
    c.spec.loadBalancer!.bgpPeers = [{ ip, asn: 65001 }];
  });

  it('warns when a BGP peer is inside the pod range', () => {
    const judgement = create(withPeer('192.168.200.1'));
    assertAdmitted(judgement);
    assertWarned(judgement, 'C-19', 'BGP peer 192.168.200.1 is inside pod range 192.168.0.0/16');
  });

  it('does not warn for a peer outside it', () => {
    assertNotWarned(create(withPeer('10.2.0.254')), 'C-19');
  });
});
