import assert from 'node:assert/strict';
import { perNodeIpv4PrefixFor, DEFAULT_MAX_PODS_PER_NODE } from '../../../src/rules/pod-density.js';
import { clusterRules } from '../../../src/rules/cluster-rules.js';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { type Cluster } from '../../../src/rules/objects.js';
import { assertClean, create, docCluster, documentsOf, judgePool, docNodePool, factsWith, update } from './support.js';

describe('the documentation\'s dual-stack Cluster', () => {
  it('is admitted on CREATE with no causes and no warnings', () => {
    assertClean(create(docCluster()));
  });

  it('is admitted on an UPDATE that changes nothing', () => {
    assertClean(update(docCluster(), docCluster()));
  });

  it('is admitted with facts holding only itself (a Cluster alone in a file)', () => {
    const cluster = docCluster();
    const judgement = create(cluster, { facts: factsFromDocuments([cluster], false) });
    assert.deepEqual(judgement.causes, []);
  });

  it('admits docs/rules.md §5.1\'s valid bundle Cluster', () => {
    const [cluster] = documentsOf('test/fixtures/cluster/rules-5-1.yaml');
    assertClean(create(cluster, { facts: factsFromDocuments(documentsOf('test/fixtures/cluster/rules-5-1.yaml'), true) }));
  });

  it('admits its NodePool "workers" beside it', () => {
    assertClean(judgePool(docNodePool(), factsWith(docCluster())));
  });

  it('lists the rules in docs/rules.md order', () => {
    const numbers = clusterRules.map((rule) => Number(rule.id.slice(2)));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
    assert.equal(new Set(numbers).size, numbers.length);
  });
});

describe('C-12 per-node IPv4 block for maxPodsPerNode (perNodeIpv4PrefixFor)', () => {
  it('follows the NET table: <=32 /26, 33-64 /25, 65-128 /24, 129-250 /23', () => {
    assert.deepEqual([1, 32, 33, 64, 65, 110, 128, 129, 250].map(perNodeIpv4PrefixFor), [26, 26, 25, 25, 24, 24, 24, 23, 23]);
  });

  it('has no block outside 1..250 or for non-integers', () => {
    assert.deepEqual([0, -1, 251, 3.5, Number.NaN].map(perNodeIpv4PrefixFor), [undefined, undefined, undefined, undefined, undefined]);
  });

  it('assumes 110 pods per node when unset (C-11 default)', () => {
    assert.equal(DEFAULT_MAX_PODS_PER_NODE, 110);
    const cluster: Cluster = docCluster((c) => { delete c.spec.nodeConfig; });
    assertClean(create(cluster));
  });
});
