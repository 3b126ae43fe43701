import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { type CliRun, runCli, runCliMany } from '../support/cli.js';

const EXAMPLES = path.join(PACKAGE_ROOT, 'examples');
const INVALID = path.join(EXAMPLES, 'invalid');
const DOCUMENTATION_CLUSTER = 'examples/dual-stack-cluster.yaml';
const isYaml = (name: string) => /\.(ya?ml|json)$/.test(name);

// `check examples/` would also read examples/invalid/: the valid examples are the top-level files.
const VALID_FILES = readdirSync(EXAMPLES).filter(isYaml).sort().map((name) => `examples/${name}`);

const HEADER_LINE = /^# ([a-z-]+): (.*)$/;

/**
 * The comment lines at the top of an invalid example: `# expect: <field> [<RULE-ID>]` (required), and optionally
 * `# old: <file>` (judged as an UPDATE of it) and `# cluster-config: <file>`.
 */
interface InvalidExample {
  readonly file: string;
  readonly expect?: { readonly field: string; readonly rule: string };
  readonly old?: string;
  readonly clusterConfig?: string;
  readonly args: string[];
}

function readInvalidExample(name: string): InvalidExample {
  const file = `examples/invalid/${name}`;
  const text = readFileSync(path.join(INVALID, name), 'utf8');
  const header = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    const match = HEADER_LINE.exec(line.trimEnd());
    if (match?.[1] && match[2] !== undefined && !header.has(match[1])) header.set(match[1], match[2].trim());
  }
  const expectation = /^(\S+) \[([A-Z]+-?\d*)\]$/.exec(header.get('expect') ?? '');
  const old = header.get('old');
  // A file without its own Cluster (a lone Service or ClusterCIDRConfig) is judged against the documentation's cluster.
  const clusterConfig = header.get('cluster-config') ?? (/^kind: Cluster\s*$/m.test(text) ? undefined : DOCUMENTATION_CLUSTER);
  const args = ['check', file];
  if (old !== undefined) args.push('--old', old);
  if (clusterConfig !== undefined) args.push('--cluster-config', clusterConfig);
  return {
    file,
    ...(expectation?.[1] && expectation[2] ? { expect: { field: expectation[1], rule: expectation[2] } } : {}),
    ...(old === undefined ? {} : { old }),
    ...(clusterConfig === undefined ? {} : { clusterConfig }),
    args,
  };
}

const INVALID_EXAMPLES = (existsSync(INVALID) ? readdirSync(INVALID).filter(isYaml).sort() : []).map(readInvalidExample);

function objectLines(run: CliRun): string[] {
  return run.lines.filter((line) => /^(PASS|WARN|DENY|SKIP) /.test(line));
}

describe('check examples/ (the documentation examples stay valid)', () => {
  it('admits every top-level example file together: exit 0, no DENY line', async () => {
    const run = await runCli(['check', ...VALID_FILES]);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0, run.stdout);
    for (const line of objectLines(run)) assert.match(line, /^(PASS|WARN|SKIP) /);
  });

  it('lists each object of the documentation cluster with its kind, namespace/name and file:document (line N)', async () => {
    const run = await runCli(['check', DOCUMENTATION_CLUSTER]);
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(objectLines(run).map((line) => line.replace(/^(PASS|WARN) /, 'OK ')), [
      'SKIP Namespace cluster-dual-stack examples/dual-stack-cluster.yaml:5',
      'OK Cluster cluster-dual-stack/dual-stack examples/dual-stack-cluster.yaml:10',
      'OK NodePool cluster-dual-stack/workers examples/dual-stack-cluster.yaml:48',
      'OK ClusterCIDRConfig cluster-dual-stack/cluster-wide-ranges examples/dual-stack-cluster.yaml:59',
    ]);
  });

  for (const file of VALID_FILES.filter((name) => name !== DOCUMENTATION_CLUSTER)) {
    it(`admits ${file} against the documentation cluster (--cluster-config)`, async () => {
      const run = await runCli(['check', file, '--cluster-config', DOCUMENTATION_CLUSTER]);
      assert.equal(run.status, 0, run.stdout + run.stderr);
      for (const line of objectLines(run)) assert.match(line, /^(PASS|WARN|SKIP) /);
    });
  }
});

describe('check examples/invalid/ (each file is denied for the reason its first line names)', () => {
  const runs = new Map<string, CliRun>();

  before(async function () {
    this.timeout(30_000 + 5_000 * INVALID_EXAMPLES.length);
    const results = await runCliMany(INVALID_EXAMPLES.map((example) => example.args));
    INVALID_EXAMPLES.forEach((example, index) => { const run = results[index]; if (run) runs.set(example.file, run); });
  });

  it('holds invalid examples', () => {
    assert.ok(INVALID_EXAMPLES.length > 0, 'examples/invalid/ has no .yaml files');
  });

  for (const example of INVALID_EXAMPLES) {
    const title = example.expect ? `${example.expect.field} [${example.expect.rule}]` : '(no "# expect:" line)';
    it(`denies ${example.file}: exit 1 with a cause at ${title}`, () => {
      assert.ok(example.expect, `${example.file} must start with "# expect: <field> [<RULE-ID>]"`);
      const run = runs.get(example.file);
      assert.ok(run);
      const command = `dualstack-webhook ${example.args.join(' ')}`;
      assert.equal(run.stderr, '', command);
      assert.equal(run.status, 1, `${command}\n${run.stdout}`);
      // `  file:line:col field: message [RULE]`, the position dropped
      const causeLines = run.lines.filter((line) => line.startsWith('  ') && !line.startsWith('  patch: '))
        .map((line) => line.replace(/^ {2}\S+:\d+:\d+ /, '  ')).filter((line) => !line.startsWith('  Warning: '));
      const prefix = `  ${example.expect.field}: `;
      const suffix = `[${example.expect.rule}]`;
      assert.ok(causeLines.some((line) => line.startsWith(prefix) && line.endsWith(suffix)),
        `${command}: no cause line "${prefix}... ${suffix}" in\n${run.stdout}`);
    });
  }
});

describe('check examples/: one input is one configuration', () => {
  it('--each-file: exit 1, nothing of the valid files denied, each CREATE example denied for its rule and no other', async function () {
    this.timeout(60_000);
    const run = await runCli(['check', 'examples/', '--each-file', '--output', 'json']);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
    const results = JSON.parse(run.stdout) as { file: string; causes: { rule: string; field: string }[] }[];
    const rulesByFile = new Map<string, Set<string>>();
    for (const result of results) {
      const rules = rulesByFile.get(result.file) ?? new Set<string>();
      for (const cause of result.causes) rules.add(cause.rule);
      rulesByFile.set(result.file, rules);
    }
    for (const file of VALID_FILES) assert.deepEqual([file, [...(rulesByFile.get(file) ?? [])]], [file, []]);
    const creates = INVALID_EXAMPLES.filter((example) => example.old === undefined);
    assert.ok(creates.length > 30);
    for (const example of creates) {
      assert.deepEqual([example.file, [...(rulesByFile.get(example.file) ?? [])]], [example.file, [example.expect?.rule]]);
    }
  });

  it('without --each-file: exit 2 naming both places of the first object found twice, suggesting --each-file', async () => {
    const run = await runCli(['check', 'examples/']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'examples/invalid/C-11.yaml:3: Cluster cluster-dual-stack/dual-stack twice in one configuration '
      + '(at examples/dual-stack-cluster.yaml:10 and examples/invalid/C-11.yaml:3); '
      + 'give --each-file to judge every file as a configuration of its own\n');
  });
});
