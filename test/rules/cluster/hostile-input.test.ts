import assert from 'node:assert/strict';
import fc from 'fast-check';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { type Judgement, warningLine } from '../../../src/rules/judgement.js';
import { create, docCluster, docNodePool, factsWith, judgePool, update } from './support.js';

const HUGE = 'x'.repeat(100_000);

/** Paths into the documentation's Cluster where a hostile value is dropped. */
const CLUSTER_PATHS = [
  [], ['spec'], ['metadata'], ['metadata', 'annotations'], ['spec', 'type'], ['spec', 'clusterNetwork'],
  ['spec', 'clusterNetwork', 'pods', 'cidrBlocks'], ['spec', 'clusterNetwork', 'pods', 'cidrBlocks', 0],
  ['spec', 'clusterNetwork', 'services', 'cidrBlocks', 1], ['spec', 'clusterNetwork', 'flatIPv4'],
  ['spec', 'controlPlane', 'nodePoolSpec', 'nodes'], ['spec', 'controlPlane', 'nodePoolSpec', 'nodes', 0],
  ['spec', 'controlPlane', 'nodePoolSpec', 'nodes', 0, 'address'], ['spec', 'controlPlane', 'loadBalancer'],
  ['spec', 'loadBalancer'], ['spec', 'loadBalancer', 'mode'], ['spec', 'loadBalancer', 'vips', 'controlPlaneVIP'],
  ['spec', 'loadBalancer', 'addressPools'], ['spec', 'loadBalancer', 'addressPools', 0],
  ['spec', 'loadBalancer', 'addressPools', 0, 'addresses', 1], ['spec', 'loadBalancer', 'addressPools', 0, 'name'],
  ['spec', 'loadBalancer', 'bgpPeers'], ['spec', 'loadBalancer', 'nodePoolSpec'], ['spec', 'nodeConfig', 'podDensity', 'maxPodsPerNode'],
] as const;

const HOSTILE_VALUES: unknown[] = [
  null, undefined, 0, -1, 3.5, 1e308, true, '', HUGE, [], [null], {}, { length: 5 }, '010.2.0.1', 'fe80::1%eth0',
  '::ffff:10.0.0.0/104', '10.2.0.1/33', 'FD12::5:0/116', '10.2.0.212 - 10.2.0.221', '1.2.3.4-::1', ['10.0.0.0/8', HUGE],
  [{ address: HUGE }], [{ name: null, addresses: [HUGE, null] }], { mode: 'bundled', addressPools: 'x' },
];

function placed(path: readonly (string | number)[], value: unknown): unknown {
  const cluster = docCluster() as Record<string, unknown>;
  if (path.length === 0) return value;
  let cursor: Record<string | number, unknown> = cluster;
  for (const key of path.slice(0, -1)) {
    if (typeof cursor[key] !== 'object' || cursor[key] === null) cursor[key] = {};
    cursor = cursor[key] as Record<string | number, unknown>;
  }
  cursor[path[path.length - 1] as string | number] = value;
  return cluster;
}

function assertFieldErrorsOnly(judgement: Judgement): void {
  for (const cause of judgement.causes) {
    assert.equal(typeof cause.field, 'string');
    assert.match(cause.message, /\[(C-\d+|X-\d+|SCHEMA)\]$/);
    assert.ok(cause.message.length < 2_000, `message of ${cause.message.length} characters: ${cause.field} ${cause.message.slice(0, 200)}`);
  }
  for (const warning of judgement.warnings.map(warningLine)) assert.ok(warning.length < 120);
}

describe('hostile input to judgeCluster and judgeNodePool (errors are values)', () => {
  it('answers every hostile value at every path with field errors, on CREATE and as an UPDATE\'s old or new object', () => {
    for (const path of CLUSTER_PATHS) {
      for (const value of HOSTILE_VALUES) {
        const hostile = placed(path, value);
        const facts = factsFromDocuments([hostile, docNodePool()], true);
        assertFieldErrorsOnly(create(hostile, { facts }));
        assertFieldErrorsOnly(update(hostile, docCluster(), { facts }));
        assertFieldErrorsOnly(update(docCluster(), hostile, { facts }));
        // The hostile Cluster as a fact beside a NodePool under review.
        assertFieldErrorsOnly(judgePool(docNodePool(), facts));
      }
    }
  });

  it('denies each hostile address with a field error, never an exception', () => {
    const judgement = create(placed(['spec', 'controlPlane', 'nodePoolSpec', 'nodes'], [
      { address: '010.2.0.1' }, { address: 'fe80::1%eth0' }, { address: '::ffff:10.2.0.9' }, { address: HUGE },
    ]));
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.rule]), [
      ['spec.controlPlane.nodePoolSpec.nodes[3].address', 'C-38'],
    ]);
    assert.ok(judgement.causes[0]?.message.includes('must be no more than 64 characters'));
    assert.ok((judgement.causes[0]?.message.length ?? 0) < 400);
    const parsed = create(placed(['spec', 'controlPlane', 'nodePoolSpec', 'nodes'], [
      { address: '010.2.0.1' }, { address: 'fe80::1%eth0' }, { address: '::ffff:10.2.0.9' },
    ]));
    assert.deepEqual(parsed.causes.map((cause) => cause.message.replace(/^Invalid value: "[^"]*": /, '')), [
      'must not have leading 0s in IP address [C-38]',
      'must not have an IPv6 zone ID [C-38]',
      'must not be an IPv4-mapped IPv6 address [C-38]',
    ]);
  });

  it('treats ::ffff:10.0.0.0/104 as no IPv6 service range', () => {
    const judgement = create(placed(['spec', 'clusterNetwork', 'services', 'cidrBlocks'], ['172.16.0.0/20', '::ffff:10.0.0.0/104']));
    assert.deepEqual(judgement.causes.map((cause) => [cause.field, cause.rule]), [['spec.clusterNetwork.services.cidrBlocks[1]', 'C-16']]);
  });

  it('answers hostile NodePools with field errors', () => {
    for (const value of HOSTILE_VALUES) {
      for (const pool of [value, { spec: value }, { spec: { clusterName: 'dual-stack', nodes: value } },
        { spec: { clusterName: 'dual-stack', nodes: [value] } }, { spec: { clusterName: 'dual-stack', nodes: [{ address: value }] } }]) {
        assertFieldErrorsOnly(judgePool(pool, factsWith(docCluster(), [pool])));
      }
    }
  });

  it('never throws on random JSON anywhere in the Cluster (property)', () => {
    fc.assert(fc.property(fc.constantFrom(...CLUSTER_PATHS), fc.jsonValue(), (path, value) => {
      const hostile = placed(path, value);
      assertFieldErrorsOnly(create(hostile));
      assertFieldErrorsOnly(update(hostile, docCluster()));
    }), { numRuns: 300 });
  });
});
