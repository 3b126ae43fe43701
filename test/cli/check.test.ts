import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { type CliRun, runCli, runCliMany } from '../support/cli.js';

const FIXTURES = 'test/fixtures/cli';
const DOCUMENTATION_CLUSTER = 'examples/dual-stack-cluster.yaml';
const OBJECT_LINE = /^(PASS|WARN|DENY|SKIP) /;

function readExample(file: string): string {
  return readFileSync(path.join(PACKAGE_ROOT, file), 'utf8');
}

describe('dualstack-webhook check: usage', () => {
  it('prints usage with --help and exits 0', async () => {
    const run = await runCli(['check', '--help']);
    assert.equal(run.status, 0);
    assert.equal(run.lines[0], 'usage: dualstack-webhook check [PATH|-]... [options]');
    assert.ok(run.lines.some((line) => line.startsWith('  --old FILE ')));
    assert.ok(run.lines.some((line) => line.startsWith('  -o, --output FORMAT[=FILE] ')));
  });

  it('exits 2 with the usage on stderr for an unknown option', async () => {
    const run = await runCli(['check', '--bogus', DOCUMENTATION_CLUSTER]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.split('\n')[0], "dualstack-webhook check: Unknown option '--bogus'");
  });

  it('exits 2 without paths', async () => {
    const run = await runCli(['check']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.split('\n')[0], 'dualstack-webhook check: no input: give files, folders or - for stdin');
  });

  it('exits 2 for an --output that is no known format', async () => {
    const run = await runCli(['check', '--output', 'yaml', DOCUMENTATION_CLUSTER]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.split('\n')[0], 'dualstack-webhook check: --output: "yaml" is not one of text, json, sarif, github, junit (FORMAT or FORMAT=FILE)');
  });

  it('exits 2 for a --max-service-host-bits that is not a whole number in 0..128', async () => {
    const run = await runCli(['check', '--max-service-host-bits', '20.5', DOCUMENTATION_CLUSTER]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.split('\n')[0], 'dualstack-webhook check: --max-service-host-bits: "20.5" is not a whole number');
  });

  it('exits 2 for a --default-ip-family-policy of SingleStack (D16 only defaults to dual-stack policies)', async () => {
    const run = await runCli(['check', '--default-ip-family-policy', 'SingleStack', DOCUMENTATION_CLUSTER]);
    assert.equal(run.status, 2);
    assert.equal(run.stderr.split('\n')[0],
      'dualstack-webhook check: --default-ip-family-policy: "SingleStack" is not one of PreferDualStack, RequireDualStack');
  });
});

