import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import request from 'supertest';
import { staticFactsSource } from '../../src/cluster/facts-source.js';
import { loadFactsFromFile } from '../../src/cluster/facts-from-file.js';
import { EXAMPLE_CLUSTER_CONFIG } from '../../src/paths.js';
import { DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import { type Judgement, warningLine, warningOf } from '../../src/rules/judgement.js';
import { type JudgeRequest } from '../../src/rules/registry.js';
import { type WebhookAppDependencies, createWebhookApp } from '../../src/server/app.js';
import { createWebhookMetrics } from '../../src/server/metrics.js';
import {
  applyPatch, capturingLogger, decodePatch, fixture, reviewOf, serviceReview,
} from './support/reviews.js';

const facts = staticFactsSource(await loadFactsFromFile(EXAMPLE_CLUSTER_CONFIG));

function appWith(overrides: Partial<WebhookAppDependencies> = {}) {
  const { logger, lines } = capturingLogger();
  const metrics = createWebhookMetrics(new Registry());
  const app = createWebhookApp({ facts, settings: DEFAULT_SETTINGS, logger, metrics, ...overrides });
  return { app, lines, metrics };
}

function judging(judgement: Partial<Judgement>): (request: JudgeRequest) => Judgement {
  return () => ({ causes: [], warnings: [], patch: [], ...judgement });
}

// A cause the Service schema gives whatever the rules say: a namespace that is not a string.
const BAD_NAMESPACE_SERVICE = serviceReview({ ports: [{ port: 80 }] }, {
  object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 7 }, spec: { ports: [{ port: 80 }] } },
});

