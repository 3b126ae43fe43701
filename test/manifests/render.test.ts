import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findDrift } from '../../src/manifests/manifest-drift.js';
import { renderManifestTree } from '../../src/manifests/manifest-tree.js';
import { GENERATED_HEADER } from '../../src/manifests/yaml-file.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { REGISTRY } from '../../src/rules/registry.js';
import { runCli } from '../cli/run-cli.js';
import { MANIFESTS, parseStream } from './manifest-files.js';

const version = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const rendered = renderManifestTree({ registry: REGISTRY, image: `dualstack-webhook:${version}` });

describe('manifests: rendered from the registry, committed in manifests/', () => {
  it('the committed files equal a fresh render (run `dualstack-webhook manifests --out manifests` after a change)', async () => {
    assert.deepEqual(await findDrift(MANIFESTS, rendered), []);
  });

  it('every rendered file starts with the do-not-edit header and parses as YAML', () => {
    for (const file of rendered) {
      assert.ok(file.text.startsWith(`${GENERATED_HEADER}\n`), file.path);
      if (file.path.endsWith('.yaml')) assert.ok(parseStream(file.text, file.path).length > 0, file.path);
    }
  });

  it('rendering twice gives the same text (stable key order)', () => {
    assert.deepEqual(renderManifestTree({ registry: REGISTRY, image: `dualstack-webhook:${version}` }), rendered);
  });

  it('a registry change shows up in the webhook configuration and as drift', async () => {
    const withoutServices = REGISTRY.filter((entry) => entry.kind !== 'Service');
    const changed = renderManifestTree({ registry: withoutServices, image: `dualstack-webhook:${version}` });
    const validating = changed.find((file) => file.path === 'base/validating-webhook-configuration.yaml');
    assert.doesNotMatch(validating?.text ?? '', /services/);
    const drift = await findDrift(MANIFESTS, changed);
    assert.deepEqual(drift.map((entry) => entry.path).sort(), [
      'base/mutating-webhook-configuration.yaml', 'base/validating-webhook-configuration.yaml',
      'overlays/certs-script/ca-bundle.template.yaml',
    ]);
  });
});

describe('dualstack-webhook manifests (the command)', function () {
  // Each case starts the CLI as a process (tsx): seconds on a busy two-core machine.
  this.timeout(60_000);
  let folder = '';
  beforeEach(() => { folder = mkdtempSync(path.join(tmpdir(), 'manifests-')); });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('--check exits 0 on the committed manifests/', async () => {
    const run = await runCli(['manifests', '--check']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /manifests: up to date \(\d+ files\)/);
  });

  it('--check exits 1 and names the edited, missing and extra files', async () => {
    cpSync(MANIFESTS, folder, { recursive: true });
    const deployment = path.join(folder, 'base/deployment.yaml');
    writeFileSync(deployment, readFileSync(deployment, 'utf8').replace('replicas: 2', 'replicas: 1'));
    rmSync(path.join(folder, 'base/service.yaml'));
    writeFileSync(path.join(folder, 'base/extra.yaml'), 'kind: ConfigMap\n');
    const run = await runCli(['manifests', '--check', '--out', folder]);
    assert.equal(run.status, 1);
    assert.deepEqual(run.lines.slice(0, 3).sort(), [
      `differs: ${path.join(folder, 'base/deployment.yaml')}`,
      `missing: ${path.join(folder, 'base/service.yaml')}`,
      `not rendered: ${path.join(folder, 'base/extra.yaml')}`,
    ]);
    assert.equal(run.lines[3], `run: dualstack-webhook manifests --out ${folder}`);
  });

  it('--check ignores the certificate files certs/generate.sh writes into overlays/certs-script/generated/', async () => {
    cpSync(MANIFESTS, folder, { recursive: true });
    cpSync(path.join(folder, 'base/namespace.yaml'), path.join(folder, 'overlays/certs-script/generated/secret.yaml'));
    const run = await runCli(['manifests', '--check', '--out', folder]);
    assert.equal(run.status, 0, run.stdout);
  });

  it('--out writes the tree that --check then accepts; --image sets the Deployment image', async () => {
    const written = await runCli(['manifests', '--out', folder, '--image', 'registry.example/dualstack-webhook:1.2.3']);
    assert.equal(written.status, 0, written.stderr);
    assert.equal(written.stdout, `wrote ${rendered.length} files under ${folder}\n`);
    assert.match(readFileSync(path.join(folder, 'base/deployment.yaml'), 'utf8'), /image: registry\.example\/dualstack-webhook:1\.2\.3\n/);
    const checked = await runCli(['manifests', '--check', '--out', folder, '--image', 'registry.example/dualstack-webhook:1.2.3']);
    assert.equal(checked.status, 0, checked.stdout);
  });

  it('prints the webhook configurations and RBAC as one applicable stream by default', async () => {
    const run = await runCli(['manifests']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(parseStream(run.stdout, 'stdout').map((object) => `${object.kind}/${object.metadata.name}`), [
      'ValidatingWebhookConfiguration/dualstack-webhook', 'MutatingWebhookConfiguration/dualstack-webhook',
      'ClusterRole/dualstack-webhook', 'ClusterRoleBinding/dualstack-webhook',
    ]);
  });

  it('exits 2 on an unknown option', async () => {
    const run = await runCli(['manifests', '--bogus']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^dualstack-webhook manifests: Unknown option '--bogus'/);
  });
});
