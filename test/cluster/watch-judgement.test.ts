import assert from 'node:assert/strict';
import { type ClusterFacts, DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import { type Judgement, warningLine } from '../../src/rules/judgement.js';
import { type Operation } from '../../src/rules/rule.js';
import { judgeObject, registrationFor } from '../../src/rules/registry.js';
import { FakeKubeApiServer, type Plural, type StoredObject } from './fake-kube-api-server.js';
import { documentOf, startWatching, type Watching } from './watch-harness.js';
import { waitFor } from './wait-for.js';

/**
 * docs/rules.md D9 and X-7 with `serve --watch`: the rules that need the owning Cluster, its NodePools, the other configs and
 * the cluster's ServiceCIDRs judge with facts that arrived by list and watch from the (fake) API.
 */
const EXAMPLE = 'examples/dual-stack-cluster.yaml';

function judge(object: StoredObject, facts: ClusterFacts, operation: Operation = 'CREATE'): Judgement {
  const registration = registrationFor(object.apiVersion, object.kind);
  if (registration === undefined) throw new Error(`no registration for ${object.kind}`);
  return judgeObject({ registration, object, operation, facts, settings: DEFAULT_SETTINGS });
}

function causesOf(judgement: Judgement): string[] {
  return judgement.causes.map((cause) => `${cause.rule} ${cause.field}: ${cause.message}`);
}

function exampleCluster(): StoredObject {
  return documentOf(EXAMPLE, 'Cluster');
}

function exampleConfig(): StoredObject {
  return documentOf(EXAMPLE, 'ClusterCIDRConfig');
}

function withSpec(object: StoredObject, change: (spec: Record<string, any>) => void): StoredObject {
  const copy = structuredClone(object);
  change(copy.spec as Record<string, any>);
  return copy;
}

function service(spec: Record<string, unknown>): StoredObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec },
  };
}