describe('dualstack-webhook check: unreadable input exits 2 with file:line, never a stack trace', () => {
  it('names a missing file', async () => {
    const run = await runCli(['check', 'examples/no-such-file.yaml']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'examples/no-such-file.yaml: no such file or directory\n');
  });

  it('names a missing --cluster-config file', async () => {
    const run = await runCli(['check', DOCUMENTATION_CLUSTER, '--cluster-config', 'missing.yaml']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'missing.yaml: no such file or directory\n');
  });

  it('gives file:line of broken YAML and prints nothing on stdout', async () => {
    const run = await runCli(['check', `${FIXTURES}/unreadable.yaml`]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^test\/fixtures\/cli\/unreadable\.yaml:1[01]: \S.*\n$/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it('gives "-:line" for broken YAML on stdin', async () => {
    const run = await runCli(['check', '-'], 'apiVersion: v1\nkind: Service\nmetadata: {name: [x\n');
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^-:\d+: \S.*\n$/);
  });

  it('refuses a document that is not an object (here a sequence) with file:line', async () => {
    const run = await runCli(['check', `${FIXTURES}/not-an-object.yaml`]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr,
      'test/fixtures/cli/not-an-object.yaml:6: document is a sequence, not a Kubernetes object (apiVersion, kind, metadata)\n');
  });

  it('refuses a scalar document on stdin', async () => {
    const run = await runCli(['check', '-'], 'just some text\n');
    assert.equal(run.status, 2);
    assert.equal(run.stderr, '-:1: document is a string, not a Kubernetes object (apiVersion, kind, metadata)\n');
  });

  it('exits 2 when the input holds no document at all', async () => {
    const run = await runCli(['check', '-'], '# only a comment\n');
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'dualstack-webhook check: no YAML or JSON documents in -\n');
  });
});

describe('dualstack-webhook check: reading input', () => {
  it('reads - from stdin and names it "-"', async () => {
    const run = await runCli(['check', '-', '--cluster-config', DOCUMENTATION_CLUSTER], readExample('examples/my-cip-service.yaml'));
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.lines[0] ?? '', /^(PASS|WARN) Service my-service -:2$/);
  });

  it('reads folders recursively (.yaml, .yml, .json only) in name order', async () => {
    const run = await runCli(['check', `${FIXTURES}/folder`]);
    assert.equal(run.stderr, '');
    assert.deepEqual(run.lines.filter((line) => OBJECT_LINE.test(line)).map((line) => line.replace(/^(PASS|WARN) /, 'OK ')), [
      'SKIP Namespace web test/fixtures/cli/folder/a-namespace.yaml:1',
      'OK Service web/from-json test/fixtures/cli/folder/nested/b-service.json:1',
    ]);
  });

  it('judges the items of a kind: List one by one and skips unpoliced kinds', async () => {
    const run = await runCli(['check', `${FIXTURES}/service-list.yaml`]);
    assert.equal(run.stderr, '');
    assert.deepEqual(run.lines.filter((line) => OBJECT_LINE.test(line)).map((line) => line.replace(/^(PASS|WARN) /, 'OK ')), [
      'OK Service web/first test/fixtures/cli/service-list.yaml:5',
      'SKIP ConfigMap web/settings test/fixtures/cli/service-list.yaml:15',
    ]);
  });
});

describe('dualstack-webhook check --output json', () => {
  it('prints an array of {file, index, kind, namespace, name, allowed, causes, warnings, patch}', async () => {
    const run = await runCli(['check', '--output', 'json', DOCUMENTATION_CLUSTER]);
    assert.equal(run.status, 0, run.stdout);
    const entries = JSON.parse(run.stdout) as Record<string, unknown>[];
    assert.deepEqual(entries.map((entry) => [entry.file, entry.index, entry.line, entry.kind, entry.namespace, entry.name, entry.judged, entry.allowed]), [
      ['examples/dual-stack-cluster.yaml', 0, 5, 'Namespace', '', 'cluster-dual-stack', false, true],
      ['examples/dual-stack-cluster.yaml', 1, 10, 'Cluster', 'cluster-dual-stack', 'dual-stack', true, true],
      ['examples/dual-stack-cluster.yaml', 2, 48, 'NodePool', 'cluster-dual-stack', 'workers', true, true],
      ['examples/dual-stack-cluster.yaml', 3, 59, 'ClusterCIDRConfig', 'cluster-dual-stack', 'cluster-wide-ranges', true, true],
    ]);
    for (const entry of entries) {
      assert.deepEqual(entry.causes, []);
      assert.ok(Array.isArray(entry.warnings));
      assert.ok(Array.isArray(entry.patch));
      assert.equal(entry.operation, 'CREATE');
    }
  });

  it('gives each cause {field, type, message, rule} and exits 1 on a denial', async () => {
    const run = await runCli(['check', '-o', 'json', `${FIXTURES}/ipv4-only-cluster.yaml`, 'examples/my-cip-service.yaml']);
    assert.equal(run.status, 1, run.stdout);
    const entries = JSON.parse(run.stdout) as { kind: string; allowed: boolean; causes: Record<string, unknown>[] }[];
    const service = entries.find((entry) => entry.kind === 'Service');
    assert.ok(service && !service.allowed);
    const cause = service.causes.find((entry) => entry.rule === 'S-3');
    assert.ok(cause, JSON.stringify(service.causes));
    assert.deepEqual(Object.keys(cause).sort(), ['column', 'endColumn', 'endLine', 'field', 'line', 'message', 'rule', 'type']);
    assert.match(String(cause.type), /^FieldValue[A-Z][a-z]+/);
    assert.match(String(cause.message), / \[S-3\]$/);
  });
});

