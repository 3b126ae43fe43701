import assert from 'node:assert/strict';
import { NO_FACTS } from '../../../src/rules/facts.js';
import {
  CLUSTERS, V4, V4B, V6, V6B, admitted, judge, messages,
} from './service-harness.js';

const SELECTOR = { selector: { app: 'a' } };

// Kubernetes 1.33+ style: the `kubernetes` ServiceCIDR (primary first) and an extra range added later (UPD).
const SERVICE_CIDR_FACTS = {
  ...NO_FACTS,
  serviceCidrs: [
    { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'extra' }, spec: { cidrs: ['10.2.0.0/16'] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'kubernetes' }, spec: { cidrs: ['10.0.0.0/16', '2000::/108'] } },
  ],
};

describe('S-1 ipFamilyPolicy and ipFamilies values (KS-4)', () => {
  it('admits the three policies and both families', () => {
    for (const ipFamilyPolicy of ['SingleStack', 'PreferDualStack', 'RequireDualStack']) admitted({ ...SELECTOR, ipFamilyPolicy, ipFamilies: ['IPv4'] });
  });

  it('denies an unknown family at spec.ipFamilies[i] with the supported values', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv5'] })), [
      'spec.ipFamilies[1]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6" [S-1]',
    ]);
  });

  it('denies a repeated family as a Duplicate value', () => {
    const judgement = judge({ ...SELECTOR, ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6', 'IPv6'] });
    assert.deepEqual(messages(judgement), ['spec.ipFamilies[1]: Duplicate value: "IPv6" [S-1]']);
    assert.equal(judgement.causes[0]?.reason, 'FieldValueDuplicate');
  });

  it('reports a 3rd family only as duplicate or unsupported (no length check)', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6', 'IPv4'] })), [
      'spec.ipFamilies[2]: Duplicate value: "IPv4" [S-1]',
    ]);
  });

  it('denies an unknown policy, sorted supported values, and reports it with the other KS-4 errors', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'DualStack', ipFamilies: ['IPv5'] })), [
      'spec.ipFamilies[0]: Unsupported value: "IPv5": supported values: "IPv4", "IPv6" [S-1]',
      'spec.ipFamilyPolicy: Unsupported value: "DualStack": supported values: "PreferDualStack", "RequireDualStack", "SingleStack" [S-1]',
    ]);
  });
});

describe('S-2 SingleStack with two of anything (KS-5)', () => {
  it('denies clusterIPs [v4, v6] without a policy on a dual-stack cluster (surprise 2)', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, clusterIP: V4, clusterIPs: [V4, V6] })), [
      "spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified [S-2]",
    ]);
  });

  it('gives the cluster-IP message first when both lists have two entries', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'SingleStack', clusterIP: V4, clusterIPs: [V4, V6], ipFamilies: ['IPv4', 'IPv6'] })), [
      "spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified [S-2]",
      "spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified [S-2]",
    ]);
  });

  it('admits the same request with RequireDualStack', () => {
    const reached = admitted({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', clusterIP: V4, clusterIPs: [V4, V6] });
    assert.deepEqual(reached.ipFamilies, ['IPv4', 'IPv6']);
  });
});

