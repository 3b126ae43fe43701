import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { renderPolicies, renderVap } from '../../src/manifests/validating-admission-policies.js';

const DEFAULTS = { kubeMinor: 31, maxServiceHostBits: 20, warnBindings: true };

function policy(name: string, options = DEFAULTS) {
  const found = renderPolicies(options).find((entry) => entry.name === name);
  assert.ok(found, name);
  return found;
}

describe('vap: the rules rendered as ValidatingAdmissionPolicies', () => {
  it('C-44: one policy and its Deny binding and Warn twin, exactly', () => {
    const [rendered, deny, warn] = policy('dualstack-webhook-c-44').objects;
    const labels = { 'app.kubernetes.io/part-of': 'dualstack-webhook', 'dualstack-webhook/rule': 'C-44' };
    const bad = (root: string) => `${root}.?spec.?type.orValue('') == 'admin' && ${root}.?spec.?clusterNetwork.?multipleNetworkInterfaces.orValue(false) == true`;
    const value = (root: string) => `${root}.?spec.?clusterNetwork.?multipleNetworkInterfaces.orValue(false)`;
    assert.deepEqual(rendered, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'dualstack-webhook-c-44', labels },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [{
            apiGroups: ['baremetal.cluster.gke.io'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['clusters'],
          }],
        },
        validations: [{
          // D19: the old object broke the rule too, at the same value.
          expression: `!(${bad('object')}) || (oldObject != null && ${bad('oldObject')} && ${value('object')} == ${value('oldObject')})`,
          messageExpression: "'spec.clusterNetwork.multipleNetworkInterfaces: ' + 'Forbidden: not allowed for admin clusters' + ' [C-44]'",
          message: 'spec.clusterNetwork.multipleNetworkInterfaces: multipleNetworkInterfaces: true is not allowed on type: admin. [C-44]',
          reason: 'Invalid',
        }],
      },
    });
    assert.deepEqual(deny, {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'dualstack-webhook-c-44-deny', labels },
      spec: { policyName: 'dualstack-webhook-c-44', validationActions: ['Deny'] },
    });
    assert.deepEqual(warn, {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'dualstack-webhook-c-44-warn', labels },
      spec: { policyName: 'dualstack-webhook-c-44', validationActions: ['Warn'] },
    });
  });

  it('--no-warn-bindings: deny rules keep only the Deny binding; warn rules keep their Warn binding', () => {
    const options = { ...DEFAULTS, warnBindings: false };
    assert.deepEqual(policy('dualstack-webhook-c-44', options).objects.slice(1).map((object) => (object.spec as { validationActions: string[] }).validationActions), [['Deny']]);
    assert.deepEqual(policy('dualstack-webhook-c-4', options).objects.slice(1).map((object) => (object.spec as { validationActions: string[] }).validationActions), [['Warn']]);
  });

  it('a param rule reads the Cluster of the object\'s namespace: paramKind, paramRef selector without namespace (VP-2)', () => {
    const [rendered, deny] = policy('dualstack-webhook-r-10').objects as [{ spec: Record<string, unknown> }, { spec: Record<string, unknown> }];
    assert.deepEqual(rendered.spec.paramKind, { apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'Cluster' });
    assert.deepEqual(deny.spec.paramRef, { selector: {}, parameterNotFoundAction: 'Allow' });
    assert.deepEqual((policy('dualstack-webhook-r-1').objects[1] as { spec: Record<string, unknown> }).spec.paramRef,
      { selector: {}, parameterNotFoundAction: 'Deny' });
  });

  it('C-28 and C-39 carry their cost guard as a matchCondition; a rule for two kinds gets one policy per kind', () => {
    const guard = (name: string) => ((policy(name).objects[0] as { spec: { matchConditions?: { name: string; expression: string }[] } }).spec.matchConditions);
    assert.deepEqual(guard('dualstack-webhook-c-28'), [{ name: 'cost-guard', expression: "object.?spec.?loadBalancer.?addressPools.orValue([]).map(p, size(p.?addresses.orValue([]))).sum() <= 128" }]);
    assert.deepEqual(guard('dualstack-webhook-c-39'), [{ name: 'cost-guard', expression: "size(object.?spec.?controlPlane.?nodePoolSpec.?nodes.orValue([])) + size(object.?spec.?loadBalancer.?nodePoolSpec.?nodes.orValue([])) <= 128" }]);
    assert.ok(policy('dualstack-webhook-c-38-cluster'));
    assert.deepEqual((policy('dualstack-webhook-c-38-nodepool').objects[0] as { spec: { matchConstraints: { resourceRules: { resources: string[] }[] } } }).spec.matchConstraints.resourceRules[0]!.resources, ['nodepools']);
  });

  it('the output: a header that counts the coverage and names what is left, then one YAML stream of valid objects', () => {
    const text = renderVap(DEFAULTS);
    const header = text.slice(0, text.indexOf('\n---\n')).split('\n');
    assert.equal(header[0], '# dualstack-webhook vap: ValidatingAdmissionPolicies for Kubernetes 1.31+ (admissionregistration.k8s.io/v1)');
    assert.match(header[1]!, /^# covers 50 of the 50 one-object rules of Clusters, NodePools and ClusterCIDRConfigs: C-2, C-3, /);
    assert.equal(header[2], '# with the Cluster of the object\'s namespace as params: R-1, R-9, R-10, R-15, X-1');
    assert.ok(header.includes('#   X-2: an "exists" over other objects (some ClusterCIDRConfig with ipv6): not expressible (VP-1)'));
    assert.ok(header.some((line) => line.startsWith('#   C-39: only while the control-plane and load-balancer node pools hold at most 128 nodes')));
    const documents = parseAllDocuments(text);
    assert.ok(documents.every((document) => document.errors.length === 0));
    const objects = documents.map((document) => document.toJS() as { kind: string } | null).filter((object) => object !== null);
    const policies = objects.filter((object) => object.kind === 'ValidatingAdmissionPolicy').length;
    // 50 one-object rules and 5 param rules, C-38 once per kind: 56 policies; a Deny binding and its
    // Warn twin for each of the 40 deny policies, the Warn binding of each of the 16 warn policies: 96 bindings.
    assert.equal(policies, 56);
    assert.equal(renderPolicies(DEFAULTS).length, 56);
    assert.equal(objects.length - policies, 96);
    assert.equal(objects.filter((object) => object.kind === 'ValidatingAdmissionPolicyBinding').length, 96);
  });
});

describe('docs/vap.md shows the header the command prints', () => {
  it('the block after "its text for the defaults" is the render\'s header', () => {
    const docs = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'vap.md'), 'utf8');
    const block = /its text for the defaults\)[^`]*```\n([\s\S]*?)```/.exec(docs)?.[1];
    const text = renderVap(DEFAULTS);
    assert.equal(block, `${text.slice(0, text.indexOf('\n---\n'))}\n`);
  });
});