describe('dualstack-webhook check: cluster facts', () => {
  it('admits a RequireDualStack Service against the dual-stack documentation cluster (--cluster-config)', async () => {
    const run = await runCli(['check', 'examples/my-cip-service.yaml', '--cluster-config', DOCUMENTATION_CLUSTER]);
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.lines[0] ?? '', /^(PASS|WARN) Service my-service examples\/my-cip-service\.yaml:2$/);
  });

  it('denies it (S-3) against an IPv4-only cluster given as --cluster-config', async () => {
    const run = await runCli(['check', 'examples/my-cip-service.yaml', '--cluster-config', `${FIXTURES}/ipv4-only-cluster.yaml`]);
    assert.equal(run.status, 1, run.stdout);
    assert.equal(run.lines[0], 'DENY Service my-service examples/my-cip-service.yaml:2');
    assert.ok(run.lines.some((line) => line.startsWith('  ') && line.endsWith('[S-3]')), run.stdout);
  });

  it('lets the input win over --cluster-config for the same kind, namespace and name', async () => {
    // The input replaces the documentation's dual-stack Cluster (cluster-dual-stack/dual-stack) by an IPv4-only one.
    const run = await runCli(['check', `${FIXTURES}/ipv4-only-cluster.yaml`, 'examples/my-cip-service.yaml',
      '--cluster-config', DOCUMENTATION_CLUSTER]);
    assert.equal(run.status, 1, run.stdout);
    assert.ok(run.lines.includes('DENY Service my-service examples/my-cip-service.yaml:2'), run.stdout);
    assert.ok(run.lines.some((line) => line.startsWith('  ') && line.endsWith('[S-3]')), run.stdout);
  });

  it('does not judge --cluster-config documents', async () => {
    const run = await runCli(['check', 'examples/my-cip-service.yaml', '--cluster-config', DOCUMENTATION_CLUSTER]);
    assert.deepEqual(run.lines.filter((line) => OBJECT_LINE.test(line)).length, 1);
  });
});

describe('dualstack-webhook check --old (UPDATE)', () => {
  it('judges an input object found in --old as an UPDATE and the others as a CREATE', async () => {
    const run = await runCli(['check', DOCUMENTATION_CLUSTER, '--old', `${FIXTURES}/cluster-before-services-narrowed.yaml`]);
    const objects = run.lines.filter((line) => OBJECT_LINE.test(line));
    assert.match(objects[1] ?? '', / Cluster cluster-dual-stack\/dual-stack examples\/dual-stack-cluster\.yaml:10 \(UPDATE\)$/);
    assert.match(objects[2] ?? '', / NodePool cluster-dual-stack\/workers examples\/dual-stack-cluster\.yaml:48$/);
  });

  it('denies a Cluster whose IPv4 service range narrows from /16 to /20 (C-21)', async () => {
    const run = await runCli(['check', DOCUMENTATION_CLUSTER, '--old', `${FIXTURES}/cluster-before-services-narrowed.yaml`]);
    assert.equal(run.status, 1, run.stdout);
    assert.ok(run.lines.includes('DENY Cluster cluster-dual-stack/dual-stack examples/dual-stack-cluster.yaml:10 (UPDATE)'), run.stdout);
    assert.ok(run.lines.some((line) => /^ {2}examples\/dual-stack-cluster\.yaml:\d+:\d+ spec\.clusterNetwork\.services\.cidrBlocks/.test(line) && line.endsWith('[C-21]')), run.stdout);
  });

  it('admits the same Cluster as a CREATE', async () => {
    const run = await runCli(['check', DOCUMENTATION_CLUSTER]);
    assert.equal(run.status, 0, run.stdout);
  });
});

