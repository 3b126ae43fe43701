import assert from 'node:assert/strict';
import fc from 'fast-check';
import { judgeClusterCidrConfig } from '../../../src/rules/cluster-cidr-config-rules.js';
import { DEFAULT_SETTINGS, type ClusterFacts } from '../../../src/rules/facts.js';
import { clusterCrossObjectRules, nodePoolCrossObjectRules } from '../../../src/rules/cross-object-rules.js';
import { type Cluster, type ClusterCidrConfig, type NodePool } from '../../../src/rules/objects.js';
import { type Operation, runRules } from '../../../src/rules/rule.js';
import { DOC_SPEC, NAMESPACE, docFacts } from './support.js';
import { warningLine } from '../../../src/rules/judgement.js';

// Values shaped like the fields the rules read, mixed with hostile ones, so the rules get past the schema often.
const cidrText = fc.oneof(
  fc.constantFrom('192.168.0.0/16', '192.168.1.0/24', 'fd12::1:0/112', 'fd12::4:0/112', '10.2.0.0/24', '010.2.0.1/16',
    '::ffff:10.0.0.0/104', 'fe80::1%eth0/64', 'FD12::/64', '0.0.0.0/0', '::/0'),
  fc.string(),
);
const block = fc.record({ cidr: cidrText, perNodeMaskSize: fc.oneof(fc.integer({ min: 0, max: 128 }), fc.anything()) }, { requiredKeys: [] });
const spec = fc.oneof(
  fc.record({
    ipv4: fc.oneof(block, fc.anything()),
    ipv6: fc.oneof(block, fc.anything()),
    nodeSelector: fc.oneof(
      fc.record({ matchLabels: fc.dictionary(fc.constantFrom('baremetal.cluster.gke.io/node-pool', 'baremetal.cluster.gke.io/k8s-ip', 'x'), fc.constantFrom('workers', '10.2.0.5', '')) }),
      fc.anything(),
    ),
  }, { requiredKeys: [] }),
  fc.anything(),
);
const config = fc.record({
  apiVersion: fc.constant('baremetal.cluster.gke.io/v1alpha1'),
  kind: fc.constant('ClusterCIDRConfig'),
  metadata: fc.oneof(fc.record({ name: fc.constantFrom('a', 'b'), namespace: fc.constantFrom(NAMESPACE, 'other') }), fc.anything()),
  spec,
}, { requiredKeys: [] });

describe('judgeClusterCidrConfig is total', () => {
  it('never throws on any config, old config or junk in the facts, and never denies a DELETE', () => {
    const base = docFacts({ extra: [{ ...docFacts().clusters[0], metadata: { namespace: 'other' }, spec: { clusterNetwork: { pods: 'x' } } }] });
    fc.assert(fc.property(
      config, fc.option(config), fc.array(fc.oneof(config, fc.anything()), { maxLength: 3 }),
      fc.constantFrom<Operation>('CREATE', 'UPDATE', 'DELETE'), fc.boolean(),
      (object, oldObject, junk, operation, complete) => {
        const facts: ClusterFacts = {
          ...base, complete, clusterCidrConfigs: [...base.clusterCidrConfigs, ...(junk as ClusterCidrConfig[])],
        };
        const judgement = judgeClusterCidrConfig({
          object: object as ClusterCidrConfig, oldObject: (oldObject ?? undefined) as ClusterCidrConfig | undefined,
          operation, facts, settings: DEFAULT_SETTINGS,
        });
        if (operation === 'DELETE') assert.deepEqual(judgement.causes, []);
        for (const warning of judgement.warnings.map(warningLine)) assert.ok(warning.length < 120, warning);
        for (const cause of judgement.causes) assert.match(cause.message, / \[(R|X)-\d+\]$| \[SCHEMA\]$/);
      },
    ), { numRuns: 400 });
  });

  it('judges the documentation ranges and its Cluster and NodePool alike whatever junk sits in the facts', () => {
    fc.assert(fc.property(fc.array(fc.oneof(config, fc.anything()), { maxLength: 4 }), fc.array(fc.anything(), { maxLength: 3 }), (junkConfigs, junk) => {
      const base = docFacts({ complete: true });
      const facts: ClusterFacts = {
        ...base,
        clusters: [...base.clusters, ...(junk as Cluster[])],
        nodePools: [...base.nodePools, ...(junk as NodePool[])],
        clusterCidrConfigs: [...base.clusterCidrConfigs, ...(junkConfigs as ClusterCidrConfig[])],
      };
      const settings = DEFAULT_SETTINGS;
      const judgement = judgeClusterCidrConfig({
        object: { apiVersion: 'baremetal.cluster.gke.io/v1alpha1', kind: 'ClusterCIDRConfig', metadata: { name: 'c', namespace: NAMESPACE }, spec: DOC_SPEC },
        operation: 'CREATE', facts, settings,
      });
      assert.deepEqual(judgement.causes, []);
      const [cluster] = base.clusters;
      const [pool] = base.nodePools;
      assert.ok(cluster && pool);
      runRules(clusterCrossObjectRules, { object: cluster, operation: 'CREATE', facts, settings });
      runRules(nodePoolCrossObjectRules, { object: pool, operation: 'CREATE', facts, settings });
    }), { numRuns: 200 });
  });
});
