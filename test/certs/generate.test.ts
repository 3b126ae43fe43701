import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_DNS_NAMES, TLS_SECRET } from '../../src/manifests/names.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { only, parseStream, readManifest } from '../manifests/manifest-files.js';
import { runGenerate, runOpenssl } from './run-generate.js';

describe('certs/generate.sh', function () {
  this.timeout(60_000);
  let out = '';
  const read = (name: string) => readFileSync(path.join(out, name), 'utf8');

  before(() => {
    out = mkdtempSync(path.join(tmpdir(), 'certs-'));
    const run = runGenerate(['--out', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^new CA: /);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('makes a serving certificate that `openssl verify` accepts against the CA it made', () => {
    const verify = runOpenssl(['verify', '-CAfile', path.join(out, 'ca.crt'), path.join(out, 'tls.crt')]);
    assert.equal(verify.status, 0, verify.stderr);
    assert.equal(verify.stdout.trim(), `${path.join(out, 'tls.crt')}: OK`);
  });

  it('names the short and long Service names, for server authentication only, not as a CA', () => {
    const certificate = new X509Certificate(read('tls.crt'));
    assert.equal(certificate.subjectAltName, SERVICE_DNS_NAMES.map((name) => `DNS:${name}`).join(', '));
    assert.deepEqual(SERVICE_DNS_NAMES, [
      'dualstack-webhook', 'dualstack-webhook.dualstack-system', 'dualstack-webhook.dualstack-system.svc',
      'dualstack-webhook.dualstack-system.svc.cluster.local',
    ]);
    assert.equal(certificate.subject, 'CN=dualstack-webhook.dualstack-system.svc');
    assert.equal(certificate.ca, false);
    assert.deepEqual(certificate.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    const ca = new X509Certificate(read('ca.crt'));
    assert.equal(ca.ca, true);
    assert.ok(certificate.verify(ca.publicKey));
    assert.ok(certificate.checkIssued(ca));
  });

  it('keeps the private keys readable by the owner only', () => {
    for (const key of ['ca.key', 'tls.key']) assert.equal(statSync(path.join(out, key)).mode & 0o077, 0, key);
  });

  it('writes the Secret the Deployment mounts, with the certificate, the key and the CA', () => {
    const secret = only(parseStream(read('secret.yaml'), 'secret.yaml'), 'Secret');
    assert.deepEqual(secret.metadata.name, TLS_SECRET);
    assert.equal(secret.metadata.namespace, 'dualstack-system');
    assert.equal(secret.type, 'kubernetes.io/tls');
    for (const [key, file] of [['tls.crt', 'tls.crt'], ['tls.key', 'tls.key'], ['ca.crt', 'ca.crt']]) {
      assert.equal(Buffer.from(secret.data[key as string], 'base64').toString('utf8'), read(file as string), key);
    }
  });

  it('puts the CA into the caBundle of every webhook of both configurations', () => {
    const patches = parseStream(read('ca-bundle.yaml'), 'ca-bundle.yaml');
    const caBundle = Buffer.from(read('ca.crt')).toString('base64');
    const expected = [
      only(readManifest('base/validating-webhook-configuration.yaml'), 'ValidatingWebhookConfiguration'),
      only(readManifest('base/mutating-webhook-configuration.yaml'), 'MutatingWebhookConfiguration'),
    ];
    assert.equal(patches.length, 2);
    for (const configuration of expected) {
      const patch = only(patches, configuration.kind, configuration.metadata.name);
      assert.deepEqual(patch.webhooks, configuration.webhooks.map((webhook: { name: string }) => (
        { name: webhook.name, clientConfig: { caBundle } })));
    }
    assert.doesNotMatch(read('ca-bundle.yaml'), /CA_BUNDLE|do not edit/);
  });

  it('a second run renews the serving certificate and keeps the CA (the caBundle stays valid); --new-ca replaces it', () => {
    const [ca, serving] = [read('ca.crt'), read('tls.crt')];
    const again = runGenerate(['--out', out]);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^kept CA: /);
    assert.equal(read('ca.crt'), ca);
    assert.notEqual(read('tls.crt'), serving);
    const fresh = runGenerate(['--out', out, '--new-ca']);
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.notEqual(read('ca.crt'), ca);
    const verify = runOpenssl(['verify', '-CAfile', path.join(out, 'ca.crt'), path.join(out, 'tls.crt')]);
    assert.equal(verify.status, 0, verify.stderr);
  });

  it('--days sets the serving certificate\'s lifetime', () => {
    const run = runGenerate(['--out', out, '--days', '30']);
    assert.equal(run.status, 0, run.stderr);
    const certificate = new X509Certificate(read('tls.crt'));
    const days = (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / 86_400_000;
    assert.equal(days, 30);
  });

  it('exits 2 on an unknown argument or a bad number of days', () => {
    const unknown = runGenerate(['--bogus']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^certs\/generate\.sh: unknown argument: --bogus/);
    const days = runGenerate(['--out', out, '--days', '1e3']);
    assert.equal(days.status, 2);
    assert.match(days.stderr, /not a number of days: 1e3/);
  });
});

describe('no private key is committed', () => {
  it('git tracks no file under manifests/ or certs/ holding a private key, and ignores the generated folder', function () {
    const listed = spawnSync('git', ['ls-files', '-z', 'manifests', 'certs'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    if (listed.status !== 0) this.skip(); // not a git work tree (an unpacked package)
    const files = listed.stdout.split('\0').filter(Boolean);
    assert.ok(files.includes('certs/generate.sh'));
    for (const file of files) assert.doesNotMatch(readFileSync(path.join(PACKAGE_ROOT, file), 'utf8'), /PRIVATE KEY/, file);
    const ignored = spawnSync('git', ['check-ignore', '-q', 'manifests/overlays/certs-script/generated/secret.yaml'], { cwd: PACKAGE_ROOT });
    assert.equal(ignored.status, 0, 'manifests/overlays/certs-script/generated/ must be git-ignored');
  });
});