describe('dualstack-webhook check: one input is one configuration, honest facts (D9, D18)', () => {
  it('exits 2 for the same object in two files, naming both places; --each-file judges each file on its own', async () => {
    const args = ['check', `${FIXTURES}/ipv4-only-cluster.yaml`, DOCUMENTATION_CLUSTER];
    const [together, apart] = await runCliMany([args, [...args, '--each-file']]);
    assert.equal(together?.status, 2);
    assert.equal(together?.stderr, `${DOCUMENTATION_CLUSTER}:10: Cluster cluster-dual-stack/dual-stack twice in one configuration `
      + `(at ${FIXTURES}/ipv4-only-cluster.yaml:2 and ${DOCUMENTATION_CLUSTER}:10); give --each-file to judge every file as a configuration of its own\n`);
    assert.equal(apart?.stderr, '');
    assert.deepEqual(apart?.lines.filter((line) => / Cluster /.test(line)).map((line) => line.split(' ').slice(2, 4).join(' ')),
      [`cluster-dual-stack/dual-stack ${FIXTURES}/ipv4-only-cluster.yaml:2`, `cluster-dual-stack/dual-stack ${DOCUMENTATION_CLUSTER}:10`]);
  });

  it('warns [X-7] to give --cluster-config for a ClusterCIDRConfig checked alone, instead of denying R-1', async () => {
    const run = await runCli(['check', 'examples/worker-pool-cluster-cidr-config.yaml']);
    assert.equal(run.status, 0, run.stdout);
    assert.deepEqual(run.lines, [
      'WARN ClusterCIDRConfig cluster-dual-stack/worker-pool-ccc examples/worker-pool-cluster-cidr-config.yaml:2',
      '  examples/worker-pool-cluster-cidr-config.yaml:2:1 Warning: [X-7] no Cluster in the facts: give --cluster-config with its Cluster; R-1, R-9, R-10, R-15, X-5, X-6 skipped',
      '1 object: 0 PASS, 1 WARN, 0 DENY, 0 SKIP',
    ]);
  });

  it('judges a Service against the Cluster chosen with --cluster, never the first of several', async () => {
    const otherCluster = readFileSync(`${FIXTURES}/ipv4-only-cluster.yaml`, 'utf8').replace(/namespace: cluster-dual-stack/g, 'namespace: cluster-v4');
    const stdin = `${otherCluster}\n---\n${readFileSync('examples/my-cip-service.yaml', 'utf8')}`;
    const base = ['check', '-', '--cluster-config', DOCUMENTATION_CLUSTER];
    const [unchosen, onV4, onDual] = await Promise.all([
      runCli(base, stdin), runCli([...base, '--cluster', 'cluster-v4/dual-stack'], stdin),
      runCli([...base, '--cluster', 'cluster-dual-stack/dual-stack'], stdin),
    ]);
    const serviceLines = (run: CliRun | undefined) => {
      const lines = run?.lines ?? [];
      const start = lines.findIndex((line) => / Service /.test(line));
      return lines.slice(start, start + 2).map((line) => line.replace(/ - ?:\d+ \(line \d+\)/, ''));
    };
    assert.deepEqual(serviceLines(unchosen), ['WARN Service my-service -:40',
      '  -:40:1 Warning: [X-7] 2 Clusters in the facts, none chosen: give --cluster NS/NAME; S-3/S-4/S-6 and family defaults skipped']);
    assert.equal(onV4.status, 1);
    assert.match(serviceLines(onV4)[1] ?? '', /\[S-3\]$/);
    assert.equal(onDual.status, 0, onDual.stdout);
    assert.match(serviceLines(onDual)[0] ?? '', /^PASS Service my-service/);
  });
});