describe('rules judged with cluster facts from the watch (D9, X-7)', () => {
  let fake: FakeKubeApiServer;
  let watching: Watching | undefined;

  async function watch(options: { missing?: Plural[] } = {}): Promise<Watching> {
    watching = await startWatching(fake);
    await waitFor('ready', () => watching?.source.ready() === true);
    await waitFor('four watches open', () => fake.openWatches() === 4 - (options.missing?.length ?? 0));
    return watching;
  }

  const facts = () => (watching as Watching).source.current();

  afterEach(async () => {
    await watching?.source.stop();
    watching = undefined;
    await fake?.stop();
  });

  describe('R-1/X-1 a ClusterCIDRConfig needs a Cluster in its namespace', () => {
    const X7 = '[X-7] no Cluster in the facts: give --cluster-config with its Cluster; R-1, R-9, R-10, R-15, X-5, X-6 skipped';

    it('warns [X-7] while the API holds no Cluster at all, denies R-1 while only another namespace has one, admits once its Cluster arrived', async () => {
      fake = await FakeKubeApiServer.start();
      await watch();
      const before = judge(exampleConfig(), facts());
      assert.deepEqual([causesOf(before), before.warnings.map(warningLine).filter((warning) => warning.startsWith('[X-7]'))], [[], [X7]]);
      const elsewhere = structuredClone(exampleCluster());
      elsewhere.metadata = { ...elsewhere.metadata, namespace: 'cluster-other', name: 'other' };
      fake.create('clusters', elsewhere);
      await waitFor('the other Cluster arrived', () => facts().clusters.length === 1);
      assert.deepEqual(causesOf(judge(exampleConfig(), facts())), [
        'R-1 metadata.namespace: Invalid value: "cluster-dual-stack": no Cluster found in namespace "cluster-dual-stack"; '
          + 'a ClusterCIDRConfig must be in its Cluster\'s namespace (Clusters found in: "cluster-other") [R-1]',
      ]);
      fake.create('clusters', exampleCluster());
      await waitFor('the Cluster arrived', () => facts().clusters.length === 2);
      assert.deepEqual(causesOf(judge(exampleConfig(), facts())), []);
    });

    it('warns [X-7] again, without denying, after the only Cluster is DELETED', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      await watch();
      assert.deepEqual(causesOf(judge(exampleConfig(), facts())), []);
      fake.remove('clusters', 'cluster-dual-stack', 'dual-stack');
      await waitFor('the Cluster is gone', () => facts().clusters.length === 0);
      const judgement = judge(exampleConfig(), facts());
      assert.deepEqual([causesOf(judgement), judgement.warnings.map(warningLine).filter((warning) => warning.startsWith('[X-7]'))], [[], [X7]]);
    });

    it('denies the config when the API has no Cluster CRD: the facts say Cluster is unavailable', async () => {
      fake = await FakeKubeApiServer.start({ missing: ['clusters'] });
      await watch({ missing: ['clusters'] });
      assert.deepEqual(facts().unavailable, ['Cluster']);
      assert.deepEqual(causesOf(judge(exampleConfig(), facts())), [
        'R-1 metadata.namespace: Invalid value: "cluster-dual-stack": cannot confirm a Cluster in namespace "cluster-dual-stack": '
          + 'cluster facts are unavailable [R-1]',
      ]);
    });
  });

  describe('R-10 island IPv4 config equals the Cluster pod CIDR', () => {
    it('judges by the changed Cluster after a MODIFIED event', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      await watch();
      assert.deepEqual(causesOf(judge(exampleConfig(), facts())), []);
      fake.update('clusters', withSpec(exampleCluster(), (spec) => { spec.clusterNetwork.pods.cidrBlocks = ['10.96.0.0/16']; }));
      await waitFor('the MODIFIED Cluster', () => JSON.stringify(facts().clusters[0]).includes('10.96.0.0/16'));
      assert.deepEqual(causesOf(judge(exampleConfig(), facts())), [
        'R-10 spec.ipv4.cidr: Invalid value: "192.168.0.0/16": must equal the pod CIDR 10.96.0.0/16 of Cluster "dual-stack" '
          + '(spec.clusterNetwork.pods.cidrBlocks[0]) in IPv4 island mode when nodeSelector is empty [R-10]',
      ]);
    });
  });

  describe('R-15 ipv6 needs a dual-stack Cluster', () => {
    it('denies the IPv6 block once the watched Cluster loses its IPv6 service range', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      await watch();
      fake.update('clusters', withSpec(exampleCluster(), (spec) => { spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/20']; }));
      await waitFor('the MODIFIED Cluster', () => !JSON.stringify(facts().clusters[0]).includes('fd12::5:0/116'));
      const judgement = judge(exampleConfig(), facts());
      assert.deepEqual(judgement.causes.map((cause) => [cause.rule, cause.field]), [['R-15', 'spec.ipv6']]);
      assert.match(judgement.causes[0]?.message ?? '', /Cluster "dual-stack" is not dual-stack/);
    });
  });

  describe('X-5 pod ranges do not overlap the Cluster\'s other addresses', () => {
    it('denies a config over a watched NodePool\'s node address, admits it once the NodePool moved away', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      const pool = documentOf(EXAMPLE, 'NodePool');
      fake.create('nodepools', withSpec(pool, (spec) => { spec.nodes = [{ address: '192.168.7.7' }]; }));
      await watch();
      const judgement = judge(exampleConfig(), facts());
      assert.deepEqual(judgement.causes.map((cause) => [cause.rule, cause.field]), [['X-5', 'spec.ipv4.cidr']]);
      assert.match(judgement.causes[0]?.message ?? '', /must not overlap the node address 192\.168\.7\.7/);
      fake.update('nodepools', pool);
      await waitFor('the MODIFIED NodePool', () => JSON.stringify(facts().nodePools[0]).includes('10.2.0.5'));
      assert.deepEqual(causesOf(judge(exampleConfig(), facts())), []);
    });

    it('denies a config over the watched Cluster\'s service range', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', withSpec(exampleCluster(), (spec) => { spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/20', 'fd12::1:0/116']; }));
      await watch();
      const judgement = judge(exampleConfig(), facts());
      assert.deepEqual(judgement.causes.map((cause) => [cause.rule, cause.field]), [['X-5', 'spec.ipv6.cidr']]);
      assert.match(judgement.causes[0]?.message ?? '', /must not overlap the service range fd12::1:0\/116/);
    });
  });

  describe('X-6 config capacity against the nodes it serves', () => {
    it('warns while the watched NodePool has more nodes than the config has node blocks, not after it shrank', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      const pool = documentOf(EXAMPLE, 'NodePool');
      fake.create('nodepools', pool);
      await watch();
      const forWorkers: StoredObject = {
        apiVersion: 'baremetal.cluster.gke.io/v1alpha1',
        kind: 'ClusterCIDRConfig',
        metadata: { name: 'workers-ranges', namespace: 'cluster-dual-stack' },
        spec: {
          nodeSelector: { matchLabels: { 'baremetal.cluster.gke.io/node-pool': 'workers' } },
          ipv4: { cidr: '192.168.1.0/24', perNodeMaskSize: 24 },
          ipv6: { cidr: 'fd12::1:0/120', perNodeMaskSize: 120 },
        },
      };
      const before = judge(forWorkers, facts());
      assert.deepEqual(causesOf(before), []);
      assert.ok(before.warnings.map(warningLine).some((warning) => warning.startsWith('[X-6]') && warning.includes('for 2 nodes')), before.warnings.map(warningLine).join('\n'));
      fake.update('nodepools', withSpec(pool, (spec) => { spec.nodes = [{ address: '10.2.0.5' }]; }));
      await waitFor('the MODIFIED NodePool', () => !JSON.stringify(facts().nodePools[0]).includes('10.2.0.6'));
      assert.deepEqual(judge(forWorkers, facts()).warnings.map(warningLine).filter((warning) => warning.startsWith('[X-6]')), []);
    });
  });

  describe('Services: the cluster\'s ServiceCIDRs first, then the Cluster\'s service ranges (D18)', () => {
    const ipv4Only = { metadata: { name: 'kubernetes' }, spec: { cidrs: ['172.16.0.0/20'] } };
    const dualStack = { metadata: { name: 'kubernetes' }, spec: { cidrs: ['172.16.0.0/20', 'fd12::5:0/116'] } };

    it('S-3 denies RequireDualStack while the watched ServiceCIDRs are IPv4 only, although the Cluster is dual-stack', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      fake.create('servicecidrs', ipv4Only);
      await watch();
      const judgement = judge(service({ ipFamilyPolicy: 'RequireDualStack' }), facts());
      assert.deepEqual(judgement.causes.map((cause) => [cause.rule, cause.field]), [['S-3', 'spec.ipFamilyPolicy']]);
      assert.match(judgement.causes[0]?.message ?? '', /this cluster is not configured for dual-stack services/);
    });

    it('S-3 admits RequireDualStack once the ServiceCIDR is MODIFIED to dual-stack', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      fake.create('servicecidrs', ipv4Only);
      await watch();
      fake.update('servicecidrs', dualStack);
      await waitFor('the MODIFIED ServiceCIDR', () => JSON.stringify(facts().serviceCidrs).includes('fd12::5:0/116'));
      assert.deepEqual(causesOf(judge(service({ ipFamilyPolicy: 'RequireDualStack' }), facts())), []);
    });

    it('S-3 falls back to the Cluster\'s service ranges when the API serves no ServiceCIDRs (404, before 1.33)', async () => {
      fake = await FakeKubeApiServer.start({ missing: ['servicecidrs'] });
      fake.create('clusters', exampleCluster());
      await watch({ missing: ['servicecidrs'] });
      assert.deepEqual(facts().unavailable, ['ServiceCIDR']);
      assert.deepEqual(causesOf(judge(service({ ipFamilyPolicy: 'RequireDualStack' }), facts())), []);
      fake.update('clusters', withSpec(exampleCluster(), (spec) => { spec.clusterNetwork.services.cidrBlocks = ['172.16.0.0/20']; }));
      await waitFor('the MODIFIED Cluster', () => !JSON.stringify(facts().clusters[0]).includes('fd12::5:0/116'));
      assert.deepEqual(judge(service({ ipFamilyPolicy: 'RequireDualStack' }), facts()).causes.map((cause) => cause.rule), ['S-3']);
    });

    it('S-4 denies a family the watched ServiceCIDRs do not configure', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      fake.create('servicecidrs', ipv4Only);
      await watch();
      const judgement = judge(service({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] }), facts());
      assert.deepEqual(judgement.causes.map((cause) => [cause.rule, cause.field]), [['S-4', 'spec.ipFamilies[0]']]);
      assert.match(judgement.causes[0]?.message ?? '', /not configured on this cluster/);
    });

    it('S-6 denies a clusterIP outside the watched ServiceCIDR, admits one inside', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      fake.create('servicecidrs', dualStack);
      await watch();
      const outside = judge(service({ clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10'] }), facts());
      assert.deepEqual(outside.causes.map((cause) => [cause.rule, cause.field]), [['S-6', 'spec.clusterIPs']]);
      assert.match(outside.causes[0]?.message ?? '', /failed to allocate IP 10\.0\.0\.10: the provided network does not match the current range/);
      assert.deepEqual(causesOf(judge(service({ clusterIP: '172.16.0.10', clusterIPs: ['172.16.0.10'] }), facts())), []);
    });

    it('S-10 warns about a dual-stack LoadBalancer once the watched Cluster\'s pools lose IPv6', async () => {
      fake = await FakeKubeApiServer.start();
      fake.create('clusters', exampleCluster());
      await watch();
      const loadBalancer = service({ type: 'LoadBalancer', ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] });
      assert.deepEqual(judge(loadBalancer, facts()).warnings.map(warningLine).filter((warning) => warning.startsWith('[S-10]')), []);
      fake.update('clusters', withSpec(exampleCluster(), (spec) => { spec.loadBalancer.addressPools[0].addresses = ['10.2.0.212-10.2.0.221']; }));
      await waitFor('the MODIFIED Cluster', () => !JSON.stringify(facts().clusters[0]).includes('fd12::4:101'));
      const judgement = judge(loadBalancer, facts());
      assert.deepEqual(causesOf(judgement), []);
      assert.equal(judgement.warnings.map(warningLine).filter((warning) => warning.startsWith('[S-10]')).length, 1, judgement.warnings.map(warningLine).join('\n'));
    });
  });
});
