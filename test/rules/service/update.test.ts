import assert from 'node:assert/strict';
import {
  CLUSTERS, type Spec, V4, V4B, V6, V6B, admitted, judge, messages,
} from './service-harness.js';

const SELECTOR = { selector: { app: 'a' } };
const DUAL = CLUSTERS['dualstack:v4v6'];
const V4_ONLY = CLUSTERS['singlestack:v4'];

const SINGLE_OLD: Spec = { ...SELECTOR, type: 'ClusterIP', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], clusterIP: V4, clusterIPs: [V4] };
const DUAL_OLD: Spec = { ...SELECTOR, type: 'ClusterIP', ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'], clusterIP: V4, clusterIPs: [V4, V6] };
const PREFER_SINGLE_OLD: Spec = { ...SINGLE_OLD, ipFamilyPolicy: 'PreferDualStack' };
const PREFER_DUAL_OLD: Spec = { ...DUAL_OLD, ipFamilyPolicy: 'PreferDualStack' };

describe('S-8 update from single-stack (upstream TestUpdateIPsFromSingleStack)', () => {
  it('admits an unchanged PUT with nothing to patch', () => {
    assert.deepEqual(admitted({ ...SINGLE_OLD }, { old: SINGLE_OLD, facts: DUAL }).judgement.patch, []);
  });

  it('admits a PUT that omits every dual-stack field; the policy is inherited and the families re-derived', () => {
    const reached = admitted({ ...SELECTOR }, { old: SINGLE_OLD, facts: DUAL });
    assert.equal(reached.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(reached.ipFamilies, ['IPv4']);
  });

  it('upgrades with PreferDualStack alone (KS-16)', () => {
    assert.deepEqual(admitted({ ...SINGLE_OLD, ipFamilyPolicy: 'PreferDualStack' }, { old: SINGLE_OLD, facts: DUAL }).ipFamilies, ['IPv4', 'IPv6']);
  });

  it('upgrades with RequireDualStack and a chosen secondary IP', () => {
    const reached = admitted({ ...SINGLE_OLD, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'], clusterIPs: [V4, V6] }, { old: SINGLE_OLD, facts: DUAL });
    assert.deepEqual(reached.ipFamilies, ['IPv4', 'IPv6']);
  });

  it('denies a secondary IP outside its range on upgrade (S-6), naming the list', () => {
    assert.deepEqual(messages(judge({ ...SINGLE_OLD, ipFamilyPolicy: 'RequireDualStack', clusterIPs: [V4, '2001::1'] }, { old: SINGLE_OLD, facts: DUAL })), [
      'spec.clusterIPs: Invalid value: ["10.0.0.10","2001::1"]: failed to allocate IP 2001::1: the provided IP (2001::1) is not in the valid range. The range of valid IPs is 2000::/108 [S-6]',
    ]);
  });

  it('does not re-check an unchanged IP against a range that changed since (no allocation on update)', () => {
    const old = { ...SINGLE_OLD, clusterIP: '10.9.0.1', clusterIPs: ['10.9.0.1'] };
    admitted({ ...old }, { old, facts: DUAL });
  });

  it('denies ipFamilies [v4, v6] under the inherited SingleStack (KS-16, S-2)', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilies: ['IPv4', 'IPv6'] }, { old: SINGLE_OLD, facts: DUAL })), [
      "spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified [S-2]",
    ]);
  });

  it('denies RequireDualStack on a single-stack cluster (KS-16, S-3)', () => {
    assert.equal(judge({ ...SINGLE_OLD, ipFamilyPolicy: 'RequireDualStack' }, { old: SINGLE_OLD, facts: V4_ONLY }).causes[0]?.rule, 'S-3');
  });

  it('reports a primary-family change at spec.clusterIPs[0] (single-dual_wrong_order_families, surprise 6)', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] }, { old: SINGLE_OLD, facts: DUAL })), [
      'spec.clusterIPs[0]: Invalid value: "10.0.0.10": expected an IPv6 value as indicated by `ipFamilies[0]` [S-5]',
    ]);
  });

  it('denies a new primary IP on upgrade at clusterIPs[0] and ipFamilies[0] (single-dual_wrong_order_ips, KS-18)', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', clusterIP: V6, clusterIPs: [V6, V4B] }, { old: SINGLE_OLD, facts: DUAL })), [
      'spec.clusterIPs[0]: Invalid value: ["2000::10","10.0.0.11"]: may not change once set [S-8]',
      'spec.ipFamilies[0]: Invalid value: ["2000::10","10.0.0.11"]: may not change once set [S-8]',
    ]);
  });

  it('denies changing the single IP (equal lengths)', () => {
    assert.deepEqual(messages(judge({ ...SINGLE_OLD, clusterIP: V4B, clusterIPs: [V4B] }, { old: SINGLE_OLD, facts: DUAL })), [
      'spec.clusterIPs[0]: Invalid value: ["10.0.0.11"]: may not change once set [S-8]',
    ]);
  });
});

