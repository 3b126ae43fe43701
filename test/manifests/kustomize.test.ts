import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_DNS_NAMES } from '../../src/manifests/names.js';
import { REGISTRY } from '../../src/rules/registry.js';
import { runGenerate } from '../certs/run-generate.js';
import { type KubeObject, MANIFESTS, only, parseStream, readManifest } from './manifest-files.js';

/** Every folder of manifests/ holding a kustomization.yaml, relative to manifests/ ('.' for the top). */
function kustomizationFolders(relative = '.'): string[] {
  const folder = path.join(MANIFESTS, relative);
  const here = existsSync(path.join(folder, 'kustomization.yaml')) ? [relative] : [];
  const children = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory())
    .flatMap((entry) => kustomizationFolders(relative === '.' ? entry.name : `${relative}/${entry.name}`));
  return [...here, ...children];
}

const FOLDERS = kustomizationFolders();
// Written by certs/generate.sh before the certs-script overlays are built; never committed.
const GENERATED = /^generated\//;

describe('manifests: kustomizations (read without kubectl)', () => {
  it('finds the base, the CRDs and the four overlays', () => {
    assert.deepEqual([...FOLDERS].sort(), [
      '.', 'base', 'crds', 'overlays/cert-manager', 'overlays/certs-script', 'overlays/workload-cert-manager',
      'overlays/workload-certs-script',
    ]);
  });

  for (const folder of FOLDERS) {
    it(`${folder}: every listed file exists and parses; only fields Debian's kubectl (kustomize 2.0.3) knows`, () => {
      const [kustomization] = readManifest(`${folder}/kustomization.yaml`);
      assert.ok(kustomization);
      assert.deepEqual(Object.keys(kustomization).filter((key) => ![
        'apiVersion', 'kind', 'bases', 'resources', 'patchesStrategicMerge',
      ].includes(key)), []);
      for (const base of kustomization.bases ?? []) {
        assert.ok(statSync(path.join(MANIFESTS, folder, base)).isDirectory(), base);
        assert.ok(existsSync(path.join(MANIFESTS, folder, base, 'kustomization.yaml')), base);
      }
      for (const file of [...kustomization.resources ?? [], ...kustomization.patchesStrategicMerge ?? []]) {
        if (GENERATED.test(file)) continue;
        const objects = readManifest(`${folder}/${file}`);
        assert.ok(objects.length > 0, file);
        for (const object of objects) assert.ok(object.apiVersion && object.kind && object.metadata?.name, file);
      }
    });
  }
});

const KUBECTL = process.env.KUBECTL ?? 'kubectl';

function kubectlKustomize(folder: string): KubeObject[] {
  const result = spawnSync(KUBECTL, ['kustomize', folder], { encoding: 'utf8' });
  assert.equal(result.status, 0, `kubectl kustomize ${folder}: ${result.stderr}`);
  return parseStream(result.stdout, folder);
}

const baseValidating = only(readManifest('base/validating-webhook-configuration.yaml'), 'ValidatingWebhookConfiguration');
const baseMutating = only(readManifest('base/mutating-webhook-configuration.yaml'), 'MutatingWebhookConfiguration');

function withoutCaBundles(configuration: KubeObject): KubeObject[] {
  return (configuration.webhooks as KubeObject[]).map((webhook) => {
    const { caBundle: _, ...clientConfig } = webhook.clientConfig as KubeObject;
    return { ...webhook, clientConfig };
  });
}

function webhookConfigurations(objects: readonly KubeObject[]): KubeObject[] {
  return [only(objects, 'ValidatingWebhookConfiguration'), only(objects, 'MutatingWebhookConfiguration')];
}

function containerOf(objects: readonly KubeObject[]): KubeObject {
  return only(objects, 'Deployment', 'dualstack-webhook').spec.template.spec.containers[0];
}

function envOf(objects: readonly KubeObject[]): Record<string, string> {
  return Object.fromEntries((containerOf(objects).env as KubeObject[]).map((entry) => [entry.name, entry.value]));
}

