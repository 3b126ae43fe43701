import assert from 'node:assert/strict';
import { type CheckResult } from '../../src/cli/check/check-judge.js';
import { formatJson, formatText } from '../../src/cli/check/check-output.js';

const BASE = {
  file: 'web.yaml', index: 0, line: 1, apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web',
  judged: true, operation: 'CREATE', allowed: true, causes: [], warnings: [], patch: [],
} as const satisfies CheckResult;

const DENIED: CheckResult = {
  ...BASE,
  index: 2,
  line: 14,
  allowed: false,
  causes: [{
    reason: 'FieldValueInvalid',
    field: 'spec.ipFamilyPolicy',
    message: 'Invalid value: "SingleStack": must be \'RequireDualStack\' or \'PreferDualStack\' when multiple IP families are specified [S-2]',
    rule: 'S-2',
    line: 17, column: 19, endLine: 17, endColumn: 30,
  }],
};
const W = { rule: 'S-10', message: '[S-10] no IPv6 pool address for a dual-stack LoadBalancer', line: 1, column: 1, endLine: 1, endColumn: 2 } as const;
/** W as the judgement carries it (a value); W is how JSON writes it. */
const WARNING = { ...W, field: '', message: 'no IPv6 pool address for a dual-stack LoadBalancer' } as const;

describe('check output', () => {
  describe('text', () => {
    it('prints PASS with kind, namespace/name and file:line, then the summary', () => {
      assert.equal(formatText([BASE]), 'PASS Service shop/web web.yaml:1\n1 object: 1 PASS, 0 WARN, 0 DENY, 0 SKIP\n');
    });

    it('prints DENY and each cause as "  file:line:col field: message [RULE-ID]"', () => {
      assert.equal(formatText([DENIED]),
        'DENY Service shop/web web.yaml:14\n'
        + '  web.yaml:17:19 spec.ipFamilyPolicy: Invalid value: "SingleStack": must be \'RequireDualStack\' or \'PreferDualStack\' when multiple IP families are specified [S-2]\n'
        + '1 object: 0 PASS, 0 WARN, 1 DENY, 0 SKIP; causes S-2 x1\n');
    });

    it('prints WARN when admitted with warnings, each as "  file:line:col Warning: [RULE-ID] text"', () => {
      const result: CheckResult = { ...BASE, warnings: [WARNING] };
      assert.equal(formatText([result]),
        'WARN Service shop/web web.yaml:1\n  web.yaml:1:1 Warning: [S-10] no IPv6 pool address for a dual-stack LoadBalancer\n'
        + '1 object: 0 PASS, 1 WARN, 0 DENY, 0 SKIP\n');
    });

    it('--quiet prints only WARN and DENY objects and the summary', () => {
      assert.equal(formatText([BASE, { ...BASE, judged: false }, DENIED], { quiet: true }).split('\n')[0], 'DENY Service shop/web web.yaml:14');
      assert.equal(formatText([BASE], { quiet: true }), '1 object: 1 PASS, 0 WARN, 0 DENY, 0 SKIP\n');
    });

    it('prints the patch a mutating webhook would apply', () => {
      const result: CheckResult = { ...BASE, patch: [{ op: 'add', path: '/spec/ipFamilyPolicy', value: 'PreferDualStack' }, { op: 'remove', path: '/spec/x' }] };
      assert.equal(formatText([result]),
        'PASS Service shop/web web.yaml:1\n  patch: add /spec/ipFamilyPolicy "PreferDualStack"\n  patch: remove /spec/x\n'
        + '1 object: 1 PASS, 0 WARN, 0 DENY, 0 SKIP\n');
    });

    it('prints SKIP for unpoliced kinds, the bare name without a namespace, items of a List, and UPDATE', () => {
      const results: CheckResult[] = [
        { ...BASE, kind: 'Namespace', namespace: '', name: 'shop', judged: false },
        { ...BASE, index: 1, item: 3, line: 2 },
        { ...BASE, operation: 'UPDATE' },
        { ...BASE, kind: '', name: '', judged: false },
      ];
      assert.equal(formatText(results),
        'SKIP Namespace shop web.yaml:1\n'
        + 'PASS Service shop/web web.yaml:2\n'
        + 'PASS Service shop/web web.yaml:1 (UPDATE)\n'
        + 'SKIP (no kind) shop/(no name) web.yaml:1\n'
        + '4 objects: 2 PASS, 0 WARN, 0 DENY, 2 SKIP\n');
    });

    it('prints only the summary for no results', () => {
      assert.equal(formatText([]), '0 objects: 0 PASS, 0 WARN, 0 DENY, 0 SKIP\n');
    });
  });

  describe('json', () => {
    it('maps each cause to {field, type, message, rule, line, column, endLine, endColumn}, type being the Kubernetes reason', () => {
      const [entry] = JSON.parse(formatJson([{ ...DENIED, warnings: [WARNING] }])) as Record<string, unknown>[];
      assert.deepEqual(entry, {
        file: 'web.yaml', index: 2, line: 14, apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web',
        judged: true, operation: 'CREATE', allowed: false,
        causes: [{
          field: 'spec.ipFamilyPolicy', type: 'FieldValueInvalid', message: DENIED.causes[0]?.message, rule: 'S-2',
          line: 17, column: 19, endLine: 17, endColumn: 30,
        }],
        warnings: [W], patch: [],
      });
    });

    it('adds item only for objects from a List, and prints [] for no results', () => {
      const [entry] = JSON.parse(formatJson([{ ...BASE, item: 0 }])) as Record<string, unknown>[];
      assert.equal(entry?.item, 0);
      assert.equal(formatJson([]), '[]\n');
    });
  });
});
