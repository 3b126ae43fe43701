import assert from 'node:assert/strict';
import { type ClusterFacts, NO_FACTS } from '../../src/rules/facts.js';
import { viewPerObject, viewPerObjectPair, withViews } from '../../src/rules/object-memo.js';
import { type Cluster } from '../../src/rules/objects.js';

/** A view that counts how often it is really computed. */
function countingView() {
  const computed: unknown[] = [];
  const view = viewPerObject((value: object) => {
    computed.push(value);
    return { of: value };
  });
  return { view, computed };
}

function factsWith(cluster: Cluster): ClusterFacts {
  return { ...NO_FACTS, clusters: [cluster] };
}

describe('views of objects (object-memo, issue 11)', () => {
  it('computes every call outside a judgement (a test or a one-off caller holds nothing)', () => {
    const { view, computed } = countingView();
    const object = {};
    view(object);
    view(object);
    assert.equal(computed.length, 2);
  });

  it('computes once per object within a judgement and hands every rule the same view', () => {
    const { view, computed } = countingView();
    const [reviewed, other] = [{}, {}];
    withViews(NO_FACTS, () => {
      const first = view(reviewed);
      assert.equal(view(reviewed), first);
      view(other);
    });
    assert.deepEqual(computed, [reviewed, other]);
  });

  it("drops a reviewed object's views when its judgement ends", () => {
    const { view, computed } = countingView();
    const reviewed = {};
    withViews(NO_FACTS, () => view(reviewed));
    withViews(NO_FACTS, () => view(reviewed));
    assert.equal(computed.length, 2);
  });

  it("keeps a facts object's views while those facts are current, and computes again for new facts", () => {
    const { view, computed } = countingView();
    const cluster: Cluster = { apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'Cluster', metadata: { name: 'a', namespace: 'a' } };
    const facts = factsWith(cluster);
    withViews(facts, () => view(cluster));
    withViews(facts, () => view(cluster));
    assert.equal(computed.length, 1);
    withViews(factsWith(cluster), () => view(cluster));
    assert.equal(computed.length, 2);
  });

  it('never keeps a view of a facts object paired with a reviewed one beyond the judgement', () => {
    let computed = 0;
    const pair = viewPerObjectPair((first: object, second: object) => {
      computed += 1;
      return [first, second];
    });
    const cluster: Cluster = { apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'Cluster', metadata: { name: 'a', namespace: 'a' } };
    const facts = factsWith(cluster);
    const reviewed = {};
    withViews(facts, () => pair(cluster, reviewed));
    withViews(facts, () => pair(cluster, reviewed));
    assert.equal(computed, 2);
    withViews(facts, () => pair(facts, cluster));
    withViews(facts, () => pair(facts, cluster));
    assert.equal(computed, 3);
  });

  it('leaves the judgement scope when a rule throws', () => {
    const { view, computed } = countingView();
    const object = {};
    assert.throws(() => withViews(NO_FACTS, () => {
      view(object);
      throw new Error('a rule bug');
    }), /a rule bug/);
    view(object);
    view(object);
    assert.equal(computed.length, 3);
  });

  it('computes views of values that are not objects (hostile input) without keeping them', () => {
    const seen: unknown[] = [];
    const view = viewPerObject((value: unknown) => {
      seen.push(value);
      return typeof value;
    });
    withViews(NO_FACTS, () => {
      assert.equal(view('text'), 'string');
      assert.equal(view('text'), 'string');
      assert.equal(view(null), 'object');
    });
    assert.deepEqual(seen, ['text', 'text', null]);
  });
});