describe('S-8 update from dual-stack (upstream TestUpdateIPsFromDualStack, TestUpgradeDowngrade)', () => {
  it('admits an unchanged PUT', () => {
    assert.deepEqual(admitted({ ...DUAL_OLD }, { old: DUAL_OLD, facts: DUAL }).judgement.patch, []);
  });

  it('downgrades when only the policy becomes SingleStack; the apiserver trims both lists (KS-14, surprise 4)', () => {
    const reached = admitted({ ...DUAL_OLD, ipFamilyPolicy: 'SingleStack' }, { old: DUAL_OLD, facts: DUAL });
    assert.equal(reached.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(reached.ipFamilies, ['IPv4']);
  });

  it('downgrades with SingleStack and both lists shortened explicitly', () => {
    admitted({ ...DUAL_OLD, ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'], clusterIPs: [V4] }, { old: DUAL_OLD, facts: DUAL });
  });

  it('denies dropping the secondary under PreferDualStack, cluster-IP message first (KS-15)', () => {
    assert.deepEqual(messages(judge({ ...DUAL_OLD, ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'], clusterIPs: [V4] }, { old: DUAL_OLD, facts: DUAL })), [
      "spec.ipFamilyPolicy: Invalid value: \"PreferDualStack\": must be 'SingleStack' to release the secondary cluster IP [S-8]",
      "spec.ipFamilyPolicy: Invalid value: \"PreferDualStack\": must be 'SingleStack' to release the secondary IP family [S-8]",
    ]);
  });

  it('denies dropping the secondary with the policy omitted: it is inherited (surprise 3)', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilies: ['IPv4'], clusterIP: V4, clusterIPs: [V4] }, { old: DUAL_OLD, facts: DUAL })), [
      "spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": must be 'SingleStack' to release the secondary cluster IP [S-8]",
      "spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": must be 'SingleStack' to release the secondary IP family [S-8]",
    ]);
  });

  it('denies SingleStack with the primary family switched at clusterIPs[0] (dual-single_wrong_order)', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] }, { old: DUAL_OLD, facts: DUAL })), [
      'spec.clusterIPs[0]: Invalid value: "10.0.0.10": expected an IPv6 value as indicated by `ipFamilies[0]` [S-5]',
    ]);
  });

  it('denies changing the secondary IP', () => {
    assert.deepEqual(messages(judge({ ...DUAL_OLD, clusterIPs: [V4, V6B] }, { old: DUAL_OLD, facts: DUAL })), [
      'spec.clusterIPs[1]: Invalid value: ["10.0.0.10","2000::11"]: may not change once set [S-8]',
    ]);
  });

  it('denies SingleStack with a changed 2-entry list (KS-14 trims only identical lists; KS-5 fails instead)', () => {
    assert.equal(judge({ ...DUAL_OLD, ipFamilyPolicy: 'SingleStack', clusterIPs: [V4, V6B] }, { old: DUAL_OLD, facts: DUAL }).causes[0]?.rule, 'S-2');
  });
});

describe('S-8 PreferDualStack is sticky (KS-17, surprise 5; TestPreferDualStack, TestUpgradeServicePreferToDualStack)', () => {
  it('keeps [IPv4] after the cluster became dual-stack when the PUT repeats everything, with no patch', () => {
    const reached = admitted({ ...PREFER_SINGLE_OLD }, { old: PREFER_SINGLE_OLD, facts: DUAL });
    assert.deepEqual(reached.ipFamilies, ['IPv4']);
    assert.deepEqual(reached.judgement.patch, []);
  });

  it('upgrades a PUT that omits ipFamilies, and writes the families the apiserver reaches', () => {
    const { ipFamilies, ...withoutFamilies } = PREFER_SINGLE_OLD;
    assert.ok(ipFamilies);
    const reached = admitted(withoutFamilies, { old: PREFER_SINGLE_OLD, facts: DUAL });
    assert.deepEqual(reached.ipFamilies, ['IPv4', 'IPv6']);
  });

  it('never writes an inherited PreferDualStack alone: that would freeze a service the apiserver upgrades', () => {
    const { ipFamilyPolicy, ...withoutPolicy } = PREFER_SINGLE_OLD;
    assert.ok(ipFamilyPolicy);
    const reached = admitted(withoutPolicy, { old: PREFER_SINGLE_OLD, facts: DUAL });
    // kube-apiserver: nil policy → not sticky → inherits PreferDualStack → appends IPv6.
    assert.equal(reached.ipFamilyPolicy, 'PreferDualStack');
    assert.deepEqual(reached.ipFamilies, ['IPv4', 'IPv6']);
  });

  it('keeps [IPv4, IPv6] after the cluster became single-stack (TestDowngradeServicePreferFromDualStack)', () => {
    assert.deepEqual(admitted({ ...PREFER_DUAL_OLD }, { old: PREFER_DUAL_OLD, facts: V4_ONLY }).ipFamilies, ['IPv4', 'IPv6']);
  });

  it('denies the same PUT without ipFamilies there: the IPv6 IP is re-checked against the cluster', () => {
    const { ipFamilies, ...withoutFamilies } = PREFER_DUAL_OLD;
    assert.ok(ipFamilies);
    assert.deepEqual(messages(judge(withoutFamilies, { old: PREFER_DUAL_OLD, facts: V4_ONLY })), [
      'spec.clusterIPs[1]: Invalid value: ["10.0.0.10","2000::10"]: IPv6 is not configured on this cluster [S-4]',
    ]);
  });

  it('downgrades a PreferDualStack service only with an explicit SingleStack', () => {
    assert.deepEqual(admitted({ ...PREFER_DUAL_OLD, ipFamilyPolicy: 'SingleStack' }, { old: PREFER_DUAL_OLD, facts: V4_ONLY }).ipFamilies, ['IPv4']);
  });
});

