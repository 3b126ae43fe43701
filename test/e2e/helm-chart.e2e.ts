import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { type KubeObject, only, parseStream } from '../manifests/manifest-files.js';
import { createNamespace, mainTarget, storedObject } from './support/admission.js';
import { e2e } from './support/environment.js';
import { CHART, findHelm, type Helm, helmFor, shapeOf } from './support/helm.js';
import { pollUntil } from '../support/processes.js';
import { type RunningWebhook, startWebhook, unregisterWebhook, waitUntilWebhookAnswers } from './support/webhook.js';

// charts/dualstack-webhook with the real helm (v4, built from its Go module) against the real kube-apiserver.
const CI_VALUES = readdirSync(path.join(PACKAGE_ROOT, CHART, 'ci')).filter((file) => file.endsWith('.yaml')).sort();
const RELEASE = 'dualstack-webhook';
const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const NAMESPACE = 'dualstack-system';
// Labels only the chart sets: Helm's recommended ones, and the component that keeps the audit pods out of the
// webhook's Service. The kustomize base sets app.kubernetes.io/name and app.kubernetes.io/part-of, as the chart does.
const HELM_ONLY_LABELS = [
  'app.kubernetes.io/instance', 'app.kubernetes.io/version', 'app.kubernetes.io/managed-by', 'helm.sh/chart',
  'app.kubernetes.io/component',
];

const kubectl = (args: readonly string[], stdin?: string) => mainTarget().kubectl(args, stdin);

function withoutHelmLabels(object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  for (const label of HELM_ONLY_LABELS) delete copy.metadata?.labels?.[label];
  return copy;
}