describe('S-3 RequireDualStack needs a dual-stack cluster (KS-8)', () => {
  it('denies it on a v4-only cluster with the exact message', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack' }, { facts: CLUSTERS['singlestack:v4'] })), [
      'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services [S-3]',
    ]);
  });

  it('applies to NodePort and LoadBalancer too', () => {
    for (const type of ['NodePort', 'LoadBalancer']) {
      assert.equal(judge({ ...SELECTOR, type, ipFamilyPolicy: 'RequireDualStack' }, { facts: CLUSTERS['singlestack:v4'] }).causes[0]?.rule, 'S-3');
    }
  });

  it('admits it on a dual-stack cluster', () => {
    assert.deepEqual(admitted({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack' }).ipFamilies, ['IPv4', 'IPv6']);
  });
});

describe('S-4 every family must be configured (KS-6, KS-9)', () => {
  it('denies a requested family at spec.ipFamilies[i]', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilies: ['IPv6'] }, { facts: CLUSTERS['singlestack:v4'] })), [
      'spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster [S-4]',
    ]);
  });

  it('denies the family of a requested IP at spec.clusterIPs[i], naming the list', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, clusterIP: V6, clusterIPs: [V6] }, { facts: CLUSTERS['singlestack:v4'] })), [
      'spec.clusterIPs[0]: Invalid value: ["2000::10"]: IPv6 is not configured on this cluster [S-4]',
    ]);
  });

  it('does not relax for PreferDualStack: an explicit second family is rejected (surprise 9)', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] }, { facts: CLUSTERS['singlestack:v4'] })), [
      'spec.ipFamilies[1]: Invalid value: "IPv6": not configured on this cluster [S-4]',
    ]);
  });

  it('collects KS-8 and KS-9 together, policy first', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'] }, { facts: CLUSTERS['singlestack:v4'] })), [
      'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services [S-3]',
      'spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster [S-4]',
    ]);
  });

  it('admits PreferDualStack on a single-stack cluster as one family (KS-10 fallback)', () => {
    assert.deepEqual(admitted({ ...SELECTOR, ipFamilyPolicy: 'PreferDualStack' }, { facts: CLUSTERS['singlestack:v4'] }).ipFamilies, ['IPv4']);
  });
});

