import assert from 'node:assert/strict';
import {
  CLUSTERS, type ClusterName, type Spec, V4, V6, admitted, causeKeys, judge,
} from './service-harness.js';

// Port of upstream TestCreateInitIPFields (pkg/registry/core/service/storage/storage_test.go): every policy × family
// request on v4-only, v6-only, dual v4v6 and dual v6v4 clusters, plus the ClusterIPs and headless variants.
// Expected: `S:4` = SingleStack [IPv4], `P:6,4` = PreferDualStack [IPv6, IPv4], `R:` = RequireDualStack;
// a list = the causes as `field [rule]`, in kube-apiserver's order.

const POLICY = { S: 'SingleStack', P: 'PreferDualStack', R: 'RequireDualStack' } as const;
const FAMILY = { 4: 'IPv4', 6: 'IPv6' } as const;
const IP = { 4: V4, 6: V6 } as const;

type Expected = string | readonly string[];

function familiesOf(code: string): string[] | undefined {
  return code === '-' ? undefined : code.split(',').map((digit) => FAMILY[digit as '4' | '6']);
}

function expectReached(name: string, spec: Spec, facts: ClusterName, expected: Expected): void {
  if (typeof expected === 'string') {
    const [policy, families] = expected.split(':') as [keyof typeof POLICY, string];
    const reached = admitted(spec, { facts: CLUSTERS[facts] });
    assert.equal(reached.ipFamilyPolicy, POLICY[policy], name);
    assert.deepEqual(reached.ipFamilies, familiesOf(families), name);
  } else {
    assert.deepEqual(causeKeys(judge(spec, { facts: CLUSTERS[facts] })), expected, name);
  }
}

const POLICY_SPEC = 'spec.ipFamilyPolicy';
const FAM = (index: number) => `spec.ipFamilies[${index}]`;
const IPS = (index: number) => `spec.clusterIPs[${index}]`;
const TWO_FAMILIES = [`${POLICY_SPEC} [S-2]`];

// Rows: policy (unset, SingleStack, PreferDualStack, RequireDualStack); columns: families (unset, v4, v6, v4v6, v6v4).
const FAMILY_COLUMNS = ['-', '4', '6', '4,6', '6,4'] as const;
const POLICY_ROWS = ['unset', 'SingleStack', 'PreferDualStack', 'RequireDualStack'] as const;

const FAMILY_MATRIX: Record<ClusterName, Record<(typeof POLICY_ROWS)[number], readonly Expected[]>> = {
  'singlestack:v4': {
    unset: ['S:4', 'S:4', [`${FAM(0)} [S-4]`], TWO_FAMILIES, TWO_FAMILIES],
    SingleStack: ['S:4', 'S:4', [`${FAM(0)} [S-4]`], TWO_FAMILIES, TWO_FAMILIES],
    PreferDualStack: ['P:4', 'P:4', [`${FAM(0)} [S-4]`], [`${FAM(1)} [S-4]`], [`${FAM(0)} [S-4]`]],
    RequireDualStack: [[`${POLICY_SPEC} [S-3]`], [`${POLICY_SPEC} [S-3]`], [`${POLICY_SPEC} [S-3]`, `${FAM(0)} [S-4]`],
      [`${POLICY_SPEC} [S-3]`, `${FAM(1)} [S-4]`], [`${POLICY_SPEC} [S-3]`, `${FAM(0)} [S-4]`]],
  },
  'singlestack:v6': {
    unset: ['S:6', [`${FAM(0)} [S-4]`], 'S:6', TWO_FAMILIES, TWO_FAMILIES],
    SingleStack: ['S:6', [`${FAM(0)} [S-4]`], 'S:6', TWO_FAMILIES, TWO_FAMILIES],
    PreferDualStack: ['P:6', [`${FAM(0)} [S-4]`], 'P:6', [`${FAM(0)} [S-4]`], [`${FAM(1)} [S-4]`]],
    RequireDualStack: [[`${POLICY_SPEC} [S-3]`], [`${POLICY_SPEC} [S-3]`, `${FAM(0)} [S-4]`], [`${POLICY_SPEC} [S-3]`],
      [`${POLICY_SPEC} [S-3]`, `${FAM(0)} [S-4]`], [`${POLICY_SPEC} [S-3]`, `${FAM(1)} [S-4]`]],
  },
  'dualstack:v4v6': {
    unset: ['S:4', 'S:4', 'S:6', TWO_FAMILIES, TWO_FAMILIES],
    SingleStack: ['S:4', 'S:4', 'S:6', TWO_FAMILIES, TWO_FAMILIES],
    PreferDualStack: ['P:4,6', 'P:4,6', 'P:6,4', 'P:4,6', 'P:6,4'],
    RequireDualStack: ['R:4,6', 'R:4,6', 'R:6,4', 'R:4,6', 'R:6,4'],
  },
  'dualstack:v6v4': {
    unset: ['S:6', 'S:4', 'S:6', TWO_FAMILIES, TWO_FAMILIES],
    SingleStack: ['S:6', 'S:4', 'S:6', TWO_FAMILIES, TWO_FAMILIES],
    PreferDualStack: ['P:6,4', 'P:4,6', 'P:6,4', 'P:4,6', 'P:6,4'],
    RequireDualStack: ['R:6,4', 'R:4,6', 'R:6,4', 'R:4,6', 'R:6,4'],
  },
};

