import assert from 'node:assert/strict';
import { type CheckResult } from '../../src/cli/check-judge.js';
import { formatJson, formatText } from '../../src/cli/check-output.js';

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
  }],
};

describe('check output', () => {
  describe('text', () => {
    it('prints PASS with kind, namespace/name and file:document (line N)', () => {
      assert.equal(formatText([BASE]), 'PASS Service shop/web web.yaml:0 (line 1)\n');
    });

    it('prints DENY and each cause as "  field: message [RULE-ID]"', () => {
      assert.equal(formatText([DENIED]),
        'DENY Service shop/web web.yaml:2 (line 14)\n'
        + '  spec.ipFamilyPolicy: Invalid value: "SingleStack": must be \'RequireDualStack\' or \'PreferDualStack\' when multiple IP families are specified [S-2]\n');
    });

    it('prints WARN when admitted with warnings, each as "  Warning: [RULE-ID] text"', () => {
      const result: CheckResult = { ...BASE, warnings: ['[S-10] no IPv6 pool address for a dual-stack LoadBalancer'] };
      assert.equal(formatText([result]),
        'WARN Service shop/web web.yaml:0 (line 1)\n  Warning: [S-10] no IPv6 pool address for a dual-stack LoadBalancer\n');
    });

    it('prints the patch a mutating webhook would apply', () => {
      const result: CheckResult = { ...BASE, patch: [{ op: 'add', path: '/spec/ipFamilyPolicy', value: 'PreferDualStack' }, { op: 'remove', path: '/spec/x' }] };
      assert.equal(formatText([result]),
        'PASS Service shop/web web.yaml:0 (line 1)\n  patch: add /spec/ipFamilyPolicy "PreferDualStack"\n  patch: remove /spec/x\n');
    });

    it('prints SKIP for unpoliced kinds, the bare name without a namespace, items of a List, and UPDATE', () => {
      const results: CheckResult[] = [
        { ...BASE, kind: 'Namespace', namespace: '', name: 'shop', judged: false },
        { ...BASE, index: 1, item: 3, line: 2 },
        { ...BASE, operation: 'UPDATE' },
        { ...BASE, kind: '', name: '', judged: false },
      ];
      assert.equal(formatText(results),
        'SKIP Namespace shop web.yaml:0 (line 1)\n'
        + 'PASS Service shop/web web.yaml:1 items[3] (line 2)\n'
        + 'PASS Service shop/web web.yaml:0 (line 1) (UPDATE)\n'
        + 'SKIP (no kind) shop/(no name) web.yaml:0 (line 1)\n');
    });

    it('prints nothing for no results', () => {
      assert.equal(formatText([]), '');
    });
  });

  describe('json', () => {
    it('maps each cause to {field, type, message, rule}, type being the Kubernetes reason', () => {
      const [entry] = JSON.parse(formatJson([DENIED])) as Record<string, unknown>[];
      assert.deepEqual(entry, {
        file: 'web.yaml', index: 2, line: 14, apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web',
        judged: true, operation: 'CREATE', allowed: false,
        causes: [{ field: 'spec.ipFamilyPolicy', type: 'FieldValueInvalid', message: DENIED.causes[0]?.message, rule: 'S-2' }],
        warnings: [], patch: [],
      });
    });

    it('adds item only for objects from a List, and prints [] for no results', () => {
      const [entry] = JSON.parse(formatJson([{ ...BASE, item: 0 }])) as Record<string, unknown>[];
      assert.equal(entry?.item, 0);
      assert.equal(formatJson([]), '[]\n');
    });
  });
});
