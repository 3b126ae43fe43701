import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Agent } from 'node:https';
import path from 'node:path';
import { Registry } from 'prom-client';
import { staticFactsSource } from '../../src/cluster/facts-source.js';
import { loadFactsFromFile } from '../../src/cluster/facts-from-file.js';
import { EXAMPLE_CLUSTER_CONFIG } from '../../src/paths.js';
import { DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import {
  generateCertificateAuthority, issueClientCertificate, issueServingCertificate,
} from '../../src/server/dev-certificates.js';
import { createWebhookMetrics } from '../../src/server/metrics.js';
import { type RunningWebhookServer, type WebhookServerConfig, startWebhookServer } from '../../src/server/webhook-server.js';
import { type TestCertificates, makeTestCertificates, removeTestCertificates, replaceFile } from './support/certificates.js';
import { type HttpsAnswer, httpsCall } from './support/https-client.js';
import { capturingLogger, fixtureText } from './support/reviews.js';

const facts = staticFactsSource(await loadFactsFromFile(EXAMPLE_CLUSTER_CONFIG));
const REVIEW = fixtureText('service-create-review.json');

async function serve(certificates: TestCertificates, overrides: Partial<WebhookServerConfig> = {}): Promise<RunningWebhookServer> {
  return startWebhookServer({
    host: '127.0.0.1', port: 0, minVersion: 'TLSv1.2',
    certFile: certificates.certFile, keyFile: certificates.keyFile,
    facts, settings: DEFAULT_SETTINGS, logger: capturingLogger().logger, metrics: createWebhookMetrics(new Registry()),
    ...overrides,
  });
}

function serialOf(pem: string): string {
  return new X509Certificate(pem).serialNumber;
}

describe('HTTPS webhook server (real TLS)', () => {
  let certificates: TestCertificates;
  let running: RunningWebhookServer | undefined;

  before(async () => { certificates = await makeTestCertificates(); });
  after(removeTestCertificates);
  afterEach(async () => {
    await running?.stop({ skipDelay: true });
    running = undefined;
  });

  it('answers a review to a client that verifies the CA under the Service DNS name', async () => {
    running = await serve(certificates);
    const answer = await httpsCall({ port: running.port, ca: certificates.ca.cert, path: '/validate', body: REVIEW });
    assert.equal(answer.status, 200);
    assert.equal(JSON.parse(answer.text).response.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
  });

  it('is refused by a client that trusts another CA', async () => {
    running = await serve(certificates);
    const other = await generateCertificateAuthority('another CA');
    await assert.rejects(
      httpsCall({ port: running.port, ca: other.cert, path: '/healthz', method: 'GET' }),
      /unable to verify|self.signed|certificate/i,
    );
  });

  it('accepts TLS 1.2 by default and refuses it with --tls-min-version 1.3', async () => {
    running = await serve(certificates);
    const tls12 = await httpsCall({ port: running.port, ca: certificates.ca.cert, path: '/healthz', method: 'GET', maxVersion: 'TLSv1.2' });
    assert.equal(tls12.status, 200);
    await running.stop({ skipDelay: true });
    running = await serve(certificates, { minVersion: 'TLSv1.3' });
    await assert.rejects(
      httpsCall({ port: running.port, ca: certificates.ca.cert, path: '/healthz', method: 'GET', maxVersion: 'TLSv1.2' }),
      /protocol version|alert/i,
    );
    const tls13 = await httpsCall({ port: running.port, ca: certificates.ca.cert, path: '/healthz', method: 'GET' });
    assert.equal(tls13.status, 200);
  });

  describe('--client-ca (mutual TLS)', () => {
    it('answers a client presenting a certificate signed by the client CA', async () => {
      const clientCa = await generateCertificateAuthority('kube-apiserver client CA');
      const clientCaFile = path.join(certificates.folder, 'client-ca.crt');
      await writeFile(clientCaFile, clientCa.cert);
      running = await serve(certificates, { clientCaFile });
      const client = await issueClientCertificate(clientCa, 'kube-apiserver');
      const answer = await httpsCall({
        port: running.port, ca: certificates.ca.cert, path: '/validate', body: REVIEW, cert: client.cert, key: client.key,
      });
      assert.equal(answer.status, 200);
    });

    it('refuses a client without a certificate, and one signed by another CA', async () => {
      const clientCa = await generateCertificateAuthority('kube-apiserver client CA');
      const clientCaFile = path.join(certificates.folder, 'client-ca.crt');
      await writeFile(clientCaFile, clientCa.cert);
      running = await serve(certificates, { clientCaFile });
      await assert.rejects(httpsCall({ port: running.port, ca: certificates.ca.cert, path: '/validate', body: REVIEW }));
      const stranger = await issueClientCertificate(await generateCertificateAuthority('stranger'), 'someone');
      await assert.rejects(httpsCall({
        port: running.port, ca: certificates.ca.cert, path: '/validate', body: REVIEW, cert: stranger.cert, key: stranger.key,
      }));
    });
  });

  describe('certificate rotation', () => {
    it('serves a new certificate after the files change, with zero failed requests during the swap', async () => {
      const local = await makeTestCertificates();
      const metrics = createWebhookMetrics(new Registry());
      running = await serve(local, { metrics, certPollIntervalMs: 250 });
      const port = running.port;
      const oldSerial = serialOf(await readFile(local.certFile, 'utf8'));
      const next = await issueServingCertificate(local.ca);
      const newSerial = serialOf(next.cert);
      assert.notEqual(newSerial, oldSerial);

      const failures: unknown[] = [];
      const answers: HttpsAnswer[] = [];
      let streaming = true;
      const keepAlive = new Agent({ keepAlive: true, maxSockets: 4 });
      async function stream(fresh: boolean): Promise<void> {
        while (streaming) {
          try {
            const answer = await httpsCall({ port, ca: local.ca.cert, path: '/validate', body: REVIEW, agent: fresh ? false : keepAlive });
            if (answer.status !== 200) failures.push(answer.status);
            answers.push(answer);
          } catch (error) {
            failures.push(error);
          }
        }
      }
      const streams = [stream(true), stream(true), stream(false), stream(false)];
      while (answers.length < 20) await new Promise((resolve) => { setTimeout(resolve, 10); });
      // Certificate first, key second: between the two renames the pair does not match and must be ignored.
      await replaceFile(local.certFile, next.cert);
      await new Promise((resolve) => { setTimeout(resolve, 50); });
      await replaceFile(local.keyFile, next.key);
      while (!answers.some((answer) => answer.serialNumber === newSerial)) {
        await new Promise((resolve) => { setTimeout(resolve, 20); });
      }
      const afterSwap = answers.length;
      while (answers.length < afterSwap + 20) await new Promise((resolve) => { setTimeout(resolve, 10); });
      streaming = false;
      await Promise.all(streams);
      keepAlive.destroy();

      assert.deepEqual(failures, []);
      assert.ok(answers.some((answer) => answer.serialNumber === oldSerial));
      const fresh = await httpsCall({ port, ca: local.ca.cert, path: '/healthz', method: 'GET' });
      assert.equal(fresh.serialNumber, newSerial);
      const text = await metrics.registry.metrics();
      assert.match(text, /dualstack_webhook_certificate_reloads_total\{result="success"\} 1/);
      const notAfter = new Date(new X509Certificate(next.cert).validTo).getTime() / 1000;
      assert.match(text, new RegExp(`dualstack_webhook_certificate_expiry_timestamp_seconds ${notAfter}`));
    });

    it('keeps the current pair when the new files do not match, and takes them once they do', async () => {
      const local = await makeTestCertificates();
      const metrics = createWebhookMetrics(new Registry());
      running = await serve(local, { metrics, certPollIntervalMs: 60_000 });
      const before = await httpsCall({ port: running.port, ca: local.ca.cert, path: '/healthz', method: 'GET' });
      const next = await issueServingCertificate(local.ca);
      await replaceFile(local.certFile, next.cert);
      await running.reloader.reload();
      const during = await httpsCall({ port: running.port, ca: local.ca.cert, path: '/healthz', method: 'GET' });
      assert.equal(during.serialNumber, before.serialNumber);
      assert.match(await metrics.registry.metrics(), /dualstack_webhook_certificate_reloads_total\{result="error"\} [1-9]/);
      await replaceFile(local.keyFile, next.key);
      await running.reloader.reload();
      const after = await httpsCall({ port: running.port, ca: local.ca.cert, path: '/healthz', method: 'GET' });
      assert.equal(after.serialNumber, serialOf(next.cert));
    });
  });
});
