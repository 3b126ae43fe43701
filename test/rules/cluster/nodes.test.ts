import assert from 'node:assert/strict';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { type NodePool } from '../../../src/rules/objects.js';
import {
  assertAdmitted, assertClean, assertDenied, create, docCluster, docNodePool, factsWith, judgePool,
} from './support.js';

const CP_NODES = 'spec.controlPlane.nodePoolSpec.nodes';

describe('C-38 node addresses are IPv4 (D17 strict)', () => {
  const withNode = (address: string, key: 'address' | 'k8sIP' = 'address') =>
    docCluster((c) => { c.spec.controlPlane!.nodePoolSpec!.nodes![2] = key === 'address' ? { address } : { address: '10.2.0.4', k8sIP: address }; });

  it('denies an IPv6 control-plane node address at nodes[2].address', () => {
    assertDenied(create(withNode('fd12::2:4')), `${CP_NODES}[2].address`, 'C-38',
      'must be an IPv4 address: node addresses are IPv4, also in dual-stack clusters');
  });

  it('denies leading zeros, zone IDs and IPv4-mapped IPv6', () => {
    assertDenied(create(withNode('010.2.0.4')), `${CP_NODES}[2].address`, 'C-38', 'must not have leading 0s in IP address');
    assertDenied(create(withNode('fe80::4%eth0')), `${CP_NODES}[2].address`, 'C-38', 'must not have an IPv6 zone ID');
    assertDenied(create(withNode('::ffff:10.2.0.4')), `${CP_NODES}[2].address`, 'C-38', 'must not be an IPv4-mapped IPv6 address');
  });

  it('denies an IPv6 k8sIP', () => {
    assertDenied(create(withNode('fd12::2:4', 'k8sIP')), `${CP_NODES}[2].k8sIP`, 'C-38', 'must be an IPv4 address');
  });

  it('denies an IPv6 load-balancer node', () => {
    assertDenied(create(docCluster((c) => { c.spec.loadBalancer!.nodePoolSpec = { nodes: [{ address: 'fd12::2:10' }] }; })),
      'spec.loadBalancer.nodePoolSpec.nodes[0].address', 'C-38', 'must be an IPv4 address');
  });

  it('requires the address', () => {
    assertDenied(create(docCluster((c) => { c.spec.controlPlane!.nodePoolSpec!.nodes![1] = { k8sIP: '10.2.0.3' }; })),
      `${CP_NODES}[1].address`, 'C-38', 'Required value');
  });

  it('denies an IPv6 NodePool node at spec.nodes[1].address', () => {
    const pool = docNodePool((p) => { p.spec!.nodes![1] = { address: 'fd12::2:6' }; });
    assertDenied(judgePool(pool, factsWith(docCluster(), [pool], { withoutNodePool: true })), 'spec.nodes[1].address', 'C-38',
      'must be an IPv4 address');
  });

  it('admits the documentation nodes', () => {
    assertClean(create(docCluster()));
    assertClean(judgePool(docNodePool(), factsWith(docCluster())));
  });
});

describe('C-39 a node IP in only one node pool', () => {
  it('denies the same control-plane address twice, at the later node', () => {
    assertDenied(create(docCluster((c) => { c.spec.controlPlane!.nodePoolSpec!.nodes![2] = { address: '10.2.0.3' }; })),
      `${CP_NODES}[2].address`, 'C-39',
      'Duplicate value: "10.2.0.3": already used by spec.controlPlane.nodePoolSpec.nodes[1].address; a node IP belongs to one node pool only');
  });

  it('denies a load-balancer node that is also a control-plane node', () => {
    assertDenied(create(docCluster((c) => { c.spec.loadBalancer!.nodePoolSpec = { nodes: [{ address: '10.2.0.2' }] }; })),
      'spec.loadBalancer.nodePoolSpec.nodes[0].address', 'C-39', 'already used by spec.controlPlane.nodePoolSpec.nodes[0].address');
  });

  it('denies a k8sIP equal to another node\'s address', () => {
    assertDenied(create(docCluster((c) => { c.spec.controlPlane!.nodePoolSpec!.nodes![1]!.k8sIP = '10.2.0.2'; })),
      `${CP_NODES}[1].k8sIP`, 'C-39', 'Duplicate value: "10.2.0.2"');
  });

  it('admits a node whose k8sIP equals its own address', () => {
    assertClean(create(docCluster((c) => { c.spec.controlPlane!.nodePoolSpec!.nodes![1]!.k8sIP = '10.2.0.3'; })));
  });

  it('denies a NodePool node that is a control-plane node of its Cluster, naming the NodePool field', () => {
    const pool = docNodePool((p) => { p.spec!.nodes![0] = { address: '10.2.0.4' }; });
    assertDenied(judgePool(pool, factsWith(docCluster(), [pool], { withoutNodePool: true })), 'spec.nodes[0].address', 'C-39',
      'already used by Cluster dual-stack spec.controlPlane.nodePoolSpec.nodes[2].address');
  });

  it('denies a node shared with another NodePool of the namespace', () => {
    const other: NodePool = docNodePool((p) => { p.metadata!.name = 'more-workers'; p.spec!.nodes = [{ address: '10.2.0.9' }, { address: '10.2.0.6' }]; });
    const pool = docNodePool();
    const judgement = judgePool(pool, factsWith(docCluster(), [other]));
    assertDenied(judgement, 'spec.nodes[1].address', 'C-39', 'already used by NodePool more-workers spec.nodes[1].address');
  });

  it('denies a duplicate inside one NodePool', () => {
    const pool = docNodePool((p) => { p.spec!.nodes!.push({ address: '10.2.0.5' }); });
    assertDenied(judgePool(pool, factsWith(docCluster(), [pool], { withoutNodePool: true })), 'spec.nodes[2].address', 'C-39',
      'already used by spec.nodes[0].address');
  });

  it('admits NodePools of another namespace with the same addresses', () => {
    const elsewhere = docNodePool((p) => { p.metadata!.namespace = 'cluster-other'; });
    assertAdmitted(judgePool(docNodePool(), factsWith(docCluster(), [elsewhere])));
  });
});

describe('C-17 on a NodePool: its nodes stay outside the Cluster\'s pod and service ranges', () => {
  it('denies a node inside the service range at spec.nodes[0].address', () => {
    const pool = docNodePool((p) => { p.spec!.nodes![0] = { address: '172.16.0.5' }; });
    assertDenied(judgePool(pool, factsWith(docCluster(), [pool], { withoutNodePool: true })), 'spec.nodes[0].address', 'C-17',
      'must not be inside Cluster dual-stack spec.clusterNetwork.services.cidrBlocks[0] (172.16.0.0/20)');
  });

  it('admits nodes outside, and judges alone when the Cluster is not in the facts', () => {
    assertClean(judgePool(docNodePool(), factsWith(docCluster())));
    const judgement = judgePool(docNodePool((p) => { p.spec!.nodes![0] = { address: '172.16.0.5' }; }), factsFromDocuments([], false));
    assert.deepEqual(judgement.causes.filter((cause) => cause.rule.startsWith('C-')), []);
  });
});
