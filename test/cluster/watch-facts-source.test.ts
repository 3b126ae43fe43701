import assert from 'node:assert/strict';
import { register } from 'prom-client';
import { startWatchFactsSource, WatchConfigurationError } from '../../src/cluster/watch-facts-source.js';
import { type ClusterFacts } from '../../src/rules/facts.js';
import { FakeKubeApiServer, type StoredObject } from './fake-kube-api-server.js';
import { documentOf, startWatching, type Watching } from './watch-harness.js';
import { waitFor } from './wait-for.js';

const EXAMPLE = 'examples/dual-stack-cluster.yaml';

function cluster(name: string, namespace: string, podCidr = '192.168.0.0/16'): StoredObject {
  return {
    apiVersion: 'baremetal.cluster.gke.io/v1',
    kind: 'Cluster',
    metadata: { name, namespace },
    spec: { clusterNetwork: { pods: { cidrBlocks: [podCidr] }, services: { cidrBlocks: ['172.16.0.0/20'] } } },
  };
}

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = register.getSingleMetric(name);
  if (metric === undefined) throw new Error(`metric ${name} is not registered`);
  const { values } = await metric.get();
  const found = values.find((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted));
  return found?.value ?? 0;
}

const pods = (facts: { clusters: readonly StoredObject[] | readonly object[] }, index = 0) =>
  (facts.clusters[index] as StoredObject | undefined)?.spec as { clusterNetwork?: { pods?: { cidrBlocks?: string[] } } } | undefined;

