import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { readDocuments } from '../../../src/documents/documents.js';
import { checkDocuments } from '../../../src/cli/check/check-judge.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/facts.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';

const INVALID = path.join(PACKAGE_ROOT, 'examples', 'invalid');
const OWN = readdirSync(INVALID).filter((name) => /^[RX]-\d+\.yaml$/.test(name)).sort();

// The deny rules of ClusterCIDRConfigs and the X-rules that show in one `check` run each have an example.
const DENY_RULES = ['R-1', 'R-2', 'R-3', 'R-4', 'R-5', 'R-6', 'R-10', 'R-11', 'R-15', 'R-18', 'X-1', 'X-2', 'X-3', 'X-5'];

describe('examples/invalid/R-*.yaml and X-*.yaml break exactly the rule they name', () => {
  it('has one file per deny rule', () => {
    assert.deepEqual(OWN.map((name) => name.replace('.yaml', '')).sort(), [...DENY_RULES].sort());
  });

  for (const name of OWN) {
    it(`${name}: every cause is its rule, one at the field of its "# expect:" line`, async () => {
      const file = path.join(INVALID, name);
      const text = readFileSync(file, 'utf8');
      const expect = /^# expect: (\S+) \[([RX]-\d+)\]\n/.exec(text);
      assert.ok(expect, `${name} must start with "# expect: <field> [<rule>]"`);
      const [, field, rule] = expect;
      assert.equal(rule, name.replace('.yaml', ''));
      const old = /^# old: (\S+)$/m.exec(text)?.[1];
      const outcome = checkDocuments({
        documents: await readDocuments([file]),
        old: old === undefined ? [] : await readDocuments([path.join(PACKAGE_ROOT, old)]),
        settings: DEFAULT_SETTINGS,
      });
      assert.ok(outcome.ok);
      const causes = outcome.results.flatMap((result) => result.causes);
      assert.deepEqual([...new Set(causes.map((cause) => cause.rule))], [rule], JSON.stringify(causes, null, 1));
      assert.ok(causes.some((cause) => cause.field === field), `no ${rule} cause at ${field}: ${JSON.stringify(causes, null, 1)}`);
    });
  }
});
