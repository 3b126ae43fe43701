import assert from 'node:assert/strict';
import { generate } from 'selfsigned';
import { caBundleOf, parseWebhookUrl } from '../../src/manifests/webhook-endpoint.js';
import { renderWebhookConfigurations } from '../../src/manifests/webhook-configurations.js';
import { REGISTRY } from '../../src/rules/registry.js';
import { generateCertificateAuthority } from '../../src/server/dev-certificates.js';

const FORM = '; desired format: https://host[/path]';

// Every case below was also run through k8s.io/apiserver v0.37.2 ValidateWebhookURL: it accepts the accepted ones and
// refuses the refused ones with these words, except port 70000, which it accepts and no call could ever reach.
describe('manifests --webhook-url: the URL as kube-apiserver\'s ValidateWebhookURL judges it', () => {
  for (const [given, base] of [
    ['https://127.0.0.1:8443', 'https://127.0.0.1:8443'],
    ['https://127.0.0.1:8443/', 'https://127.0.0.1:8443'],
    ['https://[::1]:9443/hooks/', 'https://[::1]:9443/hooks'],
    ['https://Webhook.Example.com/dualstack', 'https://webhook.example.com/dualstack'],
    ['https://h?', 'https://h'],
  ] as const) {
    it(`takes ${given} as the base ${base}`, () => {
      assert.deepEqual(parseWebhookUrl(given), { ok: true, value: base });
    });
  }

  for (const [given, reason] of [
    ['http://127.0.0.1:8443', `'https' is the only allowed URL scheme (got "http")${FORM}`],
    ['localhost:8443', `'https' is the only allowed URL scheme (got "localhost")${FORM}`],
    ['127.0.0.1:8443', `url must be a valid URL${FORM}`],
    ['https:///validate', `host must be specified${FORM}`],
    ['https:127.0.0.1', `host must be specified${FORM}`],
    ['https://admin:secret@127.0.0.1', 'user information is not permitted in the URL'],
    ['https://@127.0.0.1', 'user information is not permitted in the URL'],
    ['https://127.0.0.1/#top', 'fragments are not permitted in the URL'],
    ['https://127.0.0.1/?timeout=5s', 'query parameters are not permitted in the URL'],
    ['https://127.0.0.1:70000', `url must be a valid URL${FORM}`],
    ['not a url', `url must be a valid URL: it contains blanks or control characters${FORM}`],
    [' https://127.0.0.1', `url must be a valid URL: it contains blanks or control characters${FORM}`],
    ['', `url must be a valid URL${FORM}`],
  ] as const) {
    it(`refuses ${JSON.stringify(given)}: ${reason}`, () => {
      assert.deepEqual(parseWebhookUrl(given), { ok: false, reason });
    });
  }
});

describe('manifests --ca-bundle: a PEM file of certificates only', () => {
  let ca = { cert: '', key: '' };
  before(async () => { ca = await generateCertificateAuthority('endpoint test CA'); });

  it('is the base64 of the file as given, one certificate or several', () => {
    assert.deepEqual(caBundleOf(ca.cert), { ok: true, value: Buffer.from(ca.cert).toString('base64') });
    const two = `${ca.cert}\n${ca.cert}`;
    assert.deepEqual(caBundleOf(two), { ok: true, value: Buffer.from(two).toString('base64') });
  });

  it('refuses a file with the private key in it, naming the block', () => {
    assert.deepEqual(caBundleOf(`${ca.cert}${ca.key}`), {
      ok: false,
      reason: `holds a ${/-----BEGIN ([A-Z ]+)-----/.exec(ca.key)?.[1]} block: the caBundle is readable by anyone who can `
        + 'read the webhook configuration; give the CA certificate only',
    });
  });

  it('refuses a file without a certificate, and a certificate block that is not X.509', () => {
    assert.deepEqual(caBundleOf('hello\n'), { ok: false, reason: 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)' });
    const broken = caBundleOf('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
    assert.equal(broken.ok, false);
    assert.match(broken.ok ? '' : broken.reason, /^certificate 1 is not a readable X\.509 certificate \(/);
  });

  it('refuses a certificate request (another PEM block)', () => {
    const request = '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n';
    assert.deepEqual(caBundleOf(`${ca.cert}${request}`), {
      ok: false, reason: 'holds a CERTIFICATE REQUEST block; a caBundle holds CERTIFICATE blocks only',
    });
  });

  it('refuses an expired certificate: every call would fail TLS verification', async () => {
    const expired = await generate([{ name: 'commonName', value: 'old CA' }], {
      keyType: 'ec', algorithm: 'sha256',
      notBeforeDate: new Date('2020-01-01T00:00:00Z'), notAfterDate: new Date('2021-01-01T00:00:00Z'),
    });
    assert.deepEqual(caBundleOf(`${ca.cert}${expired.cert}`), {
      ok: false, reason: 'certificate 2 (CN=old CA) expired on Jan  1 00:00:00 2021 GMT',
    });
  });
});

type Configurations = { validating: { webhooks: Record<string, unknown>[] }; mutating: { webhooks: Record<string, unknown>[] } };

function render(endpoint?: { baseUrl: string; caBundle: string }): Configurations {
  return renderWebhookConfigurations(REGISTRY, endpoint) as unknown as Configurations;
}

describe('renderWebhookConfigurations with an endpoint outside the cluster', () => {
  const { validating, mutating } = render({ baseUrl: 'https://127.0.0.1:8443', caBundle: 'Q0E=' });

  it('every validating webhook calls URL/validate, every mutating one URL/mutate, with the caBundle and no Service', () => {
    assert.deepEqual(validating.webhooks.map((webhook) => webhook.clientConfig),
      REGISTRY.map(() => ({ url: 'https://127.0.0.1:8443/validate', caBundle: 'Q0E=' })));
    assert.deepEqual(mutating.webhooks.map((webhook) => webhook.clientConfig),
      [{ url: 'https://127.0.0.1:8443/mutate', caBundle: 'Q0E=' }]);
  });

  it('keeps every other field of the in-cluster render (sideEffects None, policies, rules, selector)', () => {
    const inCluster = render();
    const withoutClient = (webhooks: Record<string, unknown>[]) => webhooks.map(({ clientConfig: _, ...rest }) => rest);
    assert.deepEqual(withoutClient(validating.webhooks), withoutClient(inCluster.validating.webhooks));
    assert.deepEqual(withoutClient(mutating.webhooks), withoutClient(inCluster.mutating.webhooks));
    for (const webhook of [...validating.webhooks, ...mutating.webhooks]) assert.equal(webhook.sideEffects, 'None');
  });
});