describe('S-5 clusterIPs shape (KS-4, KS-11; upstream TestCreateInvalidClusterIPInputs)', () => {
  const cases: readonly [string, Record<string, unknown>, string[]][] = [
    ['clusterIPs without clusterIP', { clusterIPs: [V4] },
      ['spec.clusterIPs: Invalid value: ["10.0.0.10"]: must be empty when `clusterIP` is not specified [S-5]']],
    ['clusterIP not first in clusterIPs', { clusterIP: V4B, clusterIPs: [V4, V6], ipFamilyPolicy: 'RequireDualStack' },
      ['spec.clusterIPs: Invalid value: ["10.0.0.10","2000::10"]: first value must match `clusterIP` [S-5]']],
    ['an invalid IP', { clusterIP: 'invalid', clusterIPs: ['invalid'] },
      ['spec.clusterIPs[0]: Invalid value: "invalid": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff) [S-5]']],
    ['None not alone', { clusterIP: 'None', clusterIPs: ['None', V4], ipFamilyPolicy: 'RequireDualStack' },
      ['spec.clusterIPs: Invalid value: ["None","10.0.0.10"]: \'None\' must be the first and only value [S-5]']],
    ['None second', { clusterIP: V4, clusterIPs: [V4, 'None'], ipFamilyPolicy: 'RequireDualStack' },
      ['spec.clusterIPs[1]: Invalid value: "None": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff) [S-5]']],
    ['three IPs', { clusterIP: V4, clusterIPs: [V4, V6, V4B], ipFamilyPolicy: 'RequireDualStack' },
      ['spec.clusterIPs: Invalid value: ["10.0.0.10","2000::10","10.0.0.11"]: may only hold up to 2 values [S-5]']],
    ['two IPv4', { clusterIP: V4, clusterIPs: [V4, V4B], ipFamilyPolicy: 'RequireDualStack' },
      ['spec.clusterIPs: Invalid value: ["10.0.0.10","10.0.0.11"]: may specify no more than one IP for each IP family [S-5]']],
    ['two IPv6', { clusterIP: V6, clusterIPs: [V6, V6B], ipFamilyPolicy: 'RequireDualStack' },
      ['spec.clusterIPs: Invalid value: ["2000::10","2000::11"]: may specify no more than one IP for each IP family [S-5]']],
    ['IP against its family', { clusterIP: V4, clusterIPs: [V4, V6], ipFamilies: ['IPv6', 'IPv4'], ipFamilyPolicy: 'RequireDualStack' }, [
      'spec.clusterIPs[0]: Invalid value: "10.0.0.10": expected an IPv6 value as indicated by `ipFamilies[0]` [S-5]',
      'spec.clusterIPs[1]: Invalid value: "2000::10": expected an IPv4 value as indicated by `ipFamilies[1]` [S-5]',
    ]],
    ['a headless NodePort', { type: 'NodePort', clusterIP: 'None' },
      ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services [S-5]']],
    ['a headless LoadBalancer', { type: 'LoadBalancer', clusterIP: 'None' },
      ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services [S-5]']],
  ];
  for (const [name, spec, expected] of cases) {
    it(`denies ${name}`, () => assert.deepEqual(messages(judge({ ...SELECTOR, ...spec })), expected));
  }

  it('reports a clusterIP set without clusterIPs only after normalization (old clients are fine)', () => {
    assert.deepEqual(admitted({ ...SELECTOR, clusterIP: V4 }).ipFamilies, ['IPv4']);
  });

  it('admits a headless ClusterIP with a selector and gives it no IP', () => {
    assert.deepEqual(admitted({ ...SELECTOR, clusterIP: 'None' }).ipFamilies, ['IPv4']);
  });
});

describe('S-6 a requested clusterIP lies in its family\'s service range (allocator, KS-21)', () => {
  it('denies an IP outside the range with the allocator\'s words', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, clusterIP: '192.168.1.1', clusterIPs: ['192.168.1.1'] })), [
      'spec.clusterIPs: Invalid value: ["192.168.1.1"]: failed to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.0.0.0/16 [S-6]',
    ]);
  });

  it('pads the list with the allocator\'s "" markers for families still to allocate', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, ipFamilyPolicy: 'RequireDualStack', clusterIP: '2001::1', clusterIPs: ['2001::1'] })), [
      'spec.clusterIPs: Invalid value: ["2001::1",""]: failed to allocate IP 2001::1: the provided IP (2001::1) is not in the valid range. The range of valid IPs is 2000::/108 [S-6]',
    ]);
  });

  it('refuses the network and IPv4 broadcast addresses', () => {
    for (const ip of ['10.0.0.0', '10.0.255.255', '2000::']) assert.equal(judge({ ...SELECTOR, clusterIP: ip, clusterIPs: [ip] }).causes[0]?.rule, 'S-6', ip);
    admitted({ ...SELECTOR, clusterIP: '10.0.255.254', clusterIPs: ['10.0.255.254'] });
  });

  it('keeps to the first 2^16 IPv6 addresses with services.cidrBlocks (bitmap allocator), not with ServiceCIDRs', () => {
    admitted({ ...SELECTOR, clusterIP: '2000::ffff', clusterIPs: ['2000::ffff'] });
    assert.deepEqual(messages(judge({ ...SELECTOR, clusterIP: '2000::1:0', clusterIPs: ['2000::1:0'] })), [
      'spec.clusterIPs: Invalid value: ["2000::1:0"]: failed to allocate IP 2000::1:0: the provided IP (2000::1:0) is not in the valid range. The range of valid IPs is 2000::/108 [S-6]',
    ]);
    admitted({ ...SELECTOR, clusterIP: '2000::f:ffff', clusterIPs: ['2000::f:ffff'] }, { facts: SERVICE_CIDR_FACTS });
  });

  it('with ServiceCIDR objects, refuses an IP outside all of them as the multi-CIDR allocator does', () => {
    assert.deepEqual(messages(judge({ ...SELECTOR, clusterIP: '10.1.0.1', clusterIPs: ['10.1.0.1'] }, { facts: SERVICE_CIDR_FACTS })), [
      'spec.clusterIPs: Invalid value: ["10.1.0.1"]: failed to allocate IP 10.1.0.1: the provided network does not match the current range [S-6]',
    ]);
    admitted({ ...SELECTOR, clusterIP: '10.2.0.1', clusterIPs: ['10.2.0.1'] }, { facts: SERVICE_CIDR_FACTS });
    // servicecidr.PrefixContainsIP: a ServiceCIDR does not hold its network or IPv4 broadcast address (kube-apiserver
    // 1.37.2 answers so for a real create; found by test/e2e/service-oracle).
    for (const edge of ['10.2.255.255', '10.2.0.0']) {
      assert.equal(judge({ ...SELECTOR, clusterIP: edge, clusterIPs: [edge] }, { facts: SERVICE_CIDR_FACTS }).causes[0]?.message,
        `Invalid value: ["${edge}"]: failed to allocate IP ${edge}: the provided network does not match the current range [S-6]`);
    }
    // The dry-run allocator refuses them as outside its (first) range.
    assert.equal(judge({ ...SELECTOR, clusterIP: '10.0.0.0', clusterIPs: ['10.0.0.0'] }, { facts: SERVICE_CIDR_FACTS, dryRun: true }).causes[0]?.message,
      'Invalid value: ["10.0.0.0"]: failed to allocate IP 10.0.0.0: the provided IP (10.0.0.0) is not in the valid range. The range of valid IPs is 10.0.0.0/16 [S-6]');
  });

  it('in a dry run, refuses an IP outside every ServiceCIDR as the dry-run allocator does (its family\'s first range)', () => {
    // kube-apiserver 1.37.2, POST ?dryRun=All: MetaAllocator.DryRun() has no ErrMismatchedNetwork (found by test/e2e/service-oracle).
    const outside = { ...SELECTOR, clusterIP: '10.1.0.1', clusterIPs: ['10.1.0.1'] };
    assert.deepEqual(messages(judge(outside, { facts: SERVICE_CIDR_FACTS, dryRun: true })), [
      'spec.clusterIPs: Invalid value: ["10.1.0.1"]: failed to allocate IP 10.1.0.1: the provided IP (10.1.0.1) is not in the valid range. The range of valid IPs is 10.0.0.0/16 [S-6]',
    ]);
    admitted({ ...SELECTOR, clusterIP: '10.2.0.1', clusterIPs: ['10.2.0.1'] }, { facts: SERVICE_CIDR_FACTS, dryRun: true });
    // The bitmap allocators (services.cidrBlocks) answer a dry run in the same words as a real request.
    assert.deepEqual(messages(judge({ ...SELECTOR, clusterIP: '10.1.0.1', clusterIPs: ['10.1.0.1'] }, { dryRun: true })),
      messages(judge({ ...SELECTOR, clusterIP: '10.1.0.1', clusterIPs: ['10.1.0.1'] })));
  });

  it('in a dry run, admits at validation the placeholders kube-apiserver allocated (each range\'s network address)', () => {
    // kube-apiserver 1.37.2, `kubectl apply --dry-run=server` of a Service without clusterIP: the validating webhook
    // sees clusterIPs ["10.0.0.0"] (allocateNext returns the CIDR's IP in a dry run; found by test/e2e/admission-scenarios).
    const placeholder = { ...SELECTOR, clusterIP: '10.0.0.0', clusterIPs: ['10.0.0.0'] };
    admitted(placeholder, { facts: SERVICE_CIDR_FACTS, dryRun: true, phase: 'validating' });
    admitted(placeholder, { dryRun: true, phase: 'validating' });
    // Requested as such, before allocation, the dry-run allocator refuses it (see above), and a real request too.
    assert.equal(judge(placeholder, { facts: SERVICE_CIDR_FACTS, dryRun: true, phase: 'mutating' }).causes[0]?.rule, 'S-6');
    assert.equal(judge(placeholder, { facts: SERVICE_CIDR_FACTS, phase: 'validating' }).causes[0]?.rule, 'S-6');
  });

  it('admits IPs inside both ranges', () => {
    assert.deepEqual(admitted({ ...SELECTOR, ipFamilyPolicy: 'PreferDualStack', clusterIP: V6, clusterIPs: [V6, V4] }).ipFamilies, ['IPv6', 'IPv4']);
  });
});

describe('S-7 ExternalName (KS-2; upstream TestCreateIgnoresIPsForExternalName)', () => {
  const EXTERNAL = { type: 'ExternalName', externalName: 'example.com' };
  it('admits an ExternalName and leaves policy and families unset (no patch)', () => {
    const judgement = judge(EXTERNAL);
    assert.deepEqual(judgement.causes, []);
    assert.deepEqual(judgement.patch, []);
  });

  it('denies clusterIP (copied into clusterIPs), ipFamilies and ipFamilyPolicy, in that order', () => {
    assert.deepEqual(messages(judge({ ...EXTERNAL, clusterIP: '1.2.3.4', ipFamilies: ['IPv5'], ipFamilyPolicy: 'Bogus' })), [
      'spec.clusterIPs: Forbidden: may not be set for ExternalName services [S-7]',
      'spec.ipFamilies: Forbidden: may not be set for ExternalName services [S-7]',
      'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services [S-7]',
    ]);
  });

  it('denies clusterIP None on an ExternalName at spec.clusterIPs', () => {
    assert.deepEqual(messages(judge({ ...EXTERNAL, clusterIP: 'None' })), ['spec.clusterIPs: Forbidden: may not be set for ExternalName services [S-7]']);
  });
});
