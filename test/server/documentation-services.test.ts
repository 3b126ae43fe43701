import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Registry } from 'prom-client';
import request from 'supertest';
import { staticFactsSource } from '../../src/cluster/facts-source.js';
import { loadFactsFromFile } from '../../src/cluster/facts-from-file.js';
import { EXAMPLE_CLUSTER_CONFIG, PACKAGE_ROOT } from '../../src/paths.js';
import { DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import { createWebhookApp } from '../../src/server/app.js';
import { createWebhookMetrics } from '../../src/server/metrics.js';
import { applyPatch, capturingLogger, decodePatch, serviceReview } from './support/reviews.js';
import { yamlObjects } from '../support/yaml.js';

// The documentation's cluster: services 172.16.0.0/20 (primary) and fd12::5:0/116.
const app = createWebhookApp({
  facts: staticFactsSource(await loadFactsFromFile(EXAMPLE_CLUSTER_CONFIG)),
  settings: DEFAULT_SETTINGS,
  logger: capturingLogger().logger,
  metrics: createWebhookMetrics(new Registry()),
});

function example(name: string): Record<string, unknown> {
  const object = yamlObjects<{ metadata: Record<string, unknown> }>(readFileSync(path.join(PACKAGE_ROOT, 'examples', name), 'utf8'))[0]!;
  return { ...object, metadata: { ...object.metadata, namespace: 'default' } };
}

async function review(webhook: 'mutate' | 'validate', body: object) {
  return (await request(app).post(`/${webhook}`).send(body).expect(200)).body.response;
}

describe('the documentation\'s Services on the documentation\'s cluster', () => {
  it('S-9: a Service CREATE without ipFamilyPolicy gets the patch to what kube-apiserver reaches (SingleStack [IPv4])', async () => {
    const body = serviceReview({ selector: { app: 'web' }, ports: [{ port: 80 }] }) as { request: { object: unknown } };
    const answer = await review('mutate', body);
    assert.equal(answer.allowed, true);
    assert.equal(answer.patchType, 'JSONPatch');
    assert.deepEqual(decodePatch(answer.patch), [
      { op: 'add', path: '/spec/ipFamilyPolicy', value: 'SingleStack' },
      { op: 'add', path: '/spec/ipFamilies', value: ['IPv4'] },
    ]);
    const patched = structuredClone(body);
    patched.request.object = applyPatch(body.request.object, decodePatch(answer.patch));
    const again = await review('mutate', patched);
    assert.deepEqual(again, { uid: 'c1b6c4a8-0000-4000-8000-000000000001', allowed: true });
  });

  it('S-9: PreferDualStack on CREATE gets both families, primary first', async () => {
    const answer = await review('mutate', serviceReview({ selector: { app: 'web' }, ports: [{ port: 80 }], ipFamilyPolicy: 'PreferDualStack' }));
    assert.deepEqual(decodePatch(answer.patch), [{ op: 'add', path: '/spec/ipFamilies', value: ['IPv4', 'IPv6'] }]);
  });

  it('S-9: an UPDATE that leaves ipFamilyPolicy out inherits the old policy and families (KS-3)', async () => {
    const spec = { selector: { app: 'web' }, ports: [{ port: 80 }], clusterIP: '172.16.0.10', clusterIPs: ['172.16.0.10', 'fd12::5:10'] };
    const old = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ...spec, ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'] } };
    const answer = await review('mutate', serviceReview({}, { operation: 'UPDATE', object: { ...old, spec }, oldObject: old }));
    assert.deepEqual(decodePatch(answer.patch), [
      { op: 'add', path: '/spec/ipFamilyPolicy', value: 'PreferDualStack' },
      { op: 'add', path: '/spec/ipFamilies', value: ['IPv4', 'IPv6'] },
    ]);
  });

  it('S-2: denies SingleStack with two families with kube-apiserver\'s exact message', async () => {
    const answer = await review('validate', serviceReview({ ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'], ports: [{ port: 80 }] }));
    assert.equal(answer.allowed, false);
    assert.equal(answer.status.code, 422);
    assert.equal(answer.status.reason, 'Invalid');
    assert.equal(answer.status.message,
      'Service "web" is invalid: spec.ipFamilyPolicy: Invalid value: "SingleStack": must be \'RequireDualStack\' or \'PreferDualStack\' when multiple IP families are specified [S-2]');
    assert.deepEqual(answer.status.details.causes, [{
      reason: 'FieldValueInvalid', field: 'spec.ipFamilyPolicy',
      message: 'Invalid value: "SingleStack": must be \'RequireDualStack\' or \'PreferDualStack\' when multiple IP families are specified [S-2]',
    }]);
  });

  for (const name of ['my-cip-service.yaml', 'my-lb-service.yaml']) {
    it(`admits examples/${name} (RequireDualStack, IPv6 first) unchanged on both webhooks`, async () => {
      const object = example(name);
      const body = serviceReview({}, { name: String((object.metadata as { name: string }).name), object });
      for (const webhook of ['mutate', 'validate'] as const) {
        const answer = await review(webhook, body);
        assert.equal(answer.allowed, true);
        assert.equal(answer.patch, undefined);
      }
    });
  }
});
