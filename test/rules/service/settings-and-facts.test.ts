import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, NO_FACTS } from '../../../src/rules/facts.js';
import { FACTS_UNAVAILABLE } from '../../../src/rules/service-rules.js';
import {
  CLUSTERS, V4, V4_RANGE, V6, V6_RANGE, admitted, clusterWith, judge, messages,
} from './service-harness.js';
import { warningLine } from '../../../src/rules/judgement.js';

const SELECTOR = { selector: { app: 'a' } };
const PREFER = { ...DEFAULT_SETTINGS, defaultIpFamilyPolicy: 'PreferDualStack' as const };
const REQUIRE = { ...DEFAULT_SETTINGS, defaultIpFamilyPolicy: 'RequireDualStack' as const };

describe('D16 platform default policy (settings.defaultIpFamilyPolicy)', () => {
  it('writes PreferDualStack and both families on a dual-stack cluster', () => {
    const reached = admitted({ ...SELECTOR }, { settings: PREFER, facts: CLUSTERS['dualstack:v6v4'] });
    assert.equal(reached.ipFamilyPolicy, 'PreferDualStack');
    assert.deepEqual(reached.ipFamilies, ['IPv6', 'IPv4']);
  });

  it('writes RequireDualStack when configured so', () => {
    assert.equal(admitted({ ...SELECTOR }, { settings: REQUIRE }).ipFamilyPolicy, 'RequireDualStack');
  });

  it('admits clusterIPs [v4, v6] without a policy, since the default is no longer SingleStack', () => {
    assert.deepEqual(admitted({ ...SELECTOR, clusterIP: V4, clusterIPs: [V4, V6] }, { settings: PREFER }).ipFamilies, ['IPv4', 'IPv6']);
  });

  it('keeps SingleStack on a single-stack cluster', () => {
    assert.equal(admitted({ ...SELECTOR }, { settings: REQUIRE, facts: CLUSTERS['singlestack:v4'] }).ipFamilyPolicy, 'SingleStack');
  });

  it('never touches an explicit policy, an ExternalName, or a selectorless headless Service', () => {
    assert.equal(admitted({ ...SELECTOR, ipFamilyPolicy: 'SingleStack' }, { settings: PREFER }).ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(judge({ type: 'ExternalName', externalName: 'example.com' }, { settings: PREFER }).patch, []);
    assert.equal(admitted({ clusterIP: 'None' }, { settings: PREFER }).ipFamilyPolicy, 'RequireDualStack');
  });

  it('never applies on UPDATE: the stored policy is inherited', () => {
    const old = { ...SELECTOR, ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], clusterIP: V4, clusterIPs: [V4] };
    assert.equal(admitted({ ...SELECTOR }, { old, settings: PREFER }).ipFamilyPolicy, 'SingleStack');
  });
});

