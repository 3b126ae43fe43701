import assert from 'node:assert/strict';
import { DOC_SPEC, assertAdmitted, assertNoRule, configWith, docFacts, judge, warningsOf } from './support.js';

const WORKERS = { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } };

describe('R-13 documented selector', () => {
  it('warns on matchExpressions and on undocumented label keys', () => {
    const judgement = judge(configWith({
      ipv4: { cidr: '192.168.2.0/24', perNodeMaskSize: 24 },
      nodeSelector: { matchLabels: { 'kubernetes.io/hostname': 'node-1' }, matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
    }));
    assertAdmitted(judgement);
    assert.deepEqual(warningsOf(judgement, 'R-13'), [
      '[R-13] spec.nodeSelector.matchExpressions is not documented for ClusterCIDRConfig; use matchLabels',
      '[R-13] spec.nodeSelector.matchLabels: "kubernetes.io/hostname" is not a documented label (node-pool, k8s-ip)',
    ]);
  });

  it('stays silent for the node-pool and k8s-ip labels', () => {
    assertNoRule(judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS })), 'R-13');
    assertNoRule(judge(configWith({
      ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 24 },
      nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/k8s-ip': '10.2.0.5' } },
    })), 'R-13');
  });
});

describe('R-14 twin configs (D2)', () => {
  const withWorkerConfig = docFacts({
    extra: [configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'worker-pool-ccc' })],
  });

  it('warns when another config of the namespace has the same selector and an overlapping range', () => {
    const judgement = judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'workers-again' }), { facts: withWorkerConfig });
    assertAdmitted(judgement);
    assert.deepEqual(warningsOf(judgement, 'R-14'),
      ['[R-14] same nodeSelector and overlapping ranges as "worker-pool-ccc": the allocator\'s tie-breaks pick one']);
  });

  it('names at most 3 twins', () => {
    const twins = ['a', 'b', 'c', 'd', 'e'].map((name) => configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name }));
    const judgement = judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'workers-again' }), { facts: docFacts({ extra: twins }) });
    assert.deepEqual(warningsOf(judgement, 'R-14'), ['a', 'b', 'c'].map((name) =>
      `[R-14] same nodeSelector and overlapping ranges as "${name}": the allocator's tie-breaks pick one`));
  });

  it('stays silent for the same selector with disjoint ranges', () => {
    const judgement = judge(configWith({ ipv6: { cidr: 'fd12::7:0/112', perNodeMaskSize: 120 }, nodeSelector: WORKERS }, { name: 'more' }),
      { facts: withWorkerConfig });
    assertNoRule(judgement, 'R-14');
  });

  it('stays silent for overlapping ranges under different selectors (the documentation\'s pattern)', () => {
    assertNoRule(judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'worker-pool-ccc' }), { facts: docFacts() }), 'R-14');
  });

  it('does not compare a config with itself in the facts', () => {
    assertNoRule(judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'worker-pool-ccc' }), { facts: withWorkerConfig }), 'R-14');
  });

  it('ignores configs of other namespaces', () => {
    const facts = docFacts({ extra: [configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'twin', namespace: 'elsewhere' })] });
    assertNoRule(judge(configWith({ ...DOC_SPEC, nodeSelector: WORKERS }, { name: 'worker-pool-ccc' }), { facts }), 'R-14');
  });
});
