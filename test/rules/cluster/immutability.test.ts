import assert from 'node:assert/strict';
import { type Cluster } from '../../../src/rules/objects.js';
import { assertAdmitted, assertClean, assertDenied, docCluster, update } from './support.js';

const SERVICES = 'spec.clusterNetwork.services.cidrBlocks';

type Edit = Parameters<typeof docCluster>[0];

describe('C-20 immutable fields on UPDATE', () => {
  const cases: { field: string; edit: Edit; fragment: string }[] = [
    { field: 'spec.clusterNetwork.pods.cidrBlocks', edit: (c) => { c.spec.clusterNetwork!.pods!.cidrBlocks = ['192.168.0.0/15']; }, fragment: 'field is immutable (was ["192.168.0.0/16"])' },
    { field: 'spec.clusterNetwork.flatIPv4', edit: (c) => { c.spec.clusterNetwork!.flatIPv4 = true; }, fragment: 'field is immutable (was false): flat IPv4 mode can be enabled only at cluster creation' },
    { field: 'spec.clusterNetwork.advancedNetworking', edit: (c) => { c.spec.clusterNetwork!.advancedNetworking = true; }, fragment: 'field is immutable (was false)' },
    { field: 'spec.clusterNetwork.multipleNetworkInterfaces', edit: (c) => { c.spec.clusterNetwork!.multipleNetworkInterfaces = true; }, fragment: 'field is immutable (was false)' },
    { field: 'spec.clusterNetwork.forwardMode', edit: (c) => { c.spec.clusterNetwork!.forwardMode = 'dsr'; }, fragment: 'field is immutable (was "snat")' },
    { field: 'spec.nodeConfig.podDensity.maxPodsPerNode', edit: (c) => { c.spec.nodeConfig = { podDensity: { maxPodsPerNode: 64 } }; }, fragment: 'field is immutable (was 110)' },
    { field: 'spec.loadBalancer.type', edit: (c) => { c.spec.loadBalancer!.type = 'bgp'; c.spec.clusterNetwork!.advancedNetworking = undefined; }, fragment: 'field is immutable (was "layer2")' },
    { field: 'spec.loadBalancer.ports.controlPlaneLBPort', edit: (c) => { c.spec.loadBalancer!.ports = { controlPlaneLBPort: 6443 }; }, fragment: 'field is immutable (was 443)' },
    { field: 'spec.loadBalancer.vips.controlPlaneVIP', edit: (c) => { c.spec.loadBalancer!.vips!.controlPlaneVIP = '10.2.0.201'; }, fragment: 'field is immutable (was "10.2.0.200")' },
    { field: 'spec.loadBalancer.vips.ingressVIP', edit: (c) => { c.spec.loadBalancer!.vips!.ingressVIP = '10.2.0.213'; }, fragment: 'field is immutable (was "10.2.0.212")' },
    { field: 'spec.controlPlane.nodePoolSpec.nodes[1].k8sIP', edit: (c) => { c.spec.controlPlane!.nodePoolSpec!.nodes![1]!.k8sIP = '10.2.0.30'; }, fragment: 'field is immutable (was "10.2.0.3")' },
  ];

  for (const { field, edit, fragment } of cases) {
    it(`denies a change of ${field}`, () => {
      // The type change also trips C-26 (bgp without advanced networking), which is not what this case is about.
      const judgement = update(docCluster(), docCluster(edit));
      const causes = judgement.causes.filter((cause) => cause.rule === 'C-20');
      assert.equal(causes.length, 1, JSON.stringify(judgement.causes));
      assert.equal(causes[0]?.field, field);
      assert.ok(causes[0]?.message.includes(fragment), causes[0]?.message);
      assert.ok(causes[0]?.message.endsWith('[C-20]'));
    });
  }

  it('denies a change of the loadBalancer.mode and the cluster type', () => {
    const old = docCluster((c) => { c.spec.controlPlane!.loadBalancer = { mode: 'manual' }; c.spec.loadBalancer!.mode = 'manual'; delete c.spec.loadBalancer!.addressPools; });
    const judgement = update(old, docCluster((c) => { c.spec.controlPlane!.loadBalancer = { mode: 'bundled' }; }));
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.rule]), [
      ['spec.loadBalancer.mode', 'C-20'], ['spec.controlPlane.loadBalancer.mode', 'C-20'],
    ]);
    assertDenied(update(docCluster(), docCluster((c) => { c.spec.type = 'hybrid'; })), 'spec.type', 'C-20', 'field is immutable (was "user")');
  });

  it('denies removing a set value (the ingress VIP)', () => {
    assertDenied(update(docCluster(), docCluster((c) => { delete c.spec.loadBalancer!.vips!.ingressVIP; })),
      'spec.loadBalancer.vips.ingressVIP', 'C-20', 'Invalid value: null: field is immutable (was "10.2.0.212")');
  });

  it('admits an UPDATE that only spells out defaults (D5)', () => {
    assertClean(update(docCluster(), docCluster((c) => {
      c.spec.clusterNetwork!.flatIPv4 = false;
      c.spec.clusterNetwork!.advancedNetworking = false;
      c.spec.clusterNetwork!.multipleNetworkInterfaces = false;
      c.spec.clusterNetwork!.forwardMode = 'snat';
      c.spec.loadBalancer!.type = 'layer2';
      c.spec.controlPlane!.nodePoolSpec!.nodes![0]!.k8sIP = '10.2.0.2';
    })));
  });

  it('admits controller-populated and upgrade fields (C-23), node additions and a port filled in from unset', () => {
    const old = docCluster((c) => { delete c.spec.loadBalancer!.ports; delete c.spec.nodeConfig; });
    assertClean(update(old, docCluster((c) => {
      c.spec.anthosBareMetalVersion = '1.33.0';
      c.spec.nodeConfig!.registryMirrors = [{ endpoint: 'https://mirror.example' }];
      c.spec.controlPlane!.nodePoolSpec!.nodes!.push({ address: '10.2.0.7' }, { address: '10.2.0.8' });
    })));
  });
});

