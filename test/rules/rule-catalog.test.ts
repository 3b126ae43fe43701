import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { catalogRule, levelOf, plainSummary } from '../../src/rules/rule-catalog.js';
import { type MarkdownCatalog, actionsOf, parseCatalog } from '../../scripts/catalog-markdown.js';

const CATALOG_FILE = path.join(PACKAGE_ROOT, 'docs', 'rules.md');

describe('rule catalog (generated from docs/rules.md)', () => {
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

  it('is what scripts/rule-catalog.ts makes of docs/rules.md today (rerun the script when the catalog changes)', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'rule-catalog-'));
    try {
      const out = path.join(folder, 'rule-catalog-data.ts');
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PACKAGE_ROOT, 'scripts', 'rule-catalog.ts'), CATALOG_FILE, out],
        { cwd: PACKAGE_ROOT, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(readFileSync(out, 'utf8'), readFileSync(path.join(PACKAGE_ROOT, 'src', 'rules', 'rule-catalog-data.ts'), 'utf8'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('holds the rule IDs with their actions and the decision IDs of ../shared/RULES.md (when that file is there)', () => {
    const ours = parseCatalog(readFileSync(CATALOG_FILE, 'utf8'));
    const sharedFile = path.join(PACKAGE_ROOT, '..', 'shared', 'RULES.md');
    if (!existsSync(sharedFile)) {
      // A lone clone has nothing to compare with; the test above still checks the generated data against docs/rules.md.
      process.stdout.write(`      could not compare docs/rules.md with ${sharedFile}: no such file\n`);
      return;
    }
    const shared = parseCatalog(readFileSync(sharedFile, 'utf8'));
    const actions = (catalog: MarkdownCatalog) => catalog.rules.map((rule) => `${rule.id}: ${actionsOf(rule.response).join(', ') || 'none'}`);
    assert.deepEqual(actions(ours), actions(shared));
    assert.deepEqual(ours.decisions, shared.decisions);
    assert.ok(ours.decisions.includes('D19') && ours.rules.length >= 83, `${ours.rules.length} rules, decisions ${ours.decisions.join(' ')}`);
  });

  it('has an entry for every rule that examples/invalid shows (one file per rule ID)', () => {
    const ids = readdirSync(path.join(PACKAGE_ROOT, 'examples', 'invalid')).map((file) => path.basename(file, '.yaml'));
    assert.ok(ids.length >= 45, `${ids.length} examples`);
    assert.deepEqual(ids.filter((id) => catalogRule(id) === undefined), []);
  });
});
