import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import request from 'supertest';
import { staticFactsSource } from '../../src/cluster/facts-source.js';
import { NO_FACTS, DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import { createWebhookApp } from '../../src/server/app.js';
import { createWebhookMetrics } from '../../src/server/metrics.js';
import { DEFAULT_BODY_LIMIT } from '../../src/server/request-body.js';
import { capturingLogger, serviceReview } from './support/reviews.js';

function newApp() {
  const metrics = createWebhookMetrics(new Registry());
  const app = createWebhookApp({
    facts: staticFactsSource(NO_FACTS), settings: DEFAULT_SETTINGS, logger: capturingLogger().logger, metrics,
  });
  return { app, metrics };
}

function assertStatus(body: Record<string, unknown>, code: number, reason: string, message?: RegExp): void {
  assert.equal(body.apiVersion, 'v1');
  assert.equal(body.kind, 'Status');
  assert.equal(body.status, 'Failure');
  assert.equal(body.code, code);
  assert.equal(body.reason, reason);
  if (message) assert.match(String(body.message), message);
}

const REVIEW = serviceReview({ ports: [{ port: 80 }] });

describe('bad requests (docs/webhook.md "Protocol")', () => {
  const { app, metrics } = newApp();

  describe('400 Bad Request with a JSON Status', () => {
    for (const [name, body, message] of [
      ['a body that is not JSON', '{"apiVersion": ', /body is not valid JSON/],
      ['a JSON array', '[]', /must be a JSON object/],
      ['JSON null', 'null', /must be a JSON object/],
      ['an AdmissionReview v1beta1', JSON.stringify({ ...REVIEW, apiVersion: 'admission.k8s.io/v1beta1' }), /apiVersion must be "admission.k8s.io\/v1", got "admission.k8s.io\/v1beta1"/],
      ['another kind', JSON.stringify({ ...REVIEW, kind: 'TokenReview' }), /kind must be "AdmissionReview"/],
      ['no request', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }), /request is required/],
      ['a response instead of a request', JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'x', allowed: true } }), /request is required/],
      ['no uid', JSON.stringify({ ...REVIEW, request: { ...(REVIEW.request as object), uid: undefined } }), /request\.uid is required/],
      ['an empty uid', JSON.stringify({ ...REVIEW, request: { ...(REVIEW.request as object), uid: '' } }), /request\.uid is required/],
      ['no kind', JSON.stringify({ ...REVIEW, request: { ...(REVIEW.request as object), kind: 'Service' } }), /request\.kind must be/],
      ['an unknown operation', JSON.stringify({ ...REVIEW, request: { ...(REVIEW.request as object), operation: 'PATCH' } }), /request\.operation must be one of CREATE, UPDATE, DELETE, CONNECT/],
      ['a CREATE without object', JSON.stringify({ ...REVIEW, request: { ...(REVIEW.request as object), object: null } }), /request\.object must be an object for CREATE/],
      ['an UPDATE without oldObject', JSON.stringify({ ...REVIEW, request: { ...(REVIEW.request as object), operation: 'UPDATE' } }), /request\.oldObject must be an object for UPDATE/],
    ] as const) {
      it(`refuses ${name}`, async () => {
        const answer = await request(app).post('/validate').set('Content-Type', 'application/json').send(body).expect(400);
        assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
        assertStatus(answer.body, 400, 'BadRequest', message);
      });
    }
  });

  describe('415 Unsupported Media Type', () => {
    for (const [name, type] of [['text/plain', 'text/plain'], ['application/yaml', 'application/yaml'], ['a latin1 charset', 'application/json; charset=latin1']] as const) {
      it(`refuses Content-Type ${name}`, async () => {
        const answer = await request(app).post('/mutate').set('Content-Type', type).send(JSON.stringify(REVIEW)).expect(415);
        assertStatus(answer.body, 415, 'UnsupportedMediaType', /Content-Type/);
      });
    }
    it('refuses a body without Content-Type', async () => {
      const answer = await request(app).post('/validate').send(Buffer.from(JSON.stringify(REVIEW))).unset('Content-Type').expect(415);
      assertStatus(answer.body, 415, 'UnsupportedMediaType', /Content-Type must be application\/json/);
    });
    it('refuses a gzip Content-Encoding', async () => {
      const answer = await request(app).post('/validate').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip')
        .send(JSON.stringify(REVIEW)).expect(415);
      assertStatus(answer.body, 415, 'UnsupportedMediaType', /Content-Encoding "gzip" is not supported/);
    });
    it('accepts application/json; charset=utf-8', async () => {
      await request(app).post('/validate').set('Content-Type', 'application/json; charset=utf-8').send(JSON.stringify(REVIEW)).expect(200);
    });
  });

  describe('413 Request Entity Too Large', () => {
    function reviewOfSize(bytes: number): string {
      const text = JSON.stringify(REVIEW);
      const padded = JSON.stringify({ ...REVIEW, padding: '' });
      return padded.replace('"padding":""', `"padding":"${'x'.repeat(bytes - padded.length)}"`) || text;
    }
    it('answers a review of exactly 7 MiB', async () => {
      const body = reviewOfSize(DEFAULT_BODY_LIMIT);
      assert.equal(Buffer.byteLength(body), 7 * 1024 * 1024);
      await request(app).post('/validate').set('Content-Type', 'application/json').send(body).expect(200);
    });
    it('refuses a review one byte over 7 MiB', async () => {
      const answer = await request(app).post('/validate').set('Content-Type', 'application/json')
        .send(reviewOfSize(DEFAULT_BODY_LIMIT + 1)).expect(413);
      assertStatus(answer.body, 413, 'RequestEntityTooLarge', /larger than 7340032 bytes/);
    });
  });

  describe('404 and 405', () => {
    it('answers 404 with a Status for an unknown path', async () => {
      const answer = await request(app).post('/admit').set('Content-Type', 'application/json').send(JSON.stringify(REVIEW)).expect(404);
      assertStatus(answer.body, 404, 'NotFound', /no route for POST \/admit/);
    });
    for (const method of ['get', 'put', 'delete', 'patch'] as const) {
      it(`answers 405 with Allow: POST to ${method.toUpperCase()} /validate`, async () => {
        const answer = await request(app)[method]('/validate').expect(405);
        assert.equal(answer.headers.allow, 'POST');
        assertStatus(answer.body, 405, 'MethodNotAllowed');
      });
    }
    it('answers 405 with Allow: GET, HEAD to POST /readyz', async () => {
      const answer = await request(app).post('/readyz').expect(405);
      assert.equal(answer.headers.allow, 'GET, HEAD');
    });
  });

  // Mocha runs a suite's own tests before its child suites: this one sits in a suite of its own to run last.
  describe('metrics of refused requests', () => {
    it('counts refused requests by status code', async () => {
      const text = await metrics.registry.metrics();
      for (const code of ['400', '404', '405', '413', '415']) {
        assert.match(text, new RegExp(`dualstack_webhook_bad_requests_total\\{code="${code}"\\} [1-9]`));
      }
    });
  });

  describe('objects nested past MAX_OBJECT_DEPTH', () => {
    // Deep enough to overflow the rules' recursion (measured: internal errors from ~5,000 levels before the bound).
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const [kind, group, version, field] of [
      ['Service', '', 'v1', 'ipFamilies'],
      ['Cluster', 'baremetal.cluster.gke.io', 'v1', 'clusterNetwork'],
      ['ClusterCIDRConfig', 'baremetal.cluster.gke.io', 'v1alpha1', 'ipv4'],
    ] as const) {
      for (const operation of ['CREATE', 'UPDATE'] as const) {
        it(`denies a ${kind} ${operation} with spec.${field} nested 100,000 levels, saying so (no internal error)`, async () => {
          const object = `{"apiVersion":"x","kind":"${kind}","metadata":{"name":"deep","namespace":"default"},"spec":{"${field}":${deepArray}}}`;
          const body = `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-deep",`
            + `"kind":{"group":"${group}","version":"${version}","kind":"${kind}"},"operation":"${operation}",`
            + `"object":${object},"oldObject":${operation === 'UPDATE' ? object : 'null'}}}`;
          for (const webhook of ['validate', 'mutate']) {
            const answer = await request(app).post(`/${webhook}`).set('Content-Type', 'application/json').send(body).expect(200);
            const qualified = group ? `${kind}.${group}` : kind;
            assert.deepEqual(answer.body.response, {
              uid: 'u-deep', allowed: false,
              status: {
                metadata: {}, status: 'Failure', reason: 'BadRequest', code: 400,
                message: `dualstack-webhook cannot judge ${qualified} "deep": request.object nests deeper than 256 levels`,
              },
            });
          }
        });
      }
    }
    // object (level 1) > spec (2) > selector's value (3) > ...: n nested maps under selector reach level n + 2.
    const serviceNested = (levels: number) => JSON.stringify(serviceReview({
      ports: [{ port: 80 }], selector: JSON.parse(`${'{"k":'.repeat(levels - 2)}"v"${'}'.repeat(levels - 2)}`),
    }));
    it('judges an object nested exactly 256 levels as usual', async () => {
      const answer = await request(app).post('/validate').set('Content-Type', 'application/json').send(serviceNested(256)).expect(200);
      assert.doesNotMatch(String(answer.body.response.status?.message ?? ''), /cannot judge|internal error/);
    });
    it('denies one nested 257 levels', async () => {
      const answer = await request(app).post('/validate').set('Content-Type', 'application/json').send(serviceNested(257)).expect(200);
      assert.equal(answer.body.response.status?.message, 'dualstack-webhook cannot judge Service "web": request.object nests deeper than 256 levels');
    });
  });

  it('never answers 500, whatever JSON arrives', async () => {
    const { app: fresh } = newApp();
    const anyRequest = fc.record({
      uid: fc.oneof(fc.string(), fc.constant(undefined), fc.integer()),
      kind: fc.oneof(
        fc.record({ group: fc.constantFrom('', 'baremetal.cluster.gke.io', 'apps'), version: fc.constantFrom('v1', 'v1alpha1'), kind: fc.constantFrom('Service', 'Cluster', 'ClusterCIDRConfig', 'NodePool', 'Pod') }),
        fc.anything(),
      ),
      operation: fc.constantFrom('CREATE', 'UPDATE', 'DELETE', 'CONNECT', 'X'),
      object: fc.oneof(fc.anything(), fc.record({ metadata: fc.anything(), spec: fc.anything() }, { requiredKeys: [] })),
      oldObject: fc.oneof(fc.anything(), fc.record({ metadata: fc.anything(), spec: fc.anything() }, { requiredKeys: [] })),
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(anyRequest, async (body) => {
      const review = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: body };
      for (const webhook of ['validate', 'mutate']) {
        const answer = await request(fresh).post(`/${webhook}`).set('Content-Type', 'application/json').send(JSON.stringify(review));
        assert.ok(answer.status === 200 || answer.status === 400, `status ${answer.status}: ${answer.text}`);
        // A rule that throws is answered as a denial with reason InternalError: no input may reach that either.
        assert.notEqual(answer.body.response?.status?.reason, 'InternalError', answer.text);
      }
    }), { numRuns: 150 });
  });
});
