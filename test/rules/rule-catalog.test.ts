import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { catalogRule, levelOf, plainSummary } from '../../src/rules/rule-catalog.js';

describe('rule catalog (generated from RULES.md)', () => {
  it('levels follow the response column: deny → error, warn → warning', () => {
    assert.equal(levelOf(catalogRule('C-9')), 'error');
    assert.equal(levelOf(catalogRule('C-4')), 'warning');
    assert.equal(levelOf(catalogRule('R-18')), 'error');
  });

  it('resolves source keys to URLs, repository paths to GitHub links', () => {
    assert.equal(catalogRule('C-7')?.sources[0]?.url,
      'https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/reference/cluster-config-ref');
    assert.equal(catalogRule('R-18')?.sources[0]?.url,
      'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/networking/validation/validation.go');
  });

  it('summarises a rule by its first sentence without Markdown', () => {
    assert.equal(plainSummary('Pool entry: `name` required. More.'), 'Pool entry: name required.');
  });

  it('is what scripts/rule-catalog.ts makes of ../shared/RULES.md today (rerun the script when the catalog changes)', function () {
    const rulesFile = path.join(PACKAGE_ROOT, '..', 'shared', 'RULES.md');
    // CI and every developer checkout have shared/ beside the clone; a lone clone has no catalog to compare with.
    if (!existsSync(rulesFile)) this.skip();
    const folder = mkdtempSync(path.join(tmpdir(), 'rule-catalog-'));
    try {
      const out = path.join(folder, 'rule-catalog-data.ts');
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PACKAGE_ROOT, 'scripts', 'rule-catalog.ts'), rulesFile, out],
        { cwd: PACKAGE_ROOT, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(readFileSync(out, 'utf8'), readFileSync(path.join(PACKAGE_ROOT, 'src', 'rules', 'rule-catalog-data.ts'), 'utf8'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('has an entry for every rule that examples/invalid shows (one file per rule ID)', () => {
    const ids = readdirSync(path.join(PACKAGE_ROOT, 'examples', 'invalid')).map((file) => path.basename(file, '.yaml'));
    assert.ok(ids.length >= 45, `${ids.length} examples`);
    assert.deepEqual(ids.filter((id) => catalogRule(id) === undefined), []);
  });
});
