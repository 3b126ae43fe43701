import assert from 'node:assert/strict';
import {
  CEL_RULES, LEFT_TO_WEBHOOK, ONE_OBJECT_RULES, PARAM_RULES, PARTLY_LEFT_TO_WEBHOOK,
} from '../../../src/rules/cel/index.js';
import { CATALOG_RULES } from '../../../src/rules/rule-catalog-data.js';
import { catalogRule, levelOf } from '../../../src/rules/rule-catalog.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/facts.js';
import { vapCoverage } from '../../../src/manifests/validating-admission-policies.js';

// The rules' CEL (src/rules/cel/) and the catalog cannot drift apart: every rule of docs/rules.md is either rendered by
// `vap` or listed, with its reason, as left to the webhook.
const withCel = new Set<string>(CEL_RULES.map((rule) => rule.id));
const DEFAULTS = { kubeMinor: 31, maxServiceHostBits: DEFAULT_SETTINGS.maxServiceHostBits, warnBindings: true };

describe('vap coverage: every catalog rule rendered or left to the webhook with a reason', () => {
  it('every catalog rule has CEL or a reason in LEFT_TO_WEBHOOK, never both', () => {
    for (const { id } of CATALOG_RULES) {
      const left = LEFT_TO_WEBHOOK[id];
      assert.ok(withCel.has(id) !== (left !== undefined), `${id}: ${withCel.has(id) ? 'has CEL and is listed as left to the webhook' : 'neither rendered nor left to the webhook'}`);
      if (left !== undefined) assert.match(left, /\w{3,}/, `${id}: the reason is empty`);
    }
  });

  it('names only catalog rules, and a partly rendered rule is a rendered one', () => {
    for (const id of [...withCel, ...Object.keys(LEFT_TO_WEBHOOK), ...Object.keys(PARTLY_LEFT_TO_WEBHOOK), ...ONE_OBJECT_RULES, ...PARAM_RULES]) {
      assert.ok(catalogRule(id), `${id} is not in the catalog`);
    }
    for (const id of Object.keys(PARTLY_LEFT_TO_WEBHOOK)) assert.ok(withCel.has(id), id);
  });

  it('each rule answers as the webhook does: deny rules deny, warn rules warn', () => {
    for (const rule of CEL_RULES) {
      const level = levelOf(catalogRule(rule.id));
      // C-41 warns for pods set in flat mode (its deny half is X-3's); every other rule's level is the catalog's.
      const expected = rule.id === 'C-41' ? 'warn' : level === 'error' ? 'deny' : 'warn';
      assert.equal(rule.action, expected, rule.id);
    }
  });

  it('renders all 50 one-object rules of VP-1 and the 5 param rules at the default target (1.31)', () => {
    const coverage = vapCoverage(DEFAULTS);
    assert.deepEqual(coverage.oneObject, ONE_OBJECT_RULES);
    assert.equal(coverage.oneObject.length, 50);
    assert.deepEqual(coverage.params, ['R-1', 'R-9', 'R-10', 'R-15', 'X-1']);
    assert.ok(!coverage.left.some(({ reason }) => reason === 'not rendered yet'), 'a rule without CEL is not in LEFT_TO_WEBHOOK');
  });

  it('1.30 (no IP/CIDR library) leaves the address rules to the webhook and says why', () => {
    const coverage = vapCoverage({ ...DEFAULTS, kubeMinor: 30 });
    assert.deepEqual(coverage.left.find(({ id }) => id === 'C-16'), { id: 'C-16', reason: 'needs the CEL IP/CIDR library (Kubernetes 1.31+; --kube-minor 30)' });
    assert.ok(coverage.oneObject.includes('C-44'), 'C-44 reads no address');
    assert.ok(!coverage.oneObject.includes('C-16'));
  });

  it('--max-service-host-bits 0 turns C-9 off, as the webhook\'s setting does', () => {
    const coverage = vapCoverage({ ...DEFAULTS, maxServiceHostBits: 0 });
    assert.ok(!coverage.oneObject.includes('C-9'));
    assert.deepEqual(coverage.left.find(({ id }) => id === 'C-9'), { id: 'C-9', reason: 'turned off by the settings (--max-service-host-bits 0)' });
  });
});
