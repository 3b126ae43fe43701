import assert from 'node:assert/strict';
import { checkSchema } from '../../../src/rules/schema-check.js';
import { assertDenied, create, docCluster, judgePool, factsWith, docNodePool } from './support.js';

describe('Cluster schema (shapes before rules; x-rule tags name the rule a shape serves)', () => {
  it('admits the documentation\'s Cluster and NodePool', () => {
    assert.deepEqual(checkSchema('Cluster', docCluster()), []);
    assert.deepEqual(checkSchema('NodePool', docNodePool()), []);
  });

  it('returns only the schema causes when the shape is wrong, tagged with the rule of the field', () => {
    const judgement = create(docCluster((c) => {
      (c.spec.nodeConfig!.podDensity as { maxPodsPerNode: unknown }).maxPodsPerNode = '110';
      c.spec.loadBalancer!.vips!.controlPlaneVIP = '10.2.0.215'; // would be C-34, but rules don't run on a bad shape
    }));
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.message]), [
      ['spec.nodeConfig.podDensity.maxPodsPerNode', 'Invalid value: "110": must be of type integer [C-11]'],
    ]);
  });

  it('tags list shapes: services.cidrBlocks C-2, its items C-16, pods.cidrBlocks C-5', () => {
    assertDenied(create(docCluster((c) => { (c.spec.clusterNetwork!.services as { cidrBlocks: unknown }).cidrBlocks = '172.16.0.0/20'; })),
      'spec.clusterNetwork.services.cidrBlocks', 'C-2', 'must be of type array');
    assertDenied(create(docCluster((c) => { (c.spec.clusterNetwork!.services!.cidrBlocks as unknown[])[0] = 42; })),
      'spec.clusterNetwork.services.cidrBlocks[0]', 'C-16', 'must be of type string');
    assertDenied(create(docCluster((c) => { (c.spec.clusterNetwork!.pods as { cidrBlocks: unknown }).cidrBlocks = {}; })),
      'spec.clusterNetwork.pods.cidrBlocks', 'C-5', 'must be of type array');
  });

  it('requires spec and spec.loadBalancer (C-24)', () => {
    assertDenied(create({ apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'Cluster', metadata: { name: 'x' } }), 'spec', 'SCHEMA', 'Required value');
    assertDenied(create(docCluster((c) => { delete c.spec.loadBalancer; })), 'spec.loadBalancer', 'C-24', 'Required value');
  });

  it('denies an unknown cluster type and forwardMode', () => {
    assertDenied(create(docCluster((c) => { (c.spec as { type: string }).type = 'edge'; })), 'spec.type', 'SCHEMA',
      'supported values: "admin", "user", "hybrid", "standalone"');
    assertDenied(create(docCluster((c) => { (c.spec.clusterNetwork as { forwardMode: string }).forwardMode = 'nat'; })),
      'spec.clusterNetwork.forwardMode', 'C-20', 'supported values: "dsr", "snat"');
  });

  it('bounds lists: more than 16 CIDRs is too many', () => {
    assertDenied(create(docCluster((c) => {
      c.spec.clusterNetwork!.services!.cidrBlocks = Array.from({ length: 17 }, (_, i) => `172.16.${i}.0/24`);
    })), 'spec.clusterNetwork.services.cidrBlocks', 'C-2', 'Too many: 17: must have at most 16 items');
  });

  it('requires a NodePool\'s spec.clusterName and string node addresses (C-38)', () => {
    const judgement = judgePool({ ...docNodePool(), spec: { nodes: [{ address: 10 }] } }, factsWith(docCluster()));
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.rule]), [
      ['spec.clusterName', 'SCHEMA'], ['spec.nodes[0].address', 'C-38'],
    ]);
  });
});
