import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { type CheckResult, checkDocuments } from '../../src/cli/check/check-judge.js';
import { formatGithub } from '../../src/cli/check/check-github.js';
import { formatJunit } from '../../src/cli/check/check-junit.js';
import { parseDocuments } from '../../src/documents/documents.js';
import { DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import { runCli } from '../support/cli.js';

function check(text: string): CheckResult[] {
  const outcome = checkDocuments({ documents: parseDocuments(text, 'in.yaml'), settings: DEFAULT_SETTINGS });
  assert.ok(outcome.ok);
  return outcome.results;
}

function placeOf(result: CheckResult | undefined, field: string): [number, number, number, number] {
  const cause = result?.causes.find((entry) => entry.field === field);
  assert.ok(cause, `no cause at ${field} in ${JSON.stringify(result?.causes)}`);
  return [cause.line, cause.column, cause.endLine, cause.endColumn];
}

const SERVICE = (name: string, families: string) => `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: n}
spec:
  ipFamilyPolicy: PreferDualStack
${families}`;

describe('check places every cause at its YAML node (line, column, end), counted in the whole file', () => {
  it('a denied list entry in the third document of a multi-document file with a leading comment', () => {
    const text = `# leading comment\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n---\n${SERVICE('a', '  ipFamilies:\n  - IPv4\n  - IPv5')}\n`;
    const [, service] = check(text);
    assert.equal(service?.line, 7);
    assert.deepEqual(placeOf(service, 'spec.ipFamilies[1]'), [14, 5, 14, 9]);
    assert.deepEqual(service?.warnings.map((warning) => [warning.rule, warning.line, warning.column]), [['X-7', 7, 1]]);
  });

  it('a flow-style list: the column of the second entry', () => {
    const [service] = check(SERVICE('b', '  ipFamilies: [IPv4, IPv5]'));
    assert.deepEqual(placeOf(service, 'spec.ipFamilies[1]'), [6, 22, 6, 26]);
  });

  it('a missing field: its parent key', () => {
    const text = 'apiVersion: baremetal.cluster.gke.io/v1alpha1\nkind: ClusterCIDRConfig\nmetadata: {name: c, namespace: n}\nspec:\n  ipv6:\n    perNodeMaskSize: 120\n';
    const [config] = check(text);
    assert.deepEqual(placeOf(config, 'spec.ipv6.cidr'), [5, 3, 5, 7]);
  });

  it('a value from a merge key: the use (<<: *base), with the anchor beside it', () => {
    const text = `base: &base\n  ipFamilies: [IPv4, IPv5]\napiVersion: v1\nkind: Service\nmetadata: {name: c, namespace: n}\nspec:\n  <<: *base\n  ipFamilyPolicy: PreferDualStack\n`;
    const [service] = check(text);
    assert.deepEqual(placeOf(service, 'spec.ipFamilies[1]'), [7, 7, 7, 12]);
    assert.deepEqual(service?.causes[0]?.anchor, { line: 2, column: 15, endLine: 2, endColumn: 27 });
  });

  it('an item of a kind: List: its own line, not the List\'s', () => {
    const text = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata: {name: n}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: d, namespace: n}\n  spec:\n    ipFamilyPolicy: SingleStack\n    ipFamilies: [IPv4, IPv6]\n`;
    const [namespace, service] = check(text);
    assert.deepEqual([namespace?.line, service?.line], [4, 7]);
    assert.deepEqual(placeOf(service, 'spec.ipFamilyPolicy'), [11, 21, 11, 32]);
  });

  it('a CRLF file: the same lines and columns', () => {
    const text = `# crlf\n---\n${SERVICE('e', '  ipFamilies:\n  - IPv4\n  - IPv5')}\n`.replace(/\n/g, '\r\n');
    const [service] = check(text);
    assert.deepEqual(placeOf(service, 'spec.ipFamilies[1]'), [10, 5, 10, 9]);
  });

  it('stdin (-), in JSON: file "-" with the positions', async () => {
    const run = await runCli(['check', '-', '--output', 'json'], `---\n${SERVICE('f', '  ipFamilies: [IPv4, IPv5]')}\n`);
    assert.equal(run.status, 1, run.stderr);
    const [entry] = JSON.parse(run.stdout) as { file: string; line: number; causes: { field: string; line: number; column: number }[] }[];
    assert.equal(entry?.file, '-');
    assert.equal(entry?.line, 2);
    assert.deepEqual(entry?.causes.map((cause) => [cause.field, cause.line, cause.column]), [['spec.ipFamilies[1]', 7, 22]]);
  });
});

function manyCauses(count: number): CheckResult {
  const [service] = check(SERVICE('g', '  ipFamilies: [IPv4, IPv5]'));
  assert.ok(service);
  const cause = service.causes[0];
  assert.ok(cause);
  return { ...service, causes: Array.from({ length: count }, (_, index) => ({ ...cause, field: `spec.ports[${index}]` })) };
}

