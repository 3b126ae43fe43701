import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findDrift } from '../../src/manifests/manifest-drift.js';
import { renderManifestTree } from '../../src/manifests/manifest-tree.js';
import { GENERATED_HEADER } from '../../src/manifests/yaml-file.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { REGISTRY } from '../../src/rules/registry.js';
import { runCli } from '../support/cli.js';
import { generateCertificateAuthority } from '../../src/server/dev-certificates.js';
import { type KubeObject, MANIFESTS, parseStream } from './manifest-files.js';

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
    assert.equal(run.lines[3], `run: dualstack-webhook manifests --out ${folder} --chart ${path.join(PACKAGE_ROOT, 'charts/dualstack-webhook')}`);
  });

  it('--check ignores the certificate files certs/generate.sh writes into overlays/certs-script/generated/', async () => {
    cpSync(MANIFESTS, folder, { recursive: true });
    cpSync(path.join(folder, 'base/namespace.yaml'), path.join(folder, 'overlays/certs-script/generated/secret.yaml'));
    const run = await runCli(['manifests', '--check', '--out', folder]);
    assert.equal(run.status, 0, run.stdout);
  });

  it('--out writes the tree (--chart the chart\'s generated files) that --check then accepts; --image sets the Deployment image', async () => {
    const chart = path.join(folder, 'chart');
    const manifests = path.join(folder, 'manifests');
    const written = await runCli(['manifests', '--out', manifests, '--chart', chart, '--image', 'registry.example/dualstack-webhook:1.2.3']);
    assert.equal(written.status, 0, written.stderr);
    assert.equal(written.stdout, `wrote ${rendered.length} files under ${manifests} and 4 under ${chart}\n`);
    assert.match(readFileSync(path.join(manifests, 'base/deployment.yaml'), 'utf8'), /image: registry\.example\/dualstack-webhook:1\.2\.3\n/);
    const checked = await runCli(['manifests', '--check', '--out', manifests, '--chart', chart, '--image', 'registry.example/dualstack-webhook:1.2.3']);
    assert.equal(checked.status, 0, checked.stdout);
    assert.equal(checked.stdout, `${manifests}: up to date (${rendered.length} files)\n${chart}: up to date (4 generated files)\n`);
  });

  it('prints the webhook configurations and RBAC as one applicable stream by default', async () => {
    const run = await runCli(['manifests']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(parseStream(run.stdout, 'stdout').map((object) => `${object.kind}/${object.metadata.name}`), [
      'ValidatingWebhookConfiguration/dualstack-webhook', 'MutatingWebhookConfiguration/dualstack-webhook',
      'ClusterRole/dualstack-webhook', 'ClusterRoleBinding/dualstack-webhook',
    ]);
  });

  describe('--webhook-url URL --ca-bundle FILE (a webhook served outside the cluster)', () => {
    let caFile = '';
    let caPem = '';
    beforeEach(async () => {
      caPem = (await generateCertificateAuthority('outside test CA')).cert;
      caFile = path.join(folder, 'ca.crt');
      writeFileSync(caFile, caPem);
    });

    it('prints only the two webhook configurations, each webhook calling URL/validate or URL/mutate with the caBundle', async () => {
      const run = await runCli(['manifests', '--webhook-url', 'https://127.0.0.1:8443/', '--ca-bundle', caFile]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stderr, '');
      const objects = parseStream(run.stdout, 'stdout');
      assert.deepEqual(objects.map((object) => `${object.apiVersion} ${object.kind}/${object.metadata.name}`), [
        'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration/dualstack-webhook',
        'admissionregistration.k8s.io/v1 MutatingWebhookConfiguration/dualstack-webhook',
      ]);
      const caBundle = Buffer.from(caPem).toString('base64');
      const [validating, mutating] = objects;
      assert.deepEqual(validating?.webhooks.map((webhook: KubeObject) => [webhook.name, webhook.clientConfig, webhook.sideEffects]),
        REGISTRY.map((entry) => [
          `validate-${entry.resource}.dualstack-webhook.dualstack-system.svc`,
          { url: 'https://127.0.0.1:8443/validate', caBundle },
          'None',
        ]));
      assert.deepEqual(mutating?.webhooks.map((webhook: KubeObject) => [webhook.name, webhook.clientConfig, webhook.sideEffects]), [
        ['mutate-services.dualstack-webhook.dualstack-system.svc', { url: 'https://127.0.0.1:8443/mutate', caBundle }, 'None'],
      ]);
    });

    for (const [args, message] of [
      [['--webhook-url', 'http://127.0.0.1:8443', '--ca-bundle', 'CA'],
        '--webhook-url "http://127.0.0.1:8443": \'https\' is the only allowed URL scheme (got "http"); desired format: https://host[/path]'],
      [['--webhook-url', 'https://127.0.0.1:8443?x=1', '--ca-bundle', 'CA'],
        '--webhook-url "https://127.0.0.1:8443?x=1": query parameters are not permitted in the URL'],
      [['--webhook-url', 'https://127.0.0.1:8443', '--ca-bundle', 'no/such/ca.crt'], '--ca-bundle no/such/ca.crt: no such file or directory'],
      [['--webhook-url', 'https://127.0.0.1:8443', '--ca-bundle', 'KEY'],
        '--ca-bundle KEY: holds a PRIVATE KEY block: the caBundle is readable by anyone who can read the webhook configuration; '
          + 'give the CA certificate only'],
    ] as const) {
      it(`exits 2 on ${args.join(' ')}: ${message}`, async () => {
        const keyFile = path.join(folder, 'ca.key');
        writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
        const given = args.map((arg) => (arg === 'CA' ? caFile : arg === 'KEY' ? keyFile : arg));
        const run = await runCli(['manifests', ...given]);
        assert.equal(run.status, 2);
        assert.equal(run.stdout, '');
        assert.equal(run.stderr, `dualstack-webhook manifests: ${message.replace('KEY', keyFile)}\n`);
      });
    }

    it('exits 2 with the usage when one of the two is missing, or combined with --out', async () => {
      const alone = await runCli(['manifests', '--webhook-url', 'https://127.0.0.1:8443']);
      assert.equal(alone.status, 2);
      assert.match(alone.stderr, /^dualstack-webhook manifests: --webhook-url and --ca-bundle go together\nusage:/);
      const mixed = await runCli(['manifests', '--webhook-url', 'https://127.0.0.1:8443', '--ca-bundle', caFile, '--out', folder]);
      assert.equal(mixed.status, 2);
      assert.match(mixed.stderr,
        /^dualstack-webhook manifests: --webhook-url renders only the webhook configurations; --out, --chart, --check and --image do not apply\n/);
    });
  });

  it('exits 2 on an unknown option', async () => {
    const run = await runCli(['manifests', '--bogus']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^dualstack-webhook manifests: Unknown option '--bogus'/);
  });
});