describe('serve --watch: cluster facts from the API', () => {
  let fake: FakeKubeApiServer;
  let watching: Watching | undefined;

  afterEach(async () => {
    await watching?.source.stop();
    watching = undefined;
    await fake?.stop();
  });

  describe('initial lists and readiness', () => {
    it('is not ready, naming every kind, until each initial list lands; then serves the listed objects', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', documentOf(EXAMPLE, 'Cluster'));
      fake.create('nodepools', documentOf(EXAMPLE, 'NodePool'));
      fake.create('clustercidrconfigs', documentOf(EXAMPLE, 'ClusterCIDRConfig'));
      // kube-apiserver leaves apiVersion and kind out of a built-in list's items.
      fake.create('servicecidrs', { metadata: { name: 'kubernetes' }, spec: { cidrs: ['172.16.0.0/20', 'fd12::5:0/116'] } });
      fake.holdLists();
      watching = await startWatching(fake);
      await waitFor('the four lists reached the server', () => fake.waitingLists === 4);
      assert.equal(watching.source.ready(), false);
      assert.deepEqual(watching.source.problems(), [
        'Cluster: waiting for the first list', 'NodePool: waiting for the first list',
        'ClusterCIDRConfig: waiting for the first list', 'ServiceCIDR: waiting for the first list',
      ]);
      assert.deepEqual(watching.source.current().unavailable, ['Cluster', 'NodePool', 'ClusterCIDRConfig', 'ServiceCIDR']);
      fake.releaseLists();
      await waitFor('ready', () => watching?.source.ready() === true);
      await waitFor('the snapshot rebuilt', () => watching?.source.current().unavailable.length === 0);
      const facts = watching.source.current();
      assert.deepEqual(watching.source.problems(), []);
      assert.deepEqual(facts.clusters.map((object) => object.metadata?.name), ['dual-stack']);
      assert.deepEqual(facts.nodePools.map((object) => object.metadata?.name), ['workers']);
      assert.deepEqual(facts.clusterCidrConfigs.map((object) => object.metadata?.name), ['cluster-wide-ranges']);
      assert.equal(facts.serviceCidrs[0]?.apiVersion, 'networking.k8s.io/v1');
      assert.equal(facts.serviceCidrs[0]?.kind, 'ServiceCIDR');
      assert.equal(facts.complete, false);
    });

    it('lists each collection across all namespaces, then watches from the list resourceVersion with bookmarks', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', cluster('one', 'cluster-one'));
      fake.create('clusters', cluster('two', 'cluster-two'));
      watching = await startWatching(fake);
      await waitFor('four watches open', () => fake.openWatches() === 4);
      const [list, watch] = fake.requestsOf('clusters');
      assert.deepEqual([list?.watch, list?.resourceVersion, list?.limit], [false, undefined, '500']);
      assert.deepEqual([watch?.watch, watch?.resourceVersion, watch?.allowWatchBookmarks], [true, '3', 'true']);
      assert.deepEqual(watching.source.current().clusters.map((object) => object.metadata?.namespace), ['cluster-one', 'cluster-two']);
    });

    it('pages through a long list with limit and continue', async () => {
      fake = await FakeKubeApiServer.start();
      for (const name of ['a', 'b', 'c', 'd', 'e']) fake.create('clusters', cluster(name, `ns-${name}`));
      watching = await startWatching(fake, { listPageSize: 2 });
      await waitFor('ready', () => watching?.source.ready() === true);
      await waitFor('five clusters', () => watching?.source.current().clusters.length === 5);
      const lists = fake.requestsOf('clusters').filter((request) => !request.watch);
      assert.equal(lists.length, 3);
      assert.deepEqual(lists.map((request) => [request.limit, request.continue !== undefined]), [['2', false], ['2', true], ['2', true]]);
    });

    it('keeps a kind waiting, with the list failure in problems(), and retries with backoff until a list succeeds', async () => {
      fake = await FakeKubeApiServer.start();
      fake.failLists('nodepools', 500, 1_000);
      watching = await startWatching(fake);
      await waitFor('two failed lists', () => fake.requestsOf('nodepools').filter((request) => request.status === 500).length >= 2);
      assert.equal(watching.source.ready(), false);
      assert.deepEqual(watching.source.problems(), ['NodePool: waiting for the first list (HTTP 500: fake failure 500)']);
      // The same failure again is not logged again.
      assert.equal(watching.log.filter((line) => line.message === 'list failed; retrying with backoff').length, 1);
      fake.failLists('nodepools', 500, 0);
      await waitFor('ready', () => watching?.source.ready() === true);
      assert.deepEqual(watching.source.problems(), []);
    });
  });

  describe('ADDED, MODIFIED and DELETED events', () => {
    it('applies each event to the facts', async () => {
      fake = await FakeKubeApiServer.start();
      watching = await startWatching(fake);
      await waitFor('four watches open', () => fake.openWatches() === 4);
      fake.create('clusters', cluster('one', 'cluster-one'));
      await waitFor('ADDED applied', () => watching?.source.current().clusters.length === 1);
      fake.update('clusters', cluster('one', 'cluster-one', '10.0.0.0/16'));
      await waitFor('MODIFIED applied', () => pods(watching!.source.current())?.clusterNetwork?.pods?.cidrBlocks?.[0] === '10.0.0.0/16');
      fake.remove('clusters', 'cluster-one', 'one');
      await waitFor('DELETED applied', () => watching?.source.current().clusters.length === 0);
      assert.equal(fake.requestsOf('clusters').filter((request) => !request.watch).length, 1);
    });

    it('hands out one frozen snapshot until something changes, so a review only reads', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', cluster('one', 'cluster-one'));
      watching = await startWatching(fake);
      await waitFor('one cluster', () => watching?.source.current().clusters.length === 1);
      const before = watching.source.current();
      assert.equal(watching.source.current(), before);
      assert.ok(Object.isFrozen(before) && Object.isFrozen(before.clusters) && Object.isFrozen(pods(before)?.clusterNetwork?.pods?.cidrBlocks));
      fake.create('clusters', cluster('two', 'cluster-two'));
      await waitFor('two clusters', () => watching?.source.current().clusters.length === 2);
      assert.notEqual(watching.source.current(), before);
      assert.equal(before.clusters.length, 1);
    });
  });

  describe('events that change nothing the facts read', () => {
    /** Waits until the watcher has applied `last`: it resumes a closed watch from the last resourceVersion it applied. */
    async function applied(plural: 'clusters' | 'clustercidrconfigs', last: StoredObject): Promise<void> {
      const resourceVersion = last.metadata.resourceVersion;
      fake.closeWatches(plural);
      await waitFor(`the ${plural} watch resumed from ${resourceVersion}`,
        () => fake.requestsOf(plural).some((request) => request.watch && request.resourceVersion === resourceVersion) && fake.openWatches(plural) === 1);
    }

    /** Every kind listed (the snapshot says so) and watched. */
    async function watched(): Promise<void> {
      await waitFor('four kinds listed and watched', () => fake.openWatches() === 4 && watching?.source.current().unavailable.length === 0);
    }

    const config = (cidr: string): StoredObject => ({
      apiVersion: 'baremetal.cluster.gke.io/v1alpha1', kind: 'ClusterCIDRConfig', metadata: { name: 'ccc', namespace: 'cluster-one' },
      spec: { ipv4: { cidr, perNodeMaskSize: 24 } },
    });

    /** A Cluster and a ClusterCIDRConfig, listed and watched; their snapshot. */
    async function watchingOneOfEach(): Promise<ClusterFacts> {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', cluster('one', 'cluster-one'));
      fake.create('clustercidrconfigs', config('10.0.0.0/16'));
      watching = await startWatching(fake);
      await watched();
      return watching.source.current();
    }

    it('keeps the snapshot, and each object in it, across status, label, annotation, finalizer and resourceVersion changes', async () => {
      const before = await watchingOneOfEach();
      fake.update('clusters', { ...cluster('one', 'cluster-one'), status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } });
      const lastCluster = fake.update('clusters', {
        ...cluster('one', 'cluster-one'),
        metadata: { name: 'one', namespace: 'cluster-one', labels: { team: 'a' }, annotations: { note: 'x' }, finalizers: ['f'], generation: 2 },
      });
      const lastConfig = fake.update('clustercidrconfigs', { ...config('10.0.0.0/16'), status: { allocated: 3 } });
      await applied('clusters', lastCluster);
      await applied('clustercidrconfigs', lastConfig);
      assert.equal(watching!.source.current(), before, 'the same snapshot object');
      // The objects the facts keep are what the rules read: no status, labels or finalizers to go stale.
      assert.deepEqual(before.clusters[0], { ...cluster('one', 'cluster-one') });
    });

    it('replaces the snapshot on a change of spec, keeping the objects that did not change', async () => {
      const before = await watchingOneOfEach();
      fake.update('clustercidrconfigs', config('10.1.0.0/16'));
      await waitFor('the new spec', () => watching?.source.current() !== before);
      const after = watching!.source.current();
      assert.deepEqual(after.clusterCidrConfigs[0]?.spec, config('10.1.0.0/16').spec);
      assert.equal(after.clusters[0], before.clusters[0], 'the unchanged Cluster is the same object (its views are kept)');
    });

    it('keeps the snapshot across a relist (410 Gone) that finds the same objects', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', cluster('one', 'cluster-one'));
      watching = await startWatching(fake);
      await watched();
      const before = watching.source.current();
      fake.update('clusters', { ...cluster('one', 'cluster-one'), status: { phase: 'Running' } });
      fake.expireWatches('clusters');
      await waitFor('relisted', () => fake.requestsOf('clusters').filter((request) => !request.watch).length === 2 && fake.openWatches('clusters') === 1);
      assert.equal(watching.source.current(), before);
    });
  });

  describe('BOOKMARK events', () => {
    it('resumes the next watch from the resourceVersion of the last bookmark', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', cluster('one', 'cluster-one'));
      watching = await startWatching(fake);
      await waitFor('four watches open', () => fake.openWatches() === 4);
      // Changes to other kinds move the resourceVersion on; the Cluster watch only hears of it by bookmark.
      fake.create('nodepools', { metadata: { name: 'workers', namespace: 'cluster-one' }, spec: { clusterName: 'one' } });
      fake.create('nodepools', { metadata: { name: 'more', namespace: 'cluster-one' }, spec: { clusterName: 'one' } });
      fake.bookmark('clusters');
      const bookmarked = fake.resourceVersion;
      fake.closeWatches('clusters');
      await waitFor('the Cluster watch resumed', () => fake.requestsOf('clusters').filter((request) => request.watch).length === 2);
      const watches = fake.requestsOf('clusters').filter((request) => request.watch);
      assert.deepEqual(watches.map((request) => request.resourceVersion), ['2', bookmarked]);
      assert.notEqual(bookmarked, '2');
    });
  });

  describe('dropped connections', () => {
    it('resumes from the last resourceVersion seen, without a relist, and catches up with changes made meanwhile', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', cluster('one', 'cluster-one'));
      watching = await startWatching(fake);
      await waitFor('four watches open', () => fake.openWatches() === 4);
      const restarts = await metricValue('dualstack_webhook_watch_restarts_total', { kind: 'Cluster', reason: 'dropped' });
      fake.dropWatches('clusters');
      fake.update('clusters', cluster('one', 'cluster-one', '10.0.0.0/16'));
      await waitFor('the change made while dropped', () => pods(watching!.source.current())?.clusterNetwork?.pods?.cidrBlocks?.[0] === '10.0.0.0/16');
      const requests = fake.requestsOf('clusters');
      assert.deepEqual(requests.map((request) => [request.watch ? 'watch' : 'list', request.resourceVersion]),
        [['list', undefined], ['watch', '2'], ['watch', '2']]);
      assert.equal(await metricValue('dualstack_webhook_watch_restarts_total', { kind: 'Cluster', reason: 'dropped' }), restarts + 1);
      assert.ok(watching.log.some((line) => line.level === 'warn' && line.fields.kind === 'Cluster' && line.message === 'watch dropped; resuming from the last resourceVersion'));
    });

    it('resumes a watch the server ended (its timeoutSeconds ran out) from the last resourceVersion', async () => {
      fake = await FakeKubeApiServer.start();
      watching = await startWatching(fake);
      await waitFor('four watches open', () => fake.openWatches() === 4);
      fake.create('clusters', cluster('one', 'cluster-one'));
      await waitFor('one cluster', () => watching?.source.current().clusters.length === 1);
      fake.closeWatches('clusters');
      await waitFor('the Cluster watch resumed', () => fake.openWatches('clusters') === 1 && fake.requestsOf('clusters').length === 3);
      assert.deepEqual(fake.requestsOf('clusters').map((request) => [request.watch ? 'watch' : 'list', request.resourceVersion]),
        [['list', undefined], ['watch', '1'], ['watch', '2']]);
    });

    it('abandons a watch the server keeps open past its timeoutSeconds (a stalled connection) and resumes it', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', cluster('one', 'cluster-one'));
      const stalled = await metricValue('dualstack_webhook_watch_restarts_total', { kind: 'Cluster', reason: 'stalled' });
      watching = await startWatching(fake, { watchTimeoutSeconds: 0, watchGraceMs: 30 });
      await waitFor('the Cluster watch abandoned twice', () => fake.requestsOf('clusters').filter((request) => request.watch).length >= 3);
      const watches = fake.requestsOf('clusters').filter((request) => request.watch).slice(0, 3);
      assert.deepEqual(watches.map((request) => request.resourceVersion), ['2', '2', '2']);
      assert.equal(fake.requestsOf('clusters').filter((request) => !request.watch).length, 1);
      assert.ok(await metricValue('dualstack_webhook_watch_restarts_total', { kind: 'Cluster', reason: 'stalled' }) >= stalled + 2);
    });
  });

  describe('410 Gone', () => {
    for (const goneAs of ['status', 'event'] as const) {
      it(`relists after a resumed watch is refused with 410 (${goneAs === 'status' ? 'HTTP status' : 'ERROR event'}) and drops what was deleted meanwhile`, async () => {
        fake = await FakeKubeApiServer.start();
        fake.goneAs = goneAs;
        fake.create('clusters', cluster('one', 'cluster-one'));
        watching = await startWatching(fake);
        await waitFor('four watches open', () => fake.openWatches() === 4);
        const relists = await metricValue('dualstack_webhook_watch_relists_total', { kind: 'Cluster', reason: 'expired' });
        fake.dropWatches('clusters');
        fake.remove('clusters', 'cluster-one', 'one');
        fake.create('clusters', cluster('two', 'cluster-two'));
        fake.compact();
        await waitFor('the relisted view', () => watching?.source.current().clusters.map((object) => object.metadata?.name).join() === 'two');
        const requests = fake.requestsOf('clusters');
        assert.deepEqual(requests.slice(0, 4).map((request) => [request.watch ? 'watch' : 'list', request.status]),
          [['list', 200], ['watch', 200], ['watch', goneAs === 'status' ? 410 : 200], ['list', 200]]);
        assert.equal(await metricValue('dualstack_webhook_watch_relists_total', { kind: 'Cluster', reason: 'expired' }), relists + 1);
      });
    }

    it('relists after an ERROR event carrying 410 on an open watch', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', cluster('one', 'cluster-one'));
      watching = await startWatching(fake);
      await waitFor('four watches open', () => fake.openWatches() === 4);
      const restarts = await metricValue('dualstack_webhook_watch_restarts_total', { kind: 'Cluster', reason: 'gone' });
      fake.expireWatches('clusters');
      await waitFor('relisted and watching again', () => fake.requestsOf('clusters').length === 4 && fake.openWatches('clusters') === 1);
      assert.deepEqual(fake.requestsOf('clusters').map((request) => request.watch ? 'watch' : 'list'), ['list', 'watch', 'list', 'watch']);
      assert.equal(await metricValue('dualstack_webhook_watch_restarts_total', { kind: 'Cluster', reason: 'gone' }), restarts + 1);
      assert.deepEqual(watching.source.current().clusters.map((object) => object.metadata?.name), ['one']);
    });
  });

  describe('a kind whose CRD is missing (404 on list)', () => {
    it('is ready without facts of that kind, names it in problems() and unavailable, logs once and retries slowly', async () => {
      fake = await FakeKubeApiServer.start({ missing: ['clustercidrconfigs'] });
      watching = await startWatching(fake);
      await waitFor('ready', () => watching?.source.ready() === true);
      await waitFor('three lists answered 404', () => fake.requestsOf('clustercidrconfigs').filter((request) => request.status === 404).length >= 3);
      assert.deepEqual(watching.source.problems(),
        ['ClusterCIDRConfig: no facts, the API does not serve clustercidrconfigs.baremetal.cluster.gke.io (404); retrying']);
      assert.deepEqual(watching.source.current().unavailable, ['ClusterCIDRConfig']);
      assert.deepEqual(watching.source.kindStates(), { Cluster: 'synced', NodePool: 'synced', ClusterCIDRConfig: 'missing', ServiceCIDR: 'synced' });
      const logged = watching.log.filter((line) => line.fields.kind === 'ClusterCIDRConfig' && line.level === 'warn');
      assert.equal(logged.length, 1);
      assert.match(logged[0]?.message ?? '', /does not serve this resource \(404/);
    });

    it('picks the kind up once its CRD is installed', async () => {
      fake = await FakeKubeApiServer.start({ missing: ['clustercidrconfigs'] });
      watching = await startWatching(fake);
      await waitFor('ready', () => watching?.source.ready() === true);
      fake.install('clustercidrconfigs');
      fake.create('clustercidrconfigs', documentOf(EXAMPLE, 'ClusterCIDRConfig'));
      await waitFor('the config listed', () => watching?.source.current().clusterCidrConfigs.length === 1);
      assert.deepEqual(watching.source.current().unavailable, []);
      assert.deepEqual(watching.source.problems(), []);
    });

    it('forgets the objects of a kind whose CRD goes away while watched', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', cluster('one', 'cluster-one'));
      watching = await startWatching(fake);
      await waitFor('one cluster', () => watching?.source.current().clusters.length === 1);
      const relists = await metricValue('dualstack_webhook_watch_relists_total', { kind: 'Cluster', reason: 'not-found' });
      fake.uninstall('clusters');
      await waitFor('Cluster unavailable', () => watching?.source.current().unavailable.includes('Cluster') === true);
      assert.deepEqual(watching.source.current().clusters, []);
      assert.equal(watching.source.ready(), true);
      assert.equal(await metricValue('dualstack_webhook_watch_relists_total', { kind: 'Cluster', reason: 'not-found' }), relists + 1);
    });
  });

  describe('metrics', () => {
    it('reports the age of each kind\'s facts: growing while its first list waits, 0 once its watch is open', async () => {
      fake = await FakeKubeApiServer.start();
      fake.holdLists();
      watching = await startWatching(fake);
      await waitFor('the four lists reached the server', () => fake.waitingLists === 4);
      const ageOf = async (kind: string) => metricValue('dualstack_webhook_watch_facts_age_seconds', { kind });
      for (const kind of ['Cluster', 'NodePool', 'ClusterCIDRConfig', 'ServiceCIDR']) assert.ok(await ageOf(kind) > 0, kind);
      fake.releaseLists();
      await waitFor('every age 0', async () => {
        const ages = await Promise.all(['Cluster', 'NodePool', 'ClusterCIDRConfig', 'ServiceCIDR'].map(ageOf));
        return ages.every((age) => age === 0);
      });
    });
  });

  describe('configuration', () => {
    it('refuses a kubeconfig that cannot be read', async () => {
      await assert.rejects(startWatchFactsSource({ kubeconfig: '/nonexistent/kubeconfig' }),
        (error: unknown) => error instanceof WatchConfigurationError && error.message.startsWith('--kubeconfig /nonexistent/kubeconfig: '));
    });

    it('refuses in-cluster configuration outside a cluster', async () => {
      const saved = process.env.KUBERNETES_SERVICE_HOST;
      delete process.env.KUBERNETES_SERVICE_HOST;
      try {
        await assert.rejects(startWatchFactsSource({}), /not running in a cluster \(KUBERNETES_SERVICE_HOST is unset\); give --kubeconfig FILE/);
      } finally {
        if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
      }
    });
  });

  describe('stop()', () => {
    it('ends every watch, also while lists are still waiting', async () => {
      fake = await FakeKubeApiServer.start();
      watching = await startWatching(fake);
      await waitFor('four watches open', () => fake.openWatches() === 4);
      await watching.source.stop();
      await waitFor('the server saw the watches end', () => fake.openWatches() === 0);
      fake.holdLists();
      const second = await startWatching(fake);
      await waitFor('lists waiting', () => fake.waitingLists === 4);
      await second.source.stop();
      assert.equal(second.source.ready(), false);
    });
  });
});