describe('check --output github, junit, sarif', () => {
  it('github: a group per file, 10 error annotations of 15 causes, then the notice about the 5 hidden', () => {
    const lines = formatGithub([manyCauses(15)]).trimEnd().split('\n');
    assert.equal(lines[0], '::group::in.yaml');
    assert.equal(lines.filter((line) => line.startsWith('::error ')).length, 10);
    assert.match(lines.find((line) => line.startsWith('::error ')) ?? '',
      /^::error file=in\.yaml,line=6,col=22,endLine=6,endColumn=26,title=\[S-1\] Service n\/g::spec\.ports\[0\]: Unsupported value/);
    assert.equal(lines.filter((line) => line.startsWith('::warning ')).length, 1);
    assert.ok(lines.includes('::endgroup::'));
    assert.match(lines.find((line) => line.startsWith('::notice')) ?? '', /::5 more errors and 0 more warnings are not annotated/);
  });

  it('github: appends a Markdown table to $GITHUB_STEP_SUMMARY', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'check-github-'));
    try {
      const summary = path.join(folder, 'summary.md');
      writeFileSync(summary, 'before\n');
      const input = path.join(folder, 'in.yaml');
      writeFileSync(input, SERVICE('h', '  ipFamilies: [IPv4, IPv5]'));
      const run = await runCli(['check', input, '--output', 'github', `--output=junit=${path.join(folder, 'out.xml')}`], '', { GITHUB_STEP_SUMMARY: summary });
      assert.equal(run.status, 1, run.stderr);
      const text = readFileSync(summary, 'utf8');
      assert.ok(text.startsWith('before\n### dualstack-webhook check'), text);
      assert.match(text, /\| error \| S-1 \| Service n\/h \| `.*in\.yaml:6:22` \| spec\.ipFamilies\[1\]: Unsupported value/);
      assert.match(readFileSync(path.join(folder, 'out.xml'), 'utf8'), /<testsuites /);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('junit: parses; a suite per file, a case per object, a failure per cause typed with the rule, SKIP as skipped', () => {
    const results = check(`apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n---\n${SERVICE('i', '  ipFamilies: [IPv4, IPv5 & <x>]')}\n`);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(formatJunit(results)) as {
      testsuites: { testsuite: { name: string; testcase: { classname: string; name: string; line: string; skipped?: unknown; failure?: { type: string } }[] } };
    };
    const suite = parsed.testsuites.testsuite;
    assert.equal(suite.name, 'in.yaml');
    assert.deepEqual(suite.testcase.map((testcase) => [testcase.classname, testcase.name, testcase.line]), [['Namespace', 'n', '1'], ['Service', 'n/i', '5']]);
    assert.ok(suite.testcase[0]?.skipped !== undefined);
    assert.equal(suite.testcase[1]?.failure?.type, 'S-1');
  });

  it('sarif: the SARIF Multitool (schema + GitHub rules) reports no error', async function () {
    this.timeout(180_000);
    const folder = mkdtempSync(path.join(tmpdir(), 'check-sarif-'));
    try {
      const input = path.join(folder, 'in.yaml');
      writeFileSync(input, `base: &base\n  ipFamilies: [IPv4, IPv5]\napiVersion: v1\nkind: Service\nmetadata: {name: c, namespace: n}\nspec:\n  <<: *base\n  ipFamilyPolicy: PreferDualStack\n`);
      const sarif = path.join(folder, 'out.sarif');
      const run = await runCli(['check', input, '--output', `sarif=${sarif}`, '--quiet']);
      assert.equal(run.status, 1, run.stderr);
      const log = JSON.parse(readFileSync(sarif, 'utf8')) as { runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: Record<string, number> } }[]; relatedLocations?: unknown[]; partialFingerprints: Record<string, string> }[] }[] };
      const [sarifRun] = log.runs;
      assert.deepEqual(sarifRun?.tool.driver.rules.map((rule) => rule.id), ['S-1', 'X-7']);
      assert.deepEqual(sarifRun?.results.map((result) => [result.ruleId, result.level]), [['S-1', 'error'], ['X-7', 'warning']]);
      assert.deepEqual(sarifRun?.results[0]?.locations[0]?.physicalLocation.region, { startLine: 7, startColumn: 7, endLine: 7, endColumn: 12 });
      assert.equal(sarifRun?.results[0]?.relatedLocations?.length, 1);
      // The tool is a .NET binary the npm package ships per platform; its launcher runs it through a shell.
      const multitool = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
      const report = path.join(folder, 'validation.sarif');
      const validation = spawnSync(multitool, ['validate', '--rule-kind', 'Gh;Sarif', sarif, '--output', report], { encoding: 'utf8', timeout: 170_000 });
      assert.equal(validation.status, 0, validation.stdout + validation.stderr);
      const findings = (JSON.parse(readFileSync(report, 'utf8')) as { runs: { results?: { level?: string; ruleId: string; message: { text?: string } }[] }[] })
        .runs.flatMap((entry) => entry.results ?? []);
      assert.deepEqual(findings.filter((finding) => finding.level === 'error'), [], JSON.stringify(findings));
      assert.ok(findings.length > 0 || validation.stdout.includes('1 files scanned'), validation.stdout);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