describe('manifests: `kubectl kustomize` builds', function () {
  this.timeout(60_000);
  let copy = '';
  let caBundle = '';
  const built = new Map<string, KubeObject[]>();

  before(function () {
    const probe = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      // .ci/run installs Debian's kubernetes-client; elsewhere these cases are skipped, the ones above still run.
      process.stderr.write(`      (skipped: no kubectl (${KUBECTL}); install Debian's kubernetes-client to build the overlays)\n`);
      this.skip();
    }
    copy = mkdtempSync(path.join(tmpdir(), 'kustomize-'));
    cpSync(MANIFESTS, copy, { recursive: true });
    const generated = path.join(copy, 'overlays/certs-script/generated');
    const run = runGenerate(['--out', generated, '--template', path.join(copy, 'overlays/certs-script/ca-bundle.template.yaml')]);
    assert.equal(run.status, 0, run.stderr);
    caBundle = readFileSync(path.join(generated, 'ca.crt')).toString('base64');
    for (const folder of FOLDERS) built.set(folder, kubectlKustomize(path.join(copy, folder)));
  });
  after(() => { if (copy) rmSync(copy, { recursive: true, force: true }); });

  const objectsOf = (folder: string) => built.get(folder) ?? assert.fail(`${folder} was not built`);
  const INSTALLABLE = ['overlays/cert-manager', 'overlays/certs-script', 'overlays/workload-cert-manager', 'overlays/workload-certs-script'];

  it('the top folder builds the base: Namespace, ServiceAccount, RBAC, Deployment, Service, PDB, webhook configurations; audit\'s own', () => {
    const kinds = objectsOf('.').map((object) => `${object.kind}/${object.metadata.name}`).sort();
    assert.deepEqual(kinds, [
      'ClusterRole/dualstack-webhook', 'ClusterRole/dualstack-webhook-audit', 'ClusterRoleBinding/dualstack-webhook',
      'ClusterRoleBinding/dualstack-webhook-audit', 'Deployment/dualstack-webhook', 'Deployment/dualstack-webhook-audit',
      'MutatingWebhookConfiguration/dualstack-webhook', 'Namespace/dualstack-system', 'PodDisruptionBudget/dualstack-webhook',
      'Service/dualstack-webhook', 'ServiceAccount/dualstack-webhook', 'ServiceAccount/dualstack-webhook-audit',
      'ValidatingWebhookConfiguration/dualstack-webhook',
    ]);
  });

  it('audit: one replica of `audit --watch`, its pods outside the webhook Service\'s selector; none on the workload side', () => {
    const objects = objectsOf('overlays/cert-manager');
    const audit = only(objects, 'Deployment', 'dualstack-webhook-audit');
    assert.equal(audit.spec.replicas, 1);
    assert.deepEqual(audit.spec.template.spec.containers[0].args, ['audit', '--watch', '--port=8080']);
    const selector = only(objects, 'Service', 'dualstack-webhook').spec.selector as Record<string, string>;
    const podLabels = audit.spec.template.metadata.labels as Record<string, string>;
    assert.ok(Object.entries(selector).some(([key, value]) => podLabels[key] !== value), JSON.stringify({ selector, podLabels }));
    assert.deepEqual(only(objects, 'ClusterRole', 'dualstack-webhook-audit').rules.map((rule: { resources: string[]; verbs: string[] }) => `${rule.resources.join(',')} ${rule.verbs.join(',')}`), [
      'clustercidrconfigs,clusters,nodepools list,watch', 'servicecidrs list,watch', 'reports get,list,create,patch,delete',
      'policyreports get,list,create,patch,delete',
    ]);
    const workload = objectsOf('overlays/workload-cert-manager');
    assert.equal(only(workload, 'Deployment', 'dualstack-webhook-audit').spec.replicas, 0);
    assert.deepEqual(only(workload, 'ClusterRole', 'dualstack-webhook-audit').rules, []);
  });

  it('crds: one CRD per bare-metal kind of the registry, group, version and plural as the webhooks match them', () => {
    const crds = objectsOf('crds');
    const expected = REGISTRY.filter((entry) => entry.group === 'baremetal.cluster.gke.io');
    assert.equal(crds.length, expected.length);
    for (const entry of expected) {
      const crd = only(crds, 'CustomResourceDefinition', `${entry.resource}.${entry.group}`);
      assert.equal(crd.spec.names.kind, entry.kind);
      assert.deepEqual(crd.spec.versions.map((version: KubeObject) => version.name), [entry.version]);
      assert.equal(crd.spec.scope, 'Namespaced');
    }
  });

  for (const folder of INSTALLABLE) {
    it(`${folder}: the webhooks keep every setting of the base; the Secret the Deployment mounts is provided`, () => {
      const objects = objectsOf(folder);
      const [validating, mutating] = webhookConfigurations(objects);
      assert.deepEqual(withoutCaBundles(validating as KubeObject), baseValidating.webhooks);
      assert.deepEqual(withoutCaBundles(mutating as KubeObject), baseMutating.webhooks);
      const secretName = only(objects, 'Deployment', 'dualstack-webhook').spec.template.spec.volumes
        .find((volume: KubeObject) => volume.secret).secret.secretName;
      const provided = objects.filter((object) => (object.kind === 'Secret' && object.metadata.name === secretName)
        || (object.kind === 'Certificate' && object.spec.secretName === secretName));
      assert.equal(provided.length, 1, `nothing provides Secret ${secretName}`);
    });
  }

  for (const folder of ['overlays/cert-manager', 'overlays/workload-cert-manager']) {
    it(`${folder}: cert-manager issues the serving certificate for the Service names and injects the CA`, () => {
      const objects = objectsOf(folder);
      for (const configuration of webhookConfigurations(objects)) {
        assert.equal(configuration.metadata.annotations['cert-manager.io/inject-ca-from'], 'dualstack-system/dualstack-webhook');
      }
      const certificate = only(objects, 'Certificate', 'dualstack-webhook');
      assert.equal(certificate.metadata.namespace, 'dualstack-system');
      assert.deepEqual(certificate.spec.dnsNames, [...SERVICE_DNS_NAMES]);
      const issuer = only(objects, 'Issuer', certificate.spec.issuerRef.name);
      const ca = only(objects, 'Certificate', issuer.spec.ca.secretName);
      assert.equal(ca.spec.isCA, true);
    });
  }

  for (const folder of ['overlays/certs-script', 'overlays/workload-certs-script']) {
    it(`${folder}: every webhook trusts the CA certs/generate.sh made; the Secret is kubernetes.io/tls`, () => {
      const objects = objectsOf(folder);
      for (const configuration of webhookConfigurations(objects)) {
        for (const webhook of configuration.webhooks as KubeObject[]) assert.equal(webhook.clientConfig.caBundle, caBundle, webhook.name);
      }
      const secret = only(objects, 'Secret', 'dualstack-webhook-tls');
      assert.equal(secret.metadata.namespace, 'dualstack-system');
      assert.equal(secret.type, 'kubernetes.io/tls');
      assert.deepEqual(Object.keys(secret.data).sort(), ['ca.crt', 'tls.crt', 'tls.key']);
    });
  }

  for (const folder of ['overlays/cert-manager', 'overlays/certs-script']) {
    it(`${folder}: admin side watches the API with the read-only ClusterRole`, () => {
      const objects = objectsOf(folder);
      assert.equal(envOf(objects).DUALSTACK_WEBHOOK_WATCH, 'true');
      only(objects, 'ClusterRole', 'dualstack-webhook');
      only(objects, 'ClusterRoleBinding', 'dualstack-webhook');
    });
  }

  for (const folder of ['overlays/workload-cert-manager', 'overlays/workload-certs-script']) {
    it(`${folder}: workload side reads the cluster configuration ConfigMap, no API token, a ClusterRole without rules`, () => {
      const objects = objectsOf(folder);
      const env = envOf(objects);
      assert.equal(env.DUALSTACK_WEBHOOK_WATCH, 'false');
      assert.equal(env.DUALSTACK_WEBHOOK_CLUSTER_CONFIG, '/etc/dualstack-webhook/cluster-config/cluster.yaml');
      assert.equal(env.DUALSTACK_WEBHOOK_TLS_CERT, '/etc/dualstack-webhook/tls/tls.crt');
      const pod = only(objects, 'Deployment', 'dualstack-webhook').spec.template.spec;
      assert.equal(pod.automountServiceAccountToken, false);
      const volume = pod.volumes.find((entry: KubeObject) => entry.configMap);
      assert.equal(volume.configMap.name, 'dualstack-webhook-cluster-config');
      const mount = containerOf(objects).volumeMounts.find((entry: KubeObject) => entry.name === volume.name);
      assert.equal(mount.mountPath, '/etc/dualstack-webhook/cluster-config');
      // Emptied, not deleted: kustomize 2.0.3 would leave an `{}` document behind a `$patch: delete`.
      assert.deepEqual(only(objects, 'ClusterRole', 'dualstack-webhook').rules ?? [], []);
      assert.equal(objects.filter((object) => object.kind === undefined).length, 0);
    });
  }
});
