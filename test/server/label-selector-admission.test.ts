import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import request from 'supertest';
import { staticFactsSource } from '../../src/cluster/facts-source.js';
import { loadFactsFromFile } from '../../src/cluster/facts-from-file.js';
import { EXAMPLE_CLUSTER_CONFIG } from '../../src/paths.js';
import { DEFAULT_SETTINGS } from '../../src/rules/facts.js';
import { createWebhookApp } from '../../src/server/app.js';
import { createWebhookMetrics } from '../../src/server/metrics.js';
import { capturingLogger, reviewOf } from './support/reviews.js';
import { yamlObjects } from '../support/yaml.js';

// R-18 through POST /validate, against the documentation's cluster: its labels are admitted, a bad one is refused.
const app = createWebhookApp({
  facts: staticFactsSource(await loadFactsFromFile(EXAMPLE_CLUSTER_CONFIG)), settings: DEFAULT_SETTINGS,
  logger: capturingLogger().logger, metrics: createWebhookMetrics(new Registry()),
});

type Config = { metadata: { name: string; namespace: string }; spec: { nodeSelector?: { matchLabels?: Record<string, string> } } };

function lastConfigOf(file: string): Config {
  const configs = yamlObjects<Config & { kind: string }>(readFileSync(file, 'utf8'))
    .filter((object) => object.kind === 'ClusterCIDRConfig');
  return configs[configs.length - 1]!;
}

async function validate(config: Config) {
  const review = reviewOf({
    group: 'baremetal.cluster.gke.io', version: 'v1alpha1', kind: 'ClusterCIDRConfig',
    name: config.metadata.name, namespace: config.metadata.namespace, object: config,
  });
  return (await request(app).post('/validate').send(review).expect(200)).body.response;
}

describe('R-18 label syntax at admission (POST /validate)', () => {
  for (const file of ['examples/single-node-cluster-cidr-config.yaml', 'examples/worker-pool-cluster-cidr-config.yaml']) {
    it(`admits the documentation's labels (${file})`, async () => {
      const config = lastConfigOf(file);
      assert.equal(Object.keys(config.spec.nodeSelector?.matchLabels ?? {}).length, 1);
      assert.equal((await validate(config)).allowed, true);
    });
  }

  it('refuses examples/invalid/R-18.yaml with upstream\'s message at the label\'s entry', async () => {
    const response = await validate(lastConfigOf('examples/invalid/R-18.yaml'));
    assert.equal(response.allowed, false);
    assert.deepEqual(response.status.details.causes.map((cause: { field: string }) => cause.field),
      ['spec.nodeSelector.matchLabels[baremetal.cluster.gke.io/k8s-ip]']);
    assert.match(response.status.message, /Invalid value: "fd12::2:5": a valid label must be an empty string or consist of alphanumeric characters/);
  });
});