describe('C-21 service range changes (docs/rules.md §5.3, D6)', () => {
  const services = (...blocks: string[]): Cluster => docCluster((c) => { c.spec.clusterNetwork!.services = { cidrBlocks: blocks }; });
  const old = () => services('10.96.0.0/20', 'fd12::5:0/116');

  it('admits ["10.96.0.0/16", "fd12::5:0/116"]: IPv4 widened, contains old', () => {
    assertAdmitted(update(old(), services('10.96.0.0/16', 'fd12::5:0/116')));
  });

  it('denies ["10.96.0.0/24", "fd12::5:0/116"]: IPv4 narrowed', () => {
    assertDenied(update(old(), services('10.96.0.0/24', 'fd12::5:0/116')), `${SERVICES}[0]`, 'C-21',
      "can't shrink the IPv4 service range from 10.96.0.0/20: it may only grow (prefix /20 or shorter, containing 10.96.0.0/20)");
  });

  it('denies ["10.100.0.0/16", "fd12::5:0/116"]: does not contain the old range', () => {
    assertDenied(update(old(), services('10.100.0.0/16', 'fd12::5:0/116')), `${SERVICES}[0]`, 'C-21',
      'must contain the current range 10.96.0.0/20: the IPv4 service range may only grow');
  });

  it('denies ["10.96.0.0/20", "fd12::5:0/112"]: IPv6 range changed', () => {
    assertDenied(update(old(), services('10.96.0.0/20', 'fd12::5:0/112')), `${SERVICES}[1]`, 'C-21',
      'field is immutable (was "fd12::5:0/116"): the IPv6 service range cannot change');
  });

  it('leaves ["10.96.0.0/20"] (family dropped) to C-6', () => {
    assertDenied(update(old(), services('10.96.0.0/20')), SERVICES, 'C-6', "can't remove the IPv6 service range");
  });

  it('denies swapping the entries (the primary Service family would change)', () => {
    const judgement = update(old(), services('fd12::5:0/116', '10.96.0.0/20'));
    assertDenied(judgement, `${SERVICES}[0]`, 'C-21', "the first service range sets the primary Service family and can't change from IPv4");
  });
});

describe('C-22 loadBalancer.nodePoolSpec added after creation (D12)', () => {
  const lbNodes = { nodes: [{ address: '10.2.0.10' }, { address: '10.2.0.11' }] };

  it('denies adding loadBalancer.nodePoolSpec alone at spec.loadBalancer.nodePoolSpec', () => {
    assertDenied(update(docCluster(), docCluster((c) => { c.spec.loadBalancer!.nodePoolSpec = lbNodes; })),
      'spec.loadBalancer.nodePoolSpec', 'C-22', "can't be added to a cluster created without it");
  });

  it('admits it together with controlPlane.loadBalancer.mode: bundled on 1.32+ (the load-balancer split)', () => {
    const old = docCluster((c) => { c.spec.anthosBareMetalVersion = '1.32.0'; });
    assertClean(update(old, docCluster((c) => {
      c.spec.anthosBareMetalVersion = '1.32.0';
      c.spec.controlPlane!.loadBalancer = { mode: 'bundled' };
      c.spec.loadBalancer!.nodePoolSpec = lbNodes;
    })));
  });

  it('denies the split pattern on a version before 1.32', () => {
    assertDenied(update(docCluster(), docCluster((c) => {
      c.spec.controlPlane!.loadBalancer = { mode: 'bundled' };
      c.spec.loadBalancer!.nodePoolSpec = lbNodes;
    })), 'spec.loadBalancer.nodePoolSpec', 'C-22', 'the load-balancer split needs version 1.32 or later (anthosBareMetalVersion is 1.16.0)');
  });

  it('admits a cluster that had it from creation', () => {
    const withLb = () => docCluster((c) => { c.spec.loadBalancer!.nodePoolSpec = lbNodes; });
    assertClean(update(withLb(), withLb()));
  });
});

describe('UPDATE with an unreadable or sparse old object', () => {
  it('skips the diff rules when the old object fails its schema', () => {
    const old = { spec: { clusterNetwork: { services: { cidrBlocks: 'not a list' } } } };
    assertClean(update(old, docCluster()));
  });

  it('reads an old object with missing fields as unset', () => {
    assertAdmitted(update({ spec: {} }, docCluster()));
    assertAdmitted(update({}, docCluster()));
  });
});
