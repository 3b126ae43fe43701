import assert from 'node:assert/strict';
import { environmentVariableFor } from '../../src/environment-variables.js';
import { SERVE_OPTIONS } from '../../src/cli/serve/serve-options.js';
import { WATCHED_RESOURCES } from '../../src/cluster/kube-resources.js';
import { type KubeObject, only, readManifest } from './manifest-files.js';

const deployment = only(readManifest('base/deployment.yaml'), 'Deployment', 'dualstack-webhook');
const pod = deployment.spec.template.spec as KubeObject;
const container = (pod.containers as KubeObject[]).find((entry) => entry.name === 'webhook') as KubeObject;
const envOf = (name: string) => (container.env as KubeObject[]).find((entry) => entry.name === name)?.value;

describe('manifests: the Deployment', () => {
  it('runs 2 replicas in dualstack-system, spread over nodes and zones', () => {
    assert.equal(deployment.metadata.namespace, 'dualstack-system');
    assert.equal(deployment.spec.replicas, 2);
    const term = pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
    assert.equal(term.topologyKey, 'kubernetes.io/hostname');
    assert.deepEqual(term.labelSelector.matchLabels, deployment.spec.selector.matchLabels);
    assert.equal(pod.topologySpreadConstraints[0].topologyKey, 'topology.kubernetes.io/zone');
  });

  it('keeps both replicas serving during a rollout (maxUnavailable 0)', () => {
    assert.deepEqual(deployment.spec.strategy.rollingUpdate, { maxSurge: 1, maxUnavailable: 0 });
  });

  it('probes readiness on /readyz and liveness on /healthz over HTTPS on the serving port', () => {
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/readyz', port: 'https', scheme: 'HTTPS' });
    assert.deepEqual(container.livenessProbe.httpGet, { path: '/healthz', port: 'https', scheme: 'HTTPS' });
    assert.deepEqual(container.ports, [{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
    assert.equal(envOf('DUALSTACK_WEBHOOK_PORT'), '8443');
  });

  it('runs non-root, read-only root filesystem, no privilege escalation, no capabilities', () => {
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.ok(pod.securityContext.runAsUser > 0);
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
    assert.equal(container.securityContext.readOnlyRootFilesystem, true);
    assert.equal(container.securityContext.allowPrivilegeEscalation, false);
    assert.deepEqual(container.securityContext.capabilities, { drop: ['ALL'] });
  });

  it('requests CPU and memory and sets no CPU limit', () => {
    assert.ok(container.resources.requests.cpu);
    assert.ok(container.resources.requests.memory);
    assert.equal(container.resources.limits?.cpu, undefined);
  });

  it('mounts the serving certificate from Secret dualstack-webhook-tls where the TLS options point', () => {
    const volume = (pod.volumes as KubeObject[]).find((entry) => entry.secret);
    assert.equal(volume?.secret.secretName, 'dualstack-webhook-tls');
    const mount = (container.volumeMounts as KubeObject[]).find((entry) => entry.name === volume?.name);
    assert.equal(mount?.readOnly, true);
    assert.equal(mount?.subPath, undefined, 'a subPath mount would never see a renewed certificate');
    assert.equal(envOf('DUALSTACK_WEBHOOK_TLS_CERT'), `${mount?.mountPath}/tls.crt`);
    assert.equal(envOf('DUALSTACK_WEBHOOK_TLS_KEY'), `${mount?.mountPath}/tls.key`);
  });

  it('sets only environment variables that `serve` reads (base and workload patch)', () => {
    const known = new Set(Object.keys(SERVE_OPTIONS).map(environmentVariableFor));
    const patch = only(readManifest('overlays/workload-cert-manager/workload.yaml'), 'Deployment', 'dualstack-webhook');
    const names = [...container.env, ...patch.spec.template.spec.containers[0].env].map((entry: KubeObject) => entry.name);
    assert.deepEqual(names.filter((name) => !known.has(name)), []);
    assert.equal(envOf('DUALSTACK_WEBHOOK_SHUTDOWN_DELAY'), '5');
    assert.ok(pod.terminationGracePeriodSeconds > 5);
  });

  it('reads the cluster facts from the API on the admin side (--watch), never the example cluster', () => {
    assert.equal(envOf('DUALSTACK_WEBHOOK_WATCH'), 'true');
    assert.equal(envOf('DUALSTACK_WEBHOOK_CLUSTER_CONFIG'), undefined);
    assert.equal(pod.serviceAccountName, 'dualstack-webhook');
  });
});

describe('manifests: Service, PodDisruptionBudget, Namespace, RBAC', () => {
  it('the Service sends 443 to the pods\' 8443', () => {
    const service = only(readManifest('base/service.yaml'), 'Service', 'dualstack-webhook');
    assert.equal(service.metadata.namespace, 'dualstack-system');
    assert.deepEqual(service.spec.selector, deployment.spec.selector.matchLabels);
    assert.deepEqual(service.spec.ports, [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }]);
  });

  it('the PodDisruptionBudget keeps one of the two pods', () => {
    const budget = only(readManifest('base/pod-disruption-budget.yaml'), 'PodDisruptionBudget');
    assert.equal(budget.spec.minAvailable, 1);
    assert.deepEqual(budget.spec.selector.matchLabels, deployment.spec.selector.matchLabels);
  });

  it('the Namespace is dualstack-system and enforces the restricted pod security standard', () => {
    const namespace = only(readManifest('base/namespace.yaml'), 'Namespace');
    assert.equal(namespace.metadata.name, 'dualstack-system');
    assert.equal(namespace.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
  });

  it('the ClusterRole lists and watches the fact kinds, nothing more, bound to the ServiceAccount', () => {
    const objects = readManifest('base/rbac.yaml');
    const role = only(objects, 'ClusterRole', 'dualstack-webhook');
    assert.deepEqual(role.rules, [
      { apiGroups: ['baremetal.cluster.gke.io'], resources: ['clustercidrconfigs', 'clusters', 'nodepools'], verbs: ['list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['servicecidrs'], verbs: ['list', 'watch'] },
    ]);
    const binding = only(objects, 'ClusterRoleBinding', 'dualstack-webhook');
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'dualstack-webhook' });
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'dualstack-webhook', namespace: 'dualstack-system' }]);
    assert.equal(only(readManifest('base/service-account.yaml'), 'ServiceAccount').metadata.name, 'dualstack-webhook');
  });

  it('grants list and watch on every resource `serve --watch` reads', () => {
    const role = only(readManifest('base/rbac.yaml'), 'ClusterRole', 'dualstack-webhook');
    for (const resource of WATCHED_RESOURCES) {
      const rule = (role.rules as KubeObject[]).find((entry) => entry.apiGroups.includes(resource.group)
        && entry.resources.includes(resource.plural));
      assert.deepEqual(rule?.verbs, ['list', 'watch'], resource.plural);
    }
  });
});