// Rows: policy; columns: clusterIPs (v4, v6, v4v6, v6v4), families unset.
const IP_COLUMNS = ['4', '6', '4,6', '6,4'] as const;
const TWO_IPS = `${POLICY_SPEC} [S-2]`;
const IP_MATRIX: Record<ClusterName, Record<(typeof POLICY_ROWS)[number], readonly Expected[]>> = {
  'singlestack:v4': {
    unset: ['S:4', [`${IPS(0)} [S-4]`], [TWO_IPS, `${IPS(1)} [S-4]`], [TWO_IPS, `${IPS(0)} [S-4]`]],
    SingleStack: ['S:4', [`${IPS(0)} [S-4]`], [TWO_IPS, `${IPS(1)} [S-4]`], [TWO_IPS, `${IPS(0)} [S-4]`]],
    PreferDualStack: ['P:4', [`${IPS(0)} [S-4]`], [`${IPS(1)} [S-4]`], [`${IPS(0)} [S-4]`]],
    RequireDualStack: [[`${POLICY_SPEC} [S-3]`], [`${IPS(0)} [S-4]`], [`${IPS(1)} [S-4]`], [`${IPS(0)} [S-4]`]],
  },
  'singlestack:v6': {
    unset: [[`${IPS(0)} [S-4]`], 'S:6', [TWO_IPS, `${IPS(0)} [S-4]`], [TWO_IPS, `${IPS(1)} [S-4]`]],
    SingleStack: [[`${IPS(0)} [S-4]`], 'S:6', [TWO_IPS, `${IPS(0)} [S-4]`], [TWO_IPS, `${IPS(1)} [S-4]`]],
    PreferDualStack: [[`${IPS(0)} [S-4]`], 'P:6', [`${IPS(0)} [S-4]`], [`${IPS(1)} [S-4]`]],
    RequireDualStack: [[`${IPS(0)} [S-4]`], [`${POLICY_SPEC} [S-3]`], [`${IPS(0)} [S-4]`], [`${IPS(1)} [S-4]`]],
  },
  'dualstack:v4v6': {
    unset: ['S:4', 'S:6', [TWO_IPS], [TWO_IPS]],
    SingleStack: ['S:4', 'S:6', [TWO_IPS], [TWO_IPS]],
    PreferDualStack: ['P:4,6', 'P:6,4', 'P:4,6', 'P:6,4'],
    RequireDualStack: ['R:4,6', 'R:6,4', 'R:4,6', 'R:6,4'],
  },
  'dualstack:v6v4': {
    unset: ['S:4', 'S:6', [TWO_IPS], [TWO_IPS]],
    SingleStack: ['S:4', 'S:6', [TWO_IPS], [TWO_IPS]],
    PreferDualStack: ['P:4,6', 'P:6,4', 'P:4,6', 'P:6,4'],
    RequireDualStack: ['R:4,6', 'R:6,4', 'R:4,6', 'R:6,4'],
  },
};