describe('KS-20 legacy stored objects (defaultOnReadIPFamilies)', () => {
  it('reads a single-IP object without families as SingleStack [family of its IP]', () => {
    const old = { ...SELECTOR, clusterIP: V6 };
    const reached = admitted({ ...SELECTOR, clusterIP: V6 }, { old, facts: CLUSTERS['dualstack:v4v6'] });
    assert.equal(reached.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(reached.ipFamilies, ['IPv6']);
  });

  it('reads a two-IP object as RequireDualStack, so dropping one needs SingleStack', () => {
    const old = { ...SELECTOR, clusterIP: V4, clusterIPs: [V4, V6] };
    assert.equal(judge({ ...SELECTOR, clusterIP: V4, clusterIPs: [V4] }, { old, facts: DUAL }).causes[0]?.message,
      "Invalid value: \"RequireDualStack\": must be 'SingleStack' to release the secondary cluster IP [S-8]");
  });

  it('reads a selectorless headless object as RequireDualStack [primary, other] on any cluster', () => {
    const old = { clusterIP: 'None' };
    const reached = admitted({ clusterIP: 'None' }, { old, facts: V4_ONLY });
    assert.equal(reached.ipFamilyPolicy, 'RequireDualStack');
    assert.deepEqual(reached.ipFamilies, ['IPv4', 'IPv6']);
  });
});

describe('KS-18 headless updates', () => {
  it('lets a headless service change its family (surprise 7)', () => {
    const old = { ...SELECTOR, clusterIP: 'None', clusterIPs: ['None'], ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] };
    assert.deepEqual(admitted({ ...old, ipFamilies: ['IPv6'] }, { old, facts: DUAL }).ipFamilies, ['IPv6']);
  });

  it('denies turning a headful service headless at spec.clusterIPs[0]', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, clusterIP: 'None' }, { old: SINGLE_OLD, facts: DUAL })), [
      'spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set [S-8]',
    ]);
  });

  it('keeps upstream quirks: family changes reported once at index 0; "primary ipFamily can not be unset" reads clusterIPs (surprise 8)', () => {
    const old = { ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] };
    assert.deepEqual(messages(judge({ ...old, ipFamilies: ['IPv6', 'IPv4'] }, { old, facts: DUAL })), [
      'spec.ipFamilies[0]: Invalid value: ["IPv6","IPv4"]: may not change once set [S-8]',
    ]);
    assert.deepEqual(messages(judge({ ...old, ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'] }, { old, facts: DUAL })), [
      'spec.ipFamilies[0]: Invalid value: ["IPv4"]: primary ipFamily can not be unset [S-8]',
    ]);
  });
});

describe('KS-19 type transitions (TestConvertToFromExternalName, TestFeatureType)', () => {
  const EXTERNAL = { type: 'ExternalName', externalName: 'example.com' };

  it('admits an old client turning a ClusterIP service into ExternalName: clears clusterIP, resends the rest', () => {
    const judgement = judge({ ...DUAL_OLD, ...EXTERNAL, clusterIP: '' }, { old: DUAL_OLD, facts: DUAL });
    assert.deepEqual(judgement.causes, []);
    assert.deepEqual(judgement.patch, []);
  });

  it('denies a change of ipFamilies in the same request (kept, then forbidden)', () => {
    assert.deepEqual(messages(judge({ ...DUAL_OLD, ...EXTERNAL, clusterIP: '', ipFamilies: ['IPv6', 'IPv4'] }, { old: DUAL_OLD, facts: DUAL })), [
      'spec.ipFamilies: Forbidden: may not be set for ExternalName services [S-7]',
    ]);
  });

  it('treats ExternalName → ClusterIP like a create (SingleStack [primary])', () => {
    const reached = admitted({ ...SELECTOR, type: 'ClusterIP' }, { old: { ...EXTERNAL }, facts: CLUSTERS['dualstack:v6v4'] });
    assert.equal(reached.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(reached.ipFamilies, ['IPv6']);
  });

  it('checks requested IPs of an ExternalName → ClusterIP change against the range', () => {
    assert.equal(judge({ ...SELECTOR, type: 'ClusterIP', clusterIP: '192.168.0.1' }, { old: { ...EXTERNAL }, facts: DUAL }).causes[0]?.rule, 'S-6');
  });
});