describe('D9 no cluster facts: the Service is judged on its own fields', () => {
  const options = { facts: NO_FACTS };

  it('warns that the facts are unavailable and writes no patch', () => {
    const judgement = judge({ ...SELECTOR }, options);
    assert.deepEqual(judgement.causes, []);
    assert.deepEqual(judgement.warnings.map(warningLine), [`[X-7] ${FACTS_UNAVAILABLE}`]);
    assert.deepEqual(judgement.patch, []);
  });

  it('still denies S-1, S-2, S-5 and S-7', () => {
    assert.equal(judge({ ...SELECTOR, ipFamilies: ['IPv5'] }, options).causes[0]?.rule, 'S-1');
    assert.equal(judge({ ...SELECTOR, clusterIP: V4, clusterIPs: [V4, V6] }, options).causes[0]?.rule, 'S-2');
    assert.equal(judge({ ...SELECTOR, clusterIPs: [V4] }, options).causes[0]?.rule, 'S-5');
    assert.equal(judge({ type: 'ExternalName', ipFamilyPolicy: 'SingleStack' }, options).causes[0]?.rule, 'S-7');
  });

  it('still denies S-8 on UPDATE', () => {
    const old = { ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'], clusterIP: V4, clusterIPs: [V4, V6] };
    assert.equal(judge({ ...SELECTOR, clusterIP: V4, clusterIPs: [V4] }, { ...options, old }).causes[0]?.rule, 'S-8');
  });

  it('does not judge S-3, S-4 or S-6 (they need the service ranges)', () => {
    assert.deepEqual(judge({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', clusterIP: '192.168.0.1', clusterIPs: ['192.168.0.1'] }, options).causes, []);
  });
});

describe('hostile values become field errors, never exceptions', () => {
  const huge = 'x'.repeat(100 * 1024);

  it('reports wrong types through the schema, tagged with the field\'s rule', () => {
    assert.deepEqual(messages(judge({ ipFamilies: 'IPv4', clusterIPs: [1], ipFamilyPolicy: 5, clusterIP: true })), [
      'spec.clusterIP: Invalid value: true: must be of type string [S-5]',
      'spec.clusterIPs[0]: Invalid value: 1: must be of type string [S-5]',
      'spec.ipFamilies: Invalid value: "IPv4": must be of type array [S-1]',
      'spec.ipFamilyPolicy: Invalid value: 5: must be of type string [S-1]',
    ]);
  });

  it('treats null like unset (ipFamilyPolicy: null is defaulted), and a null spec as empty', () => {
    const reached = admitted({ ...SELECTOR, ipFamilyPolicy: null, ipFamilies: null, clusterIPs: null, clusterIP: null });
    assert.equal(reached.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(reached.ipFamilies, ['IPv4']);
    const judgement = judge(null);
    assert.deepEqual(judgement.causes, []);
    assert.deepEqual(judgement.patch, [{ op: 'replace', path: '/spec', value: { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] } }]);
  });

  it('truncates a 100 kB clusterIP or policy in the message', () => {
    const [ip] = messages(judge({ ...SELECTOR, clusterIP: huge }));
    assert.ok(ip?.startsWith(`spec.clusterIPs[0]: Invalid value: "${'x'.repeat(100)}`));
    assert.ok(ip && ip.length < 600, 'message is bounded');
    const [policy] = messages(judge({ ...SELECTOR, ipFamilyPolicy: huge }));
    assert.ok(policy?.includes('...(truncated): supported values: "PreferDualStack", "RequireDualStack", "SingleStack" [S-1]'));
  });

  it('refuses zone IDs, leading zeros and IPv4-mapped IPv6 addresses (D17)', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', clusterIP: '010.0.0.1', clusterIPs: ['010.0.0.1', 'fd00::1%eth0'] })), [
      'spec.clusterIPs[0]: Invalid value: "010.0.0.1": must not have leading 0s [S-5]',
      'spec.clusterIPs[1]: Invalid value: "fd00::1%eth0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff) [S-5]',
    ]);
    assert.deepEqual(messages(judge({ ...SELECTOR, clusterIP: '::ffff:10.0.0.1' })), [
      'spec.clusterIPs[0]: Invalid value: "::ffff:10.0.0.1": must not be an IPv4-mapped IPv6 address [S-5]',
    ]);
  });

  it('bounds a hostile list to one Too many cause; 64 entries still get kube-apiserver\'s per-entry errors', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilies: Array(500000).fill('IPv4'), clusterIP: V4, clusterIPs: Array(100).fill(V4) })), [
      'spec.clusterIPs: Too many: 100: must have at most 64 items [S-5]',
      'spec.ipFamilies: Too many: 500000: must have at most 64 items [S-1]',
    ]);
    const duplicates = judge({ ...SELECTOR, ipFamilies: Array(64).fill('IPv4') }).causes;
    assert.equal(duplicates.length, 63);
    assert.ok(duplicates.every((cause) => cause.reason === 'FieldValueDuplicate' && cause.rule === 'S-1'));
  });

  it('reads wrong types in a malformed old object on UPDATE as unset', () => {
    const unset = judge({ ...SELECTOR }, { old: { ...SELECTOR } });
    assert.deepEqual(judge({ ...SELECTOR }, { old: { ...SELECTOR, clusterIPs: 'x', ipFamilies: 7, ipFamilyPolicy: {} } }), unset);
    assert.deepEqual(unset.causes, []);
    assert.doesNotThrow(() => judge({ ...SELECTOR }, { old: { clusterIPs: 'x', ipFamilies: [null, 3], ipFamilyPolicy: {} } }));
  });
});

describe('D18 which Cluster a Service belongs to', () => {
  const single = clusterWith([V4_RANGE]);
  const dual = { ...clusterWith([V4_RANGE, V6_RANGE]), metadata: { name: 'dual', namespace: 'cluster-dual' } };
  const several = { ...NO_FACTS, clusters: [single, dual] };
  const dualStackRequest = { ...SELECTOR, ipFamilyPolicy: 'RequireDualStack' };

  it('never judges against the first of several: own fields only and an [X-7] warning naming the choice', () => {
    const judgement = judge(dualStackRequest, { facts: several });
    assert.deepEqual([judgement.causes, judgement.patch], [[], []]);
    assert.deepEqual(judgement.warnings.map(warningLine),
      ['[X-7] 2 Clusters in the facts, none chosen: give --cluster NS/NAME; S-3/S-4/S-6 and family defaults skipped']);
  });

  it('judges against the Cluster chosen with --cluster', () => {
    const onDual = judge(dualStackRequest, { facts: several, settings: { ...DEFAULT_SETTINGS, cluster: { namespace: 'cluster-dual', name: 'dual' } } });
    assert.deepEqual([onDual.causes, onDual.warnings.map(warningLine)], [[], []]);
    assert.deepEqual(onDual.patch, [{ op: 'add', path: '/spec/ipFamilies', value: ['IPv4', 'IPv6'] }]);
    const onSingle = judge(dualStackRequest, { facts: several, settings: { ...DEFAULT_SETTINGS, cluster: { namespace: 'cluster-c', name: 'c' } } });
    assert.deepEqual(onSingle.causes.map((cause) => cause.rule), ['S-3']);
  });

  it('warns [X-7] when the chosen Cluster is not in the facts', () => {
    const judgement = judge(dualStackRequest, { facts: several, settings: { ...DEFAULT_SETTINGS, cluster: { namespace: 'x', name: 'y' } } });
    assert.deepEqual(judgement.warnings.map(warningLine), ['[X-7] --cluster x/y: no such Cluster in the facts; S-3/S-4/S-6 and family defaults skipped']);
  });

  it('prefers ServiceCIDR facts over any Cluster, chosen or not', () => {
    const serviceCidr = { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'kubernetes' }, spec: { cidrs: [V6_RANGE, V4_RANGE] } };
    const judgement = judge(dualStackRequest, { facts: { ...several, serviceCidrs: [serviceCidr] } });
    assert.deepEqual([judgement.causes, judgement.warnings.map(warningLine)], [[], []]);
    assert.deepEqual(judgement.patch, [{ op: 'add', path: '/spec/ipFamilies', value: ['IPv6', 'IPv4'] }]);
  });
});