describe('e2e: the Helm chart with the real helm', function () {
  // A cold cache builds helm from its Go module first (about 12 minutes on two cores).
  this.timeout(5 * 60_000);
  let helm: Helm | undefined;
  const run = (args: readonly string[]) => helm!.run(args);

  before(async function () {
    this.timeout(60 * 60_000);
    helm = await helmFor(findHelm(), e2e().api.kubeconfigFile);
  });
  after(async () => helm?.close());

  describe('helm lint --strict', () => {
    it('passes with the defaults', async () => {
      const linted = await run(['lint', '--strict', CHART]);
      assert.equal(linted.code, 0, linted.stdout + linted.stderr);
      assert.match(linted.stdout, /^1 chart\(s\) linted, 0 chart\(s\) failed$/m);
    });

    for (const file of CI_VALUES) {
      it(`passes with ci/${file}`, async () => {
        const linted = await run(['lint', '--strict', CHART, '-f', `${CHART}/ci/${file}`]);
        assert.equal(linted.code, 0, linted.stdout + linted.stderr);
        assert.match(linted.stdout, /^1 chart\(s\) linted, 0 chart\(s\) failed$/m);
      });
    }

    it('finds the three ci/ files: admin side with cert-manager, workload side with an existing Secret, url mode', () => {
      assert.deepEqual(CI_VALUES, ['admin-cert-manager-values.yaml', 'url-values.yaml', 'workload-existing-secret-values.yaml']);
    });
  });

  describe('values.schema.json refuses wrong values with their path', () => {
    for (const [setting, message] of [
      [['--set', 'failurePolicy.services=Sometimes'], "- at '/failurePolicy/services': value must be one of 'Fail', 'Ignore'"],
      [['--set-string', 'replicaCount=two'], "- at '/replicaCount': got string, want integer"],
      // An unknown key is reported at its parent's path ('' for the top), with its name.
      [['--set', 'replicas=3'], "- at '': additional properties 'replicas' not allowed"],
    ] as const) {
      it(`helm template ${setting.join(' ')}: "${message}"`, async () => {
        const rendered = await run(['template', RELEASE, CHART, '-n', NAMESPACE, ...setting]);
        assert.equal(rendered.code, 1, rendered.stdout);
        assert.equal(rendered.stdout, '');
        assert.equal(rendered.stderr,
          `Error: values don't meet the specifications of the schema(s) in the following chart(s):\n${RELEASE}:\n${message}\n\n`);
      });
    }
  });

  describe('helm template with the defaults renders what kubectl kustomize manifests/overlays/cert-manager does', () => {
    let chart: KubeObject[] = [];
    let kustomized: KubeObject[] = [];
    before(async () => {
      const rendered = await run(['template', RELEASE, CHART, '-n', NAMESPACE]);
      assert.equal(rendered.code, 0, rendered.stderr);
      chart = parseStream(rendered.stdout, 'helm template');
      const built = await kubectl(['kustomize', path.join(PACKAGE_ROOT, 'manifests', 'overlays', 'cert-manager')]);
      assert.equal(built.code, 0, built.stderr);
      kustomized = parseStream(built.stdout, 'kubectl kustomize');
    });

    it('the same kinds and names, but the Namespace (helm install --create-namespace makes it)', () => {
      const names = (objects: KubeObject[]) => objects.map((object) => `${object.kind}/${object.metadata.name}`).sort();
      assert.deepEqual(names(chart), names(kustomized).filter((name) => name !== `Namespace/${NAMESPACE}`));
    });

    for (const kind of ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']) {
      it(`${kind}: the same webhooks, rules, policies, selectors and CA injection; labels differ by Helm's only`, () => {
        assert.deepEqual(withoutHelmLabels(only(chart, kind)), only(kustomized, kind));
      });
    }

    it('ClusterRole and ClusterRoleBinding of the webhook and of audit: the same rules and subjects', () => {
      for (const kind of ['ClusterRole', 'ClusterRoleBinding']) {
        for (const name of [RELEASE, `${RELEASE}-audit`]) assert.deepEqual(withoutHelmLabels(only(chart, kind, name)), only(kustomized, kind, name));
      }
    });

    it('the audit Deployment: one replica, the same arguments, probes, resources and security settings', () => {
      const [helmPod, kustomizePod] = [chart, kustomized].map((objects) => only(objects, 'Deployment', `${RELEASE}-audit`).spec.template.spec);
      assert.equal(only(chart, 'Deployment', `${RELEASE}-audit`).spec.replicas, 1);
      for (const key of ['args', 'ports', 'readinessProbe', 'livenessProbe', 'resources', 'securityContext', 'volumeMounts']) {
        assert.deepEqual(helmPod.containers[0][key], kustomizePod.containers[0][key], key);
      }
      assert.deepEqual(helmPod.securityContext, kustomizePod.securityContext);
    });

    it('Deployment: the same security settings, resources, volumes and serve environment', () => {
      const podOf = (objects: KubeObject[]) => only(objects, 'Deployment', RELEASE).spec.template.spec;
      const [helmPod, kustomizePod] = [podOf(chart), podOf(kustomized)];
      const [helmContainer, kustomizeContainer] = [helmPod.containers[0], kustomizePod.containers[0]];
      assert.deepEqual(helmPod.securityContext, kustomizePod.securityContext);
      assert.equal(helmPod.automountServiceAccountToken, kustomizePod.automountServiceAccountToken);
      assert.deepEqual(helmContainer.securityContext, kustomizeContainer.securityContext);
      assert.deepEqual(helmContainer.resources, kustomizeContainer.resources);
      assert.deepEqual(helmContainer.volumeMounts, kustomizeContainer.volumeMounts);
      assert.deepEqual(helmPod.volumes, kustomizePod.volumes);
      assert.deepEqual([helmContainer.readinessProbe, helmContainer.livenessProbe], [kustomizeContainer.readinessProbe, kustomizeContainer.livenessProbe]);
      // The chart also writes serve's defaults it exposes as values (max-service-host-bits, tls-min-version,
      // allow-existing-violations).
      const environment = (container: KubeObject) => Object.fromEntries(container.env.map((entry: KubeObject) => [entry.name, entry.value]));
      assert.deepEqual(environment(helmContainer), {
        ...environment(kustomizeContainer), DUALSTACK_WEBHOOK_MAX_SERVICE_HOST_BITS: '20', DUALSTACK_WEBHOOK_TLS_MIN_VERSION: '1.2',
        DUALSTACK_WEBHOOK_ALLOW_EXISTING_VIOLATIONS: 'true',
      });
      assert.equal(helmContainer.image, `dualstack-webhook:${VERSION}`);
    });

    it('the Service asks for both families (PreferDualStack), the kustomize base leaves it to the cluster', () => {
      assert.equal(only(chart, 'Service').spec.ipFamilyPolicy, 'PreferDualStack');
      assert.equal(only(kustomized, 'Service').spec.ipFamilyPolicy, undefined);
    });
  });

  describe('side and certificate source pick what is rendered (helm template with the ci/ files)', () => {
    const render = async (file: string) => {
      const rendered = await run(['template', RELEASE, CHART, '-n', NAMESPACE, '-f', `${CHART}/ci/${file}`]);
      assert.equal(rendered.code, 0, rendered.stderr);
      return parseStream(rendered.stdout, file);
    };
    const webhookNames = (objects: KubeObject[], kind: string) =>
      objects.filter((object) => object.kind === kind).flatMap((object) => object.webhooks.map((entry: KubeObject) => entry.name));

    it('admin: Clusters, NodePools and ClusterCIDRConfigs only, no mutating configuration; audit reads them and writes reports', async () => {
      const objects = await render('admin-cert-manager-values.yaml');
      assert.deepEqual(webhookNames(objects, 'ValidatingWebhookConfiguration'), ['clusters', 'nodepools', 'clustercidrconfigs']
        .map((resource) => `validate-${resource}.${RELEASE}.${NAMESPACE}.svc`));
      assert.deepEqual(webhookNames(objects, 'MutatingWebhookConfiguration'), []);
      const audit = only(objects, 'ClusterRole', `${RELEASE}-audit`);
      assert.deepEqual(audit.rules.map((rule: KubeObject) => `${rule.apiGroups[0]}: ${rule.resources.join(',')} ${rule.verbs.join(',')}`), [
        'baremetal.cluster.gke.io: clustercidrconfigs,clusters,nodepools list,watch',
        'networking.k8s.io: servicecidrs list,watch',
        ': services list,watch',
        'openreports.io: reports get,list,create,patch,delete',
        'wgpolicyk8s.io: policyreports get,list,create,patch,delete',
      ]);
      assert.deepEqual(only(objects, 'Deployment', `${RELEASE}-audit`).spec.template.spec.containers[0].args, ['audit', '--watch', '--port=8080', '--services']);
    });

    it('workload: Services only, facts from the ConfigMap, no API token and no ClusterRole; the caBundle given', async () => {
      const objects = await render('workload-existing-secret-values.yaml');
      assert.deepEqual(webhookNames(objects, 'ValidatingWebhookConfiguration'), [`validate-services.${RELEASE}.${NAMESPACE}.svc`]);
      assert.deepEqual(webhookNames(objects, 'MutatingWebhookConfiguration'), [`mutate-services.${RELEASE}.${NAMESPACE}.svc`]);
      assert.equal(objects.filter((object) => object.kind === 'ClusterRole').length, 0);
      const pod = only(objects, 'Deployment').spec.template.spec;
      assert.equal(pod.automountServiceAccountToken, false);
      assert.deepEqual(pod.containers[0].env.filter((entry: KubeObject) => /WATCH|CLUSTER_CONFIG/.test(entry.name)), [
        { name: 'DUALSTACK_WEBHOOK_WATCH', value: 'false' },
        { name: 'DUALSTACK_WEBHOOK_CLUSTER_CONFIG', value: '/etc/dualstack-webhook/cluster-config/cluster.yaml' },
      ]);
      assert.deepEqual(pod.volumes.find((volume: KubeObject) => volume.name === 'tls').secret.secretName, 'dualstack-webhook-tls');
      const caBundle = (readFileSync(path.join(PACKAGE_ROOT, CHART, 'ci', 'workload-existing-secret-values.yaml'), 'utf8').match(/caBundle: (\S+)/) ?? [])[1];
      assert.equal(only(objects, 'ValidatingWebhookConfiguration').webhooks[0].clientConfig.caBundle, caBundle);
    });

    it('url: only the two webhook configurations, calling the URL with the caBundle', async () => {
      const objects = await render('url-values.yaml');
      assert.deepEqual(objects.map((object) => object.kind), ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
      assert.deepEqual(only(objects, 'MutatingWebhookConfiguration').webhooks[0].clientConfig.url, 'https://127.0.0.1:8443/mutate');
    });
  });

  describe('helm install in url mode: the webhook on 127.0.0.1, the chart pointing kube-apiserver at it', function () {
    this.timeout(3 * 60_000);
    const namespace = 'helm-chart';
    let webhook: RunningWebhook | undefined;
    let installed = false;

    before(async () => {
      webhook = await startWebhook(['--default-ip-family-policy', 'PreferDualStack']);
      await createNamespace(mainTarget(), namespace);
    });
    after(async () => {
      try {
        if (installed) await run(['uninstall', RELEASE, '-n', NAMESPACE, '--wait']);
        await unregisterWebhook(e2e().api, e2e().binaries.kubectl);
        // The later files count the Clusters the API holds (docs/rules.md D18): this file leaves none of its own.
        await kubectl(['delete', '-n', namespace, '--ignore-not-found', 'clusters.baremetal.cluster.gke.io/dual-stack', 'service/web']);
      } finally {
        await webhook?.close();
      }
    });

    /** docs/install.md "Install with Helm", url: my-values.yaml with this webhook's address and CA. */
    function urlValues(): string[] {
      const file = path.join(helm!.folder, 'my-values.yaml');
      writeFileSync(file, `certificates:\n  source: url\n  url:\n    baseUrl: ${webhook!.url}\n`
        + `    caBundle: ${Buffer.from(webhook!.serving.caPem).toString('base64')}\n`);
      return ['-f', file];
    }

    /** The Cluster of examples/invalid/C-24.yaml (an unknown load-balancer mode), moved to this test's namespace. */
    function c24Cluster(): string {
      const text = readFileSync(path.join(PACKAGE_ROOT, 'examples', 'invalid', 'C-24.yaml'), 'utf8').replace(/\bcluster-dual-stack\b/g, namespace);
      return JSON.stringify(only(parseStream(text, 'C-24.yaml'), 'Cluster'));
    }

    it('helm install refuses a wrong value before it touches the cluster (schema)', async () => {
      const refused = await run(['install', RELEASE, CHART, '-n', NAMESPACE, '--create-namespace', ...urlValues(),
        '--set', 'failurePolicy.services=Sometimes']);
      assert.equal(refused.code, 1, refused.stdout);
      assert.ok(refused.stderr.includes("at '/failurePolicy/services': value must be one of 'Fail', 'Ignore'"), refused.stderr);
      const configurations = await kubectl(['get', 'validatingwebhookconfigurations,mutatingwebhookconfigurations', '-o', 'name']);
      assert.equal(configurations.stdout, '');
    });

    it('helm install: kube-apiserver calls the webhook; a Cluster from examples/invalid is refused with our message', async () => {
      const install = await run(['install', RELEASE, CHART, '-n', NAMESPACE, '--create-namespace', ...urlValues()]);
      assert.equal(install.code, 0, install.stderr);
      installed = true;
      assert.match(install.stdout, /^STATUS: deployed$/m);
      await waitUntilWebhookAnswers(e2e().api);
      const applied = await kubectl(['apply', '-f', '-'], c24Cluster());
      assert.equal(applied.code, 1, applied.stdout);
      assert.equal(applied.stderr,
        'The Cluster "dual-stack" is invalid: spec.loadBalancer.mode: Unsupported value: "auto": supported values: "bundled", "manual" [C-24]\n');
    });

    it('a Service without ipFamilyPolicy gets both families (the mutating webhook, --default-ip-family-policy)', async () => {
      const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace }, spec: { ports: [{ port: 80 }] } };
      const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(service));
      assert.equal(applied.code, 0, applied.stderr);
      const stored = await storedObject(mainTarget(), 'service', namespace, 'web');
      assert.equal(stored?.spec.ipFamilyPolicy, 'PreferDualStack');
      assert.deepEqual(stored?.spec.ipFamilies, ['IPv4', 'IPv6']);
      assert.equal(stored?.spec.clusterIPs.length, 2);
    });

    it('helm upgrade --set failurePolicy.services=Fail changes the live configurations', async () => {
      const policies = async (kind: string) => {
        const got = await kubectl(['get', kind, RELEASE, '-o', 'json']);
        assert.equal(got.code, 0, got.stderr);
        return Object.fromEntries((JSON.parse(got.stdout) as KubeObject).webhooks.map((entry: KubeObject) => [entry.name, entry.failurePolicy]));
      };
      const name = (path: string, resource: string) => `${path}-${resource}.${RELEASE}.${NAMESPACE}.svc`;
      assert.equal((await policies('validatingwebhookconfiguration'))[name('validate', 'services')], 'Ignore');
      const upgrade = await run(['upgrade', RELEASE, CHART, '-n', NAMESPACE, '--reuse-values', '--set', 'failurePolicy.services=Fail']);
      assert.equal(upgrade.code, 0, upgrade.stderr);
      assert.match(upgrade.stdout, /^REVISION: 2$/m);
      assert.deepEqual(await policies('validatingwebhookconfiguration'), {
        [name('validate', 'clusters')]: 'Fail', [name('validate', 'nodepools')]: 'Fail',
        [name('validate', 'clustercidrconfigs')]: 'Fail', [name('validate', 'services')]: 'Fail',
      });
      assert.deepEqual(await policies('mutatingwebhookconfiguration'), { [name('mutate', 'services')]: 'Fail' });
    });

    it('helm uninstall leaves no webhook configuration: with the webhook stopped, a Cluster is created', async () => {
      const uninstall = await run(['uninstall', RELEASE, '-n', NAMESPACE, '--wait']);
      assert.equal(uninstall.code, 0, uninstall.stderr);
      installed = false;
      assert.equal(uninstall.stdout, `release "${RELEASE}" uninstalled\n`);
      const configurations = await kubectl(['get', 'validatingwebhookconfigurations,mutatingwebhookconfigurations', '-o', 'name']);
      assert.equal(configurations.code, 0, configurations.stderr);
      assert.equal(configurations.stdout, '');
      // Were a configuration left (failurePolicy Fail), kube-apiserver would refuse: "failed calling webhook". Its
      // cache of configurations follows the deletion within moments: a server-side dry run waits for that.
      await webhook!.stop();
      await pollUntil('kube-apiserver to stop calling the uninstalled webhook', 30_000, async () => {
        const dryRun = await kubectl(['apply', '--dry-run=server', '-f', '-'], c24Cluster());
        return dryRun.code === 0 ? true : undefined;
      }, 250);
      const applied = await kubectl(['apply', '-f', '-'], c24Cluster());
      assert.equal(applied.code, 0, applied.stderr);
      assert.equal(applied.stdout, 'cluster.baremetal.cluster.gke.io/dual-stack created\n');
    });
  });

  // After the install tests: the README check needs every command they ran.
  describe('the README and helm show values', () => {
    it('helm show values prints values.yaml, every value with its comment', async () => {
      const shown = await run(['show', 'values', CHART]);
      assert.equal(shown.code, 0, shown.stderr);
      // helm ends the file with one more newline.
      assert.equal(shown.stdout, `${readFileSync(path.join(PACKAGE_ROOT, CHART, 'values.yaml'), 'utf8')}\n`);
    });

    it('every helm command in the code blocks of README.md and docs/install.md is one these tests ran (same subcommand, arguments, option names)', () => {
      const readme = ['README.md', 'docs/install.md'].map((file) => readFileSync(path.join(PACKAGE_ROOT, file), 'utf8')).join('\n');
      const blocks = [...readme.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
      const commands = blocks.flatMap((block) => block.replace(/\\\n\s*/g, '').split('\n'))
        .map((line) => line.replace(/^\$ /, '').replace(/\s+#.*$/, '').trim()).filter((line) => line.startsWith('helm '));
      assert.ok(commands.length >= 3, commands.join('\n'));
      const ran = new Set(helm!.commands());
      assert.deepEqual(commands.map((line) => shapeOf(line.split(/\s+/))).filter((shape) => !ran.has(shape)), []);
    });
  });
});
