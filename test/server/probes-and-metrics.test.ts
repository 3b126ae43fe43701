import assert from 'node:assert/strict';
import { Gauge, Registry, register } from 'prom-client';
import request from 'supertest';
import { type FactsSource, staticFactsSource } from '../../src/cluster/facts-source.js';
import { DEFAULT_SETTINGS, NO_FACTS } from '../../src/rules/facts.js';
import { createWebhookApp } from '../../src/server/app.js';
import { createWebhookMetrics } from '../../src/server/metrics.js';
import { servingState } from '../../src/server/serving-state.js';
import { documentsOf } from '../rules/cluster/support.js';
import { capturingLogger, reviewOf, serviceReview } from './support/reviews.js';

function appWith(facts: FactsSource = staticFactsSource(NO_FACTS), registry = new Registry()) {
  const state = servingState();
  const metrics = createWebhookMetrics(registry);
  const app = createWebhookApp({ facts, settings: DEFAULT_SETTINGS, logger: capturingLogger().logger, metrics, state });
  return { app, state, metrics };
}

const unsyncedFacts: FactsSource = {
  current: () => NO_FACTS,
  ready: () => false,
  problems: () => ['Cluster: initial list not done (connection refused)'],
  stop: async () => {},
};

describe('/healthz and /readyz', () => {
  it('/healthz answers 200 ok', async () => {
    const { app } = appWith();
    const answer = await request(app).get('/healthz').expect(200);
    assert.equal(answer.text, 'ok');
  });

  it('/readyz answers 200 when the certificate and the facts are loaded', async () => {
    const { app } = appWith();
    const answer = await request(app).get('/readyz').expect(200);
    assert.equal(answer.text, '[+]certificate ok\n[+]cluster-facts ok\n[+]shutdown ok\nreadyz check passed\n');
  });

  it('/readyz answers 503 with the facts source\'s problems while facts are not synced', async () => {
    const { app } = appWith(unsyncedFacts);
    const answer = await request(app).get('/readyz').expect(503);
    assert.equal(answer.text, [
      '[+]certificate ok', '[-]cluster-facts not synced', '    Cluster: initial list not done (connection refused)',
      '[+]shutdown ok', 'readyz check failed', '',
    ].join('\n'));
  });

  it('/readyz answers 503 without a certificate', async () => {
    const { app, state } = appWith();
    state.certificateLoaded = false;
    const answer = await request(app).get('/readyz').expect(503);
    assert.match(answer.text, /\[-\]certificate not loaded/);
  });

  it('/readyz answers 503 while draining, and answers close the connection', async () => {
    const { app, state } = appWith();
    state.draining = true;
    const answer = await request(app).get('/readyz').expect(503);
    assert.match(answer.text, /\[-\]shutdown draining/);
    assert.equal(answer.headers.connection, 'close');
    const review = await request(app).post('/validate').send(serviceReview({})).expect(200);
    assert.equal(review.headers.connection, 'close');
  });
});

describe('/metrics (Prometheus text)', () => {
  it('counts reviews by webhook, kind, operation and decision, with a latency histogram', async () => {
    const { app } = appWith();
    await request(app).post('/validate').send(serviceReview({ ports: [{ port: 80 }] })).expect(200);
    const text = (await request(app).get('/metrics').expect(200).expect('Content-Type', /text\/plain; version=0\.0\.4/)).text;
    assert.match(text, /^dualstack_webhook_requests_total\{webhook="validate",kind="Service",operation="CREATE",decision="(allowed|warned)"\} 1$/m);
    assert.match(text, /^dualstack_webhook_request_duration_seconds_bucket\{le="0\.0005",webhook="validate",kind="Service",operation="CREATE",decision="(allowed|warned)"\} \d+$/m);
    assert.match(text, /^dualstack_webhook_request_duration_seconds_count\{webhook="validate",kind="Service",operation="CREATE",decision="(allowed|warned)"\} 1$/m);
    assert.match(text, /^dualstack_webhook_requests_in_flight\{webhook="validate"\} 0$/m);
    assert.match(text, /^# TYPE dualstack_webhook_certificate_expiry_timestamp_seconds gauge$/m);
  });

  it('counts rule hits by ID: each denial adds one to its rule', async () => {
    const { app } = appWith();
    const denied = serviceReview({}, { object: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 7 }, spec: {} } });
    await request(app).post('/validate').send(denied).expect(200);
    const once = (await request(app).get('/metrics')).text;
    assert.match(once, /^dualstack_webhook_rule_hits_total\{webhook="validate",rule="SCHEMA",effect="deny"\} 1$/m);
    assert.match(once, /^dualstack_webhook_requests_total\{webhook="validate",kind="Service",operation="CREATE",decision="denied"\} 1$/m);
    await request(app).post('/validate').send(denied).expect(200);
    const twice = (await request(app).get('/metrics')).text;
    assert.match(twice, /^dualstack_webhook_rule_hits_total\{webhook="validate",rule="SCHEMA",effect="deny"\} 2$/m);
  });

  it('counts existing violations (D19) by rule: a relabelled Cluster that keeps its C-5 cause is warned, not denied', async () => {
    const { app } = appWith();
    const cluster = documentsOf('examples/invalid/C-5.yaml').find((document) => document.kind === 'Cluster')!;
    const relabelled = { ...cluster, metadata: { ...cluster.metadata, labels: { team: 'network' } } };
    const review = reviewOf({
      group: 'baremetal.cluster.gke.io', kind: 'Cluster', operation: 'UPDATE', name: 'dual-stack', namespace: 'cluster-dual-stack',
      object: relabelled, oldObject: cluster,
    });
    const answer = (await request(app).post('/validate').send(review).expect(200)).body.response;
    assert.equal(answer.allowed, true);
    const text = (await request(app).get('/metrics')).text;
    assert.match(text, /^dualstack_webhook_existing_violations_total\{webhook="validate",rule="C-5"\} 1$/m);
    assert.match(text, /^dualstack_webhook_rule_hits_total\{webhook="validate",rule="C-5",effect="warn"\} 1$/m);
    assert.match(text, /^dualstack_webhook_requests_total\{webhook="validate",kind="Cluster",operation="UPDATE",decision="warned"\} 1$/m);
  });

  it('labels a kind it does not judge "other" (request kinds never become labels)', async () => {
    const { app } = appWith();
    const review = serviceReview({}, { kind: 'SomethingMadeUp' });
    await request(app).post('/mutate').send(review).expect(200);
    const text = (await request(app).get('/metrics')).text;
    assert.match(text, /^dualstack_webhook_requests_total\{webhook="mutate",kind="other",operation="CREATE",decision="allowed"\} 1$/m);
    assert.doesNotMatch(text, /SomethingMadeUp/);
  });

  it('serves other modules\' metrics from the default registry', async () => {
    const name = 'dualstack_webhook_test_other_module_metric';
    const gauge = new Gauge({ name, help: 'registered by another module' });
    try {
      gauge.set(7);
      const { app } = appWith(undefined, register);
      const text = (await request(app).get('/metrics')).text;
      assert.match(text, new RegExp(`^${name} 7$`, 'm'));
      assert.match(text, /^# TYPE dualstack_webhook_requests_total counter$/m);
    } finally {
      register.removeSingleMetric(name);
    }
  });
});