describe('AdmissionReview v1 protocol', () => {
  for (const webhook of ['validate', 'mutate']) {
    it(`answers an AdmissionReview v1 on /${webhook} with response.uid equal to request.uid`, async () => {
      const { app } = appWith();
      const review = fixture('service-create-review.json');
      const answer = await request(app).post(`/${webhook}`).send(review).expect(200);
      assert.equal(answer.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(answer.body.apiVersion, 'admission.k8s.io/v1');
      assert.equal(answer.body.kind, 'AdmissionReview');
      assert.equal(answer.body.response.uid, '705ab4f5-6393-11e8-b7cc-42010a800002');
    });
  }

  it('accepts the ?timeout= query kube-apiserver appends, and the trailing-slash spelling', async () => {
    const { app } = appWith();
    const review = fixture('service-create-review.json');
    for (const path of ['/validate?timeout=10s', '/mutate?timeout=5s', '/validate/']) {
      const answer = await request(app).post(path).send(review).expect(200);
      assert.equal(answer.body.response.uid, '705ab4f5-6393-11e8-b7cc-42010a800002', path);
    }
  });

  it('admits a kind it does not judge, unchanged (a ConfigMap)', async () => {
    const { app } = appWith({ judge: () => { throw new Error('must not be called'); } });
    const review = reviewOf({ kind: 'ConfigMap', uid: 'u-cm', object: { metadata: { name: 'x' }, data: {} } });
    for (const webhook of ['validate', 'mutate']) {
      const answer = await request(app).post(`/${webhook}`).send(review).expect(200);
      assert.deepEqual(answer.body.response, { uid: 'u-cm', allowed: true });
    }
  });

  it('judges a NodePool at admission: its schema, before any rule', async () => {
    const review = reviewOf({
      group: 'baremetal.cluster.gke.io', kind: 'NodePool', uid: 'u-np',
      object: { metadata: { name: 'np', namespace: 7 }, spec: {} },
    });
    const answer = await request(appWith().app).post('/validate').send(review).expect(200);
    assert.equal(answer.body.response.allowed, false);
    assert.match(answer.body.response.status.message,
      /^NodePool\.baremetal\.cluster\.gke\.io "np" is invalid: .*metadata\.namespace: Invalid value: 7: must be of type string \[SCHEMA\]/);
  });
});

describe('denials as apimachinery NewInvalid', () => {
  it('denies with 422 Invalid, the Kubernetes message and details.causes', async () => {
    const { app } = appWith();
    const answer = await request(app).post('/validate').send(BAD_NAMESPACE_SERVICE).expect(200);
    assert.deepEqual(answer.body.response, {
      uid: 'c1b6c4a8-0000-4000-8000-000000000001',
      allowed: false,
      status: {
        metadata: {},
        status: 'Failure',
        message: 'Service "web" is invalid: metadata.namespace: Invalid value: 7: must be of type string [SCHEMA]',
        reason: 'Invalid',
        details: {
          name: 'web',
          kind: 'Service',
          causes: [{
            reason: 'FieldValueInvalid', field: 'metadata.namespace', message: 'Invalid value: 7: must be of type string [SCHEMA]',
          }],
        },
        code: 422,
      },
    });
  });

  it('qualifies a non-core kind with its group and joins several causes in [...]', async () => {
    const { app } = appWith({
      judge: judging({
        causes: [
          { reason: 'FieldValueInvalid', field: 'spec.a', message: 'Invalid value: 1: too big [C-1]', rule: 'C-1' },
          { reason: 'FieldValueRequired', field: 'spec.b', message: 'Required value [C-2]', rule: 'C-2' },
        ],
      }),
    });
    const review = reviewOf({
      group: 'baremetal.cluster.gke.io', kind: 'Cluster', name: 'dual-stack', namespace: 'cluster-dual-stack',
      object: { metadata: { name: 'dual-stack', namespace: 'cluster-dual-stack' }, spec: {} },
    });
    const answer = await request(app).post('/validate').send(review).expect(200);
    const { status } = answer.body.response;
    assert.equal(status.message,
      'Cluster.baremetal.cluster.gke.io "dual-stack" is invalid: [spec.a: Invalid value: 1: too big [C-1], spec.b: Required value [C-2]]');
    assert.equal(status.details.group, 'baremetal.cluster.gke.io');
    assert.equal(status.details.kind, 'Cluster');
    assert.deepEqual(status.details.causes.map((cause: { field: string }) => cause.field), ['spec.a', 'spec.b']);
  });

  it('denies on /mutate too, without warnings', async () => {
    const { app } = appWith({
      judge: judging({
        causes: [{ reason: 'FieldValueInvalid', field: 'spec.x', message: 'Invalid value: 1: no [S-1]', rule: 'S-1' }],
        warnings: [warningOf('S-10', 'a warning')],
        patch: [{ op: 'add', path: '/spec/ipFamilyPolicy', value: 'SingleStack' }],
      }),
    });
    const answer = await request(app).post('/mutate').send(serviceReview({})).expect(200);
    assert.equal(answer.body.response.allowed, false);
    assert.equal(answer.body.response.warnings, undefined);
    assert.equal(answer.body.response.patch, undefined);
  });

  it('takes the name from the object on CREATE with generateName (request.name empty)', async () => {
    const { app } = appWith();
    const review = serviceReview({}, {
      name: '',
      object: { apiVersion: 'v1', kind: 'Service', metadata: { generateName: 'web-', namespace: 7 }, spec: {} },
    });
    const answer = await request(app).post('/validate').send(review).expect(200);
    assert.match(answer.body.response.status.message, /^Service "" is invalid: metadata\.namespace/);
  });
});

describe('warnings and patches: /validate warns, /mutate patches', () => {
  const judgement = {
    warnings: [warningOf('S-10', 'IPv6 external address cannot be assigned: pools lack IPv6')],
    patch: [
      { op: 'add' as const, path: '/spec/ipFamilyPolicy', value: 'SingleStack' },
      { op: 'add' as const, path: '/spec/ipFamilies', value: ['IPv4'] },
    ],
  };

  it('/validate answers the warnings with their rule IDs and never a patch', async () => {
    const { app } = appWith({ judge: judging(judgement) });
    const answer = await request(app).post('/validate').send(serviceReview({})).expect(200);
    assert.deepEqual(answer.body.response, {
      uid: 'c1b6c4a8-0000-4000-8000-000000000001', allowed: true, warnings: judgement.warnings.map(warningLine),
    });
  });

  it('/mutate answers patchType JSONPatch and the base64 RFC 6902 array, no warnings', async () => {
    const { app } = appWith({ judge: judging(judgement) });
    const answer = await request(app).post('/mutate').send(serviceReview({})).expect(200);
    assert.equal(answer.body.response.patchType, 'JSONPatch');
    assert.deepEqual(decodePatch(answer.body.response.patch), judgement.patch);
    assert.equal(answer.body.response.warnings, undefined);
  });

  it('/mutate leaves patch and patchType out when nothing changes', async () => {
    const { app } = appWith({ judge: judging({}) });
    const answer = await request(app).post('/mutate').send(serviceReview({})).expect(200);
    assert.deepEqual(answer.body.response, { uid: 'c1b6c4a8-0000-4000-8000-000000000001', allowed: true });
  });

  it('never patches a kind that does not mutate (Cluster: D5)', async () => {
    const { app } = appWith({ judge: judging(judgement) });
    const review = reviewOf({ group: 'baremetal.cluster.gke.io', kind: 'Cluster', object: { metadata: { name: 'c' } } });
    const answer = await request(app).post('/mutate').send(review).expect(200);
    assert.deepEqual(answer.body.response, { uid: 'c1b6c4a8-0000-4000-8000-000000000001', allowed: true });
  });

  it('judges a dryRun request the same', async () => {
    const { app } = appWith();
    const dry = structuredClone(BAD_NAMESPACE_SERVICE) as { request: { dryRun: boolean } };
    dry.request.dryRun = true;
    const wet = await request(app).post('/validate').send(BAD_NAMESPACE_SERVICE).expect(200);
    const answer = await request(app).post('/validate').send(dry).expect(200);
    assert.deepEqual(answer.body.response, wet.body.response);
  });

  for (const [name, spec] of [
    ['no ipFamilyPolicy', { selector: { app: 'web' }, ports: [{ port: 80 }] }],
    ['headless without selector', { clusterIP: 'None', ports: [{ port: 80 }] }],
    ['PreferDualStack', { ipFamilyPolicy: 'PreferDualStack', ports: [{ port: 80 }] }],
    ['ExternalName', { type: 'ExternalName', externalName: 'example.com' }],
  ] as const) {
    it(`is idempotent on a Service with ${name}: the patched object gets no second patch`, async () => {
      const { app } = appWith();
      const review = serviceReview(spec as Record<string, unknown>) as { request: { object: unknown } };
      const first = await request(app).post('/mutate').send(review).expect(200);
      assert.equal(first.body.response.allowed, true);
      if (!first.body.response.patch) return;
      const patched = structuredClone(review);
      patched.request.object = applyPatch(review.request.object, decodePatch(first.body.response.patch));
      const second = await request(app).post('/mutate').send(patched).expect(200);
      assert.equal(second.body.response.patch, undefined);
      assert.equal(second.body.response.patchType, undefined);
    });
  }
});

describe('a rule that throws', () => {
  it('is denied with a message that says an internal error happened, logged with the uid and counted', async () => {
    const { app, lines, metrics } = appWith({ judge: () => { throw new TypeError('boom'); } });
    const answer = await request(app).post('/validate').send(serviceReview({}, { uid: 'u-bug' })).expect(200);
    assert.deepEqual(answer.body.response, {
      uid: 'u-bug',
      allowed: false,
      status: {
        metadata: {},
        status: 'Failure',
        message: 'dualstack-webhook could not judge Service "web": internal error (logged with uid u-bug); the request is denied',
        reason: 'InternalError',
        code: 500,
      },
    });
    const logged = lines.find((line) => line.uid === 'u-bug');
    assert.equal(logged?.level, 50);
    assert.match(String((logged?.err as { message?: string }).message), /boom/);
    const text = await metrics.registry.metrics();
    assert.match(text, /dualstack_webhook_internal_errors_total\{webhook="validate",kind="Service"\} 1/);
  });
});

/** A copy of `review` under another uid. */
function judged(review: Record<string, unknown>, uid: string): Record<string, unknown> {
  const copy = structuredClone(review) as { request: { uid: string } };
  copy.request.uid = uid;
  return copy;
}

describe('one log line per review', () => {
  it('logs uid, kind, namespace/name, operation, decision, rule IDs and duration', async () => {
    const { app, lines } = appWith();
    await request(app).post('/validate').send(BAD_NAMESPACE_SERVICE).expect(200);
    const reviews = lines.filter((line) => line.msg === 'review');
    assert.equal(reviews.length, 1);
    const line = reviews[0]!;
    assert.deepEqual(
      { ...line, time: undefined, pid: undefined, hostname: undefined, durationMs: undefined },
      {
        level: 30, time: undefined, pid: undefined, hostname: undefined, msg: 'review', durationMs: undefined,
        uid: 'c1b6c4a8-0000-4000-8000-000000000001', webhook: 'validate', kind: 'Service', namespace: 'default',
        name: 'web', operation: 'CREATE', dryRun: false, decision: 'denied', allowed: false, denied: ['SCHEMA'], warned: [],
      },
    );
    assert.equal(typeof line.durationMs, 'number');
  });

  it('logs an allowed review at debug and a denied, warned or patched one at info; the metrics count all of them', async () => {
    const { app, lines, metrics } = appWith();
    const decisions: [string, string, Record<string, unknown>][] = [
      ['validate', 'allowed', serviceReview({ ports: [{ port: 80 }] }, { uid: 'u-allowed' })],
      ['validate', 'denied', judged(BAD_NAMESPACE_SERVICE, 'u-denied')],
      ['mutate', 'patched', serviceReview({ ports: [{ port: 80 }] }, { uid: 'u-patched' })],
    ];
    for (const [webhook, , review] of decisions) await request(app).post(`/${webhook}`).send(review).expect(200);
    const { app: warningApp, lines: warningLines } = appWith({ judge: judging({ warnings: [warningOf('S-7', 'a warning')] }) });
    await request(warningApp).post('/validate').send(serviceReview({}, { uid: 'u-warned' })).expect(200);
    const logged = [...lines, ...warningLines].filter((line) => line.msg === 'review')
      .map((line) => [line.uid, line.decision, line.level]);
    assert.deepEqual(logged, [
      ['u-allowed', 'allowed', 20],
      ['u-denied', 'denied', 30],
      ['u-patched', 'patched', 30],
      ['u-warned', 'warned', 30],
    ]);
    const text = await metrics.registry.metrics();
    assert.match(text, /dualstack_webhook_requests_total\{webhook="validate",kind="Service",operation="CREATE",decision="allowed"\} 1/);
    assert.match(text, /dualstack_webhook_requests_total\{webhook="validate",kind="Service",operation="CREATE",decision="denied"\} 1/);
    assert.match(text, /dualstack_webhook_requests_total\{webhook="mutate",kind="Service",operation="CREATE",decision="patched"\} 1/);
  });
});
