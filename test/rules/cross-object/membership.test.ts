import assert from 'node:assert/strict';
import { type NodePool } from '../../../src/rules/objects.js';
import { docFacts } from '../cluster-cidr-config/support.js';
import { judgeNodePoolAcrossObjects, nodePoolOf } from './support.js';

function poolWith(edit: (pool: NodePool) => void): NodePool {
  const pool = structuredClone(nodePoolOf(docFacts()));
  edit(pool);
  return pool;
}

describe('X-1 NodePool belongs to its Cluster', () => {
  it('admits the documentation\'s NodePool "workers"', () => {
    const facts = docFacts({ complete: true });
    assert.deepEqual(judgeNodePoolAcrossObjects(nodePoolOf(facts), facts).causes, []);
  });

  it('denies a wrong spec.clusterName', () => {
    const judgement = judgeNodePoolAcrossObjects(poolWith((pool) => { pool.spec!.clusterName = 'dual'; }), docFacts({ complete: true }));
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.message]), [
      ['spec.clusterName', 'Invalid value: "dual": must be "dual-stack", the Cluster in namespace "cluster-dual-stack" [X-1]'],
    ]);
  });

  it('denies a NodePool outside its Cluster\'s namespace at metadata.namespace', () => {
    const judgement = judgeNodePoolAcrossObjects(poolWith((pool) => { pool.metadata!.namespace = 'default'; }), docFacts({ complete: true }));
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.message]), [
      ['metadata.namespace', 'Invalid value: "default": must be "cluster-dual-stack", the namespace of Cluster "dual-stack" [X-1]'],
    ]);
  });

  it('denies a NodePool whose Cluster is nowhere in a complete configuration', () => {
    const facts = { ...docFacts({ complete: true }), clusters: [] };
    const judgement = judgeNodePoolAcrossObjects(nodePoolOf(facts), facts);
    assert.equal(judgement.causes[0]?.message,
      'Invalid value: "cluster-dual-stack": no Cluster found in namespace "cluster-dual-stack"; a NodePool must be in its Cluster\'s namespace [X-1]');
  });

  it('says nothing about a lone NodePool when nothing is known about Clusters', () => {
    const facts = { ...docFacts(), clusters: [] };
    assert.deepEqual(judgeNodePoolAcrossObjects(nodePoolOf(facts), facts).causes, []);
  });

  it('denies a missing spec.clusterName as Required', () => {
    const judgement = judgeNodePoolAcrossObjects(poolWith((pool) => { delete pool.spec!.clusterName; }), docFacts());
    assert.equal(judgement.causes[0]?.field, 'spec.clusterName');
    assert.equal(judgement.causes[0]?.reason, 'FieldValueRequired');
  });

  it('denies changing spec.clusterName on UPDATE', () => {
    const facts = docFacts();
    const old = poolWith((pool) => { pool.spec!.clusterName = 'old-name'; });
    const judgement = judgeNodePoolAcrossObjects(nodePoolOf(facts), facts, 'UPDATE', old);
    assert.deepEqual(judgement.causes.map((cause) => cause.message),
      ['Invalid value: "dual-stack": field is immutable (was "old-name") [X-1]']);
  });
});
