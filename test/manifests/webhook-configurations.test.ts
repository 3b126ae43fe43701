import assert from 'node:assert/strict';
import { REGISTRY } from '../../src/rules/registry.js';
import { type KubeObject, only, readManifest } from './manifest-files.js';

const validating = only(readManifest('base/validating-webhook-configuration.yaml'), 'ValidatingWebhookConfiguration');
const mutating = only(readManifest('base/mutating-webhook-configuration.yaml'), 'MutatingWebhookConfiguration');
const allWebhooks: KubeObject[] = [...validating.webhooks, ...mutating.webhooks];

function webhookFor(configuration: KubeObject, resource: string): KubeObject | undefined {
  return (configuration.webhooks as KubeObject[]).find((webhook) => webhook.rules.some(
    (rule: KubeObject) => rule.resources.includes(resource),
  ));
}

describe('manifests: webhook configurations', () => {
  it('every webhook speaks admission.k8s.io/v1, has no side effects, Equivalent matching and a 5 s timeout', () => {
    assert.ok(allWebhooks.length >= 4);
    for (const webhook of allWebhooks) {
      assert.deepEqual(webhook.admissionReviewVersions, ['v1'], webhook.name);
      assert.equal(webhook.sideEffects, 'None', webhook.name);
      assert.equal(webhook.matchPolicy, 'Equivalent', webhook.name);
      assert.equal(webhook.timeoutSeconds, 5, webhook.name);
    }
  });

  it('names are unique and fully qualified', () => {
    const names = allWebhooks.map((webhook) => webhook.name as string);
    assert.equal(new Set(names).size, names.length);
    for (const name of names) assert.match(name, /^[a-z0-9-]+(\.[a-z0-9-]+){2,}$/);
  });

  it('fails closed for Cluster, NodePool and ClusterCIDRConfig, open for Services (the documented choice)', () => {
    assert.equal(webhookFor(validating, 'clusters')?.failurePolicy, 'Fail');
    assert.equal(webhookFor(validating, 'nodepools')?.failurePolicy, 'Fail');
    assert.equal(webhookFor(validating, 'clustercidrconfigs')?.failurePolicy, 'Fail');
    assert.equal(webhookFor(validating, 'services')?.failurePolicy, 'Ignore');
    assert.equal(webhookFor(mutating, 'services')?.failurePolicy, 'Ignore');
  });

  it('never sees kube-system or dualstack-system', () => {
    for (const webhook of allWebhooks) {
      assert.deepEqual(webhook.namespaceSelector, {
        matchExpressions: [{
          key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'dualstack-system'],
        }],
      }, webhook.name);
    }
  });

  it('calls the Service dualstack-system/dualstack-webhook on 443, /validate or /mutate, with no caBundle in the base', () => {
    for (const [configuration, path] of [[validating, '/validate'], [mutating, '/mutate']] as const) {
      for (const webhook of configuration.webhooks as KubeObject[]) {
        assert.deepEqual(webhook.clientConfig, {
          service: { name: 'dualstack-webhook', namespace: 'dualstack-system', path, port: 443 },
        }, webhook.name);
      }
    }
  });

  it('the validating configuration covers exactly the kinds of the registry, with their operations', () => {
    assert.equal(validating.webhooks.length, REGISTRY.length);
    for (const entry of REGISTRY) {
      const webhook = webhookFor(validating, entry.resource);
      assert.ok(webhook, entry.kind);
      assert.deepEqual(webhook.rules, [{
        apiGroups: [entry.group], apiVersions: [entry.version], operations: [...entry.operations],
        resources: [entry.resource], scope: 'Namespaced',
      }]);
      assert.equal(webhook.failurePolicy, entry.failurePolicy);
    }
  });

  it('R-16: DELETE of a ClusterCIDRConfig goes to the validating webhook', () => {
    assert.deepEqual(webhookFor(validating, 'clustercidrconfigs')?.rules[0].operations, ['CREATE', 'UPDATE', 'DELETE']);
  });

  it('C-17, C-38, C-39, X-1: NodePool CREATE and UPDATE go to the validating webhook, not the mutating one', () => {
    assert.deepEqual(webhookFor(validating, 'nodepools')?.rules, [{
      apiGroups: ['baremetal.cluster.gke.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'],
      resources: ['nodepools'], scope: 'Namespaced',
    }]);
    assert.equal(webhookFor(validating, 'nodepools')?.name, 'validate-nodepools.dualstack-webhook.dualstack-system.svc');
    assert.equal(webhookFor(mutating, 'nodepools'), undefined);
  });

  it('the mutating configuration holds only the kinds that mutate (Services), CREATE and UPDATE, never reinvoked', () => {
    const mutatingKinds = REGISTRY.filter((entry) => entry.mutates).map((entry) => entry.resource);
    assert.deepEqual(mutatingKinds, ['services']);
    assert.equal(mutating.webhooks.length, 1);
    const [webhook] = mutating.webhooks as KubeObject[];
    assert.deepEqual(webhook?.rules[0].resources, ['services']);
    assert.deepEqual(webhook?.rules[0].operations, ['CREATE', 'UPDATE']);
    assert.equal(webhook?.reinvocationPolicy, 'Never');
  });
});