function policySpec(policy: (typeof POLICY_ROWS)[number]): Spec {
  return policy === 'unset' ? {} : { ipFamilyPolicy: policy };
}

describe('S-9 family defaulting on CREATE (upstream TestCreateInitIPFields)', () => {
  for (const cluster of Object.keys(CLUSTERS) as ClusterName[]) {
    describe(cluster, () => {
      for (const policy of POLICY_ROWS) {
        FAMILY_COLUMNS.forEach((families, column) => {
          const expected = FAMILY_MATRIX[cluster][policy][column] as Expected;
          it(`Policy:${policy}_Families:${families} → ${typeof expected === 'string' ? expected : `deny ${expected.join(', ')}`}`, () => {
            const spec: Spec = { selector: { app: 'a' }, ...policySpec(policy) };
            const list = familiesOf(families);
            if (list) spec.ipFamilies = list;
            expectReached(`${cluster} ${policy} ${families}`, spec, cluster, expected);
          });
        });
        IP_COLUMNS.forEach((ips, column) => {
          const expected = IP_MATRIX[cluster][policy][column] as Expected;
          it(`ClusterIPs:${ips}_Policy:${policy} → ${typeof expected === 'string' ? expected : `deny ${expected.join(', ')}`}`, () => {
            const clusterIPs = ips.split(',').map((digit) => IP[digit as '4' | '6']);
            const spec: Spec = { selector: { app: 'a' }, clusterIP: clusterIPs[0], clusterIPs, ...policySpec(policy) };
            expectReached(`${cluster} ${policy} ${ips}`, spec, cluster, expected);
          });
        });
      }
    });
  }
});

describe('KS-7 headless selectorless (surprise 1: dual-stack even on single-stack clusters)', () => {
  const headless = (extra: Spec = {}): Spec => ({ clusterIP: 'None', ...extra });
  const cases: readonly [ClusterName, Spec, Expected][] = [
    ['singlestack:v4', headless(), 'R:4,6'],
    ['singlestack:v6', headless(), 'R:6,4'],
    ['dualstack:v4v6', headless(), 'R:4,6'],
    ['dualstack:v6v4', headless(), 'R:6,4'],
    ['singlestack:v4', headless({ ipFamilyPolicy: 'SingleStack' }), 'S:4'],
    ['singlestack:v4', headless({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv6'] }), 'S:6'],
    ['singlestack:v4', headless({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'] }), [`${POLICY_SPEC} [S-2]`]],
    ['singlestack:v4', headless({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv6'] }), 'P:6,4'],
    ['singlestack:v4', headless({ ipFamilyPolicy: 'RequireDualStack' }), 'R:4,6'],
    ['singlestack:v6', headless({ ipFamilies: ['IPv4', 'IPv6'] }), 'R:4,6'],
  ];
  for (const [cluster, spec, expected] of cases) {
    it(`${cluster} ${JSON.stringify(spec)} → ${String(expected)}`, () => expectReached(cluster, spec, cluster, expected));
  }
});

describe('KS-11 headless with a selector follows the normal rules', () => {
  const headless = (extra: Spec = {}): Spec => ({ clusterIP: 'None', selector: { app: 'a' }, ...extra });
  const cases: readonly [ClusterName, Spec, Expected][] = [
    ['singlestack:v4', headless(), 'S:4'],
    ['dualstack:v6v4', headless(), 'S:6'],
    ['singlestack:v4', headless({ ipFamilyPolicy: 'PreferDualStack' }), 'P:4'],
    ['dualstack:v4v6', headless({ ipFamilyPolicy: 'PreferDualStack' }), 'P:4,6'],
    ['singlestack:v4', headless({ ipFamilyPolicy: 'RequireDualStack' }), [`${POLICY_SPEC} [S-3]`]],
    ['singlestack:v4', headless({ ipFamilies: ['IPv6'] }), [`${FAM(0)} [S-4]`]],
  ];
  for (const [cluster, spec, expected] of cases) {
    it(`${cluster} ${JSON.stringify(spec)} → ${String(expected)}`, () => expectReached(cluster, spec, cluster, expected));
  }
});
