import assert from 'node:assert/strict';
import { type ClusterFacts } from '../../../src/rules/facts.js';
import { type AddressPool, type Cluster } from '../../../src/rules/objects.js';
import {
  DOCUMENTATION_FACTS, type Spec, admitted, exampleDocuments, judge,
} from './service-harness.js';
import { warningLine } from '../../../src/rules/judgement.js';

function withPools(pools: AddressPool[], mode: 'bundled' | 'manual' = 'bundled'): ClusterFacts {
  const cluster = structuredClone(DOCUMENTATION_FACTS.clusters[0]) as Cluster & { spec: { loadBalancer: NonNullable<NonNullable<Cluster['spec']>['loadBalancer']> } };
  cluster.spec.loadBalancer.addressPools = pools;
  cluster.spec.loadBalancer.mode = mode;
  return { ...DOCUMENTATION_FACTS, clusters: [cluster] };
}

const DUAL_LB: Spec = { selector: { app: 'a' }, type: 'LoadBalancer', ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] };
const V4_POOL = { name: 'pool-1', addresses: ['10.2.0.212-10.2.0.221'] };
const V6_MANUAL_POOL = { name: 'pool-6', addresses: ['fd12::4:101-fd12::4:110'], manualAssign: true };
const V6_POOL = { name: 'pool-6', addresses: ['fd12::4:101-fd12::4:110'] };
const requestedSpec = (exampleDocuments('test/fixtures/service/lb-service-requested-ips.yaml')[0] as { spec: Spec }).spec;
const REQUESTED_ANNOTATIONS = { annotations: { 'metallb.universe.tf/loadBalancerIPs': '10.2.0.215, fd12::4:105' } };

describe('S-10 dual-stack LoadBalancer needs an automatic pool per family', () => {
  it('does not warn on the documentation cluster (pool-1 holds both families)', () => {
    assert.deepEqual(admitted(DUAL_LB, { facts: DOCUMENTATION_FACTS }).judgement.warnings.map(warningLine), []);
  });

  it('warns when no pool holds IPv6', () => {
    assert.deepEqual(judge(DUAL_LB, { facts: withPools([V4_POOL]) }).warnings.map(warningLine), [
      '[S-10] no address pool hands out IPv6 addresses automatically: no IPv6 external IP for this Service',
    ]);
  });

  it('warns when the only IPv6 pool is manualAssign, unless the Service asks for an address in it', () => {
    assert.equal(judge(DUAL_LB, { facts: withPools([V4_POOL, V6_MANUAL_POOL]) }).warnings.map(warningLine)[0]?.startsWith('[S-10]'), true);
    assert.deepEqual(judge(requestedSpec, { facts: withPools([V4_POOL, V6_MANUAL_POOL]), metadata: REQUESTED_ANNOTATIONS }).warnings.map(warningLine), []);
  });

  it('warns for a PreferDualStack Service once its families are defaulted', () => {
    assert.equal(judge({ ...DUAL_LB, ipFamilyPolicy: 'PreferDualStack', ipFamilies: undefined }, { facts: withPools([V4_POOL]) }).warnings.map(warningLine).length, 1);
  });

  it('stays silent for manual load balancing, a loadBalancerClass, or a ClusterIP Service', () => {
    assert.deepEqual(judge(DUAL_LB, { facts: withPools([V4_POOL], 'manual') }).warnings.map(warningLine), []);
    assert.deepEqual(judge({ ...DUAL_LB, loadBalancerClass: 'example.com/lb' }, { facts: withPools([V4_POOL]) }).warnings.map(warningLine), []);
    assert.deepEqual(judge({ ...DUAL_LB, type: 'ClusterIP' }, { facts: withPools([V4_POOL]) }).warnings.map(warningLine), []);
  });
});

describe('S-11 requested LoadBalancer addresses', () => {
  it('admits requests inside the pools (annotation, one per family)', () => {
    assert.deepEqual(judge(requestedSpec, { facts: withPools([V4_POOL, V6_POOL]), metadata: REQUESTED_ANNOTATIONS }).warnings.map(warningLine), []);
  });

  it('warns for a loadBalancerIP outside every pool', () => {
    assert.deepEqual(judge({ ...DUAL_LB, loadBalancerIP: '10.2.0.50' }, { facts: DOCUMENTATION_FACTS }).warnings.map(warningLine), [
      "[S-11] loadBalancerIP 10.2.0.50 is in no address pool: the bundled load balancer can't assign it",
    ]);
  });

  it('warns for an address of a family the Service does not have, and for one that is not an IP', () => {
    const single = { ...DUAL_LB, ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] };
    assert.deepEqual(judge(single, { facts: DOCUMENTATION_FACTS, metadata: { annotations: { 'metallb.universe.tf/loadBalancerIPs': 'fd12::4:105,10.2.0.300' } } }).warnings.map(warningLine), [
      '[S-11] loadBalancerIPs fd12::4:105 is IPv6 but the Service has only IPv4',
      '[S-11] loadBalancerIPs "10.2.0.300" is not a valid IP address',
    ]);
  });

  it('warns about the first 3 of a hostile annotation listing 200,000 addresses, and admits the Service', () => {
    const addresses = Array.from({ length: 200000 }, (_, index) => `10.9.${(index >> 8) & 255}.${index & 255}`).join(',');
    const judgement = judge(DUAL_LB, { facts: DOCUMENTATION_FACTS, metadata: { annotations: { 'metallb.universe.tf/loadBalancerIPs': addresses } } });
    assert.deepEqual(judgement.causes, []);
    assert.deepEqual(judgement.warnings.map(warningLine), ['10.9.0.0', '10.9.0.1', '10.9.0.2'].map((ip) =>
      `[S-11] loadBalancerIPs ${ip} is in no address pool: the bundled load balancer can't assign it`));
  });
});

describe('the documentation\'s Services on the documentation cluster', () => {
  for (const file of ['examples/my-cip-service.yaml', 'examples/my-lb-service.yaml']) {
    it(`admits ${file} with no patch and no warning (RequireDualStack [IPv6, IPv4] already given)`, () => {
      const [document] = exampleDocuments(file) as { spec: Spec; metadata: Record<string, unknown> }[];
      assert.ok(document);
      const reached = admitted(document.spec, { facts: DOCUMENTATION_FACTS, metadata: document.metadata });
      assert.deepEqual(reached.judgement.patch, []);
      assert.deepEqual(reached.judgement.warnings.map(warningLine), []);
      assert.deepEqual(reached.ipFamilies, ['IPv6', 'IPv4']);
    });
  }
});
