import { type KindRegistration } from '../rules/index.js';
import {
  renderCaBundlePatchTemplate, renderCaInjectionPatches, renderCertManagerResources,
} from './certificates.js';
import { AUDIT_NAME, renderAuditObjects, renderAuditStop } from './audit-objects.js';
import { renderCustomResourceDefinitions } from './crds.js';
import { CLUSTER_CONFIG_MAP, NAMESPACE, TLS_SECRET } from './names.js';
import { renderRbac } from './rbac.js';
import {
  renderDeployment, renderNamespace, renderPodDisruptionBudget, renderService, renderServiceAccount, type ServerOptions,
} from './server-objects.js';
import { renderWebhookConfigurations } from './webhook-configurations.js';
import { type WebhookEndpoint } from './webhook-endpoint.js';
import { renderRbacRevocation, renderWorkloadDeploymentPatch } from './workload-side.js';
import { GENERATED_HEADER, yamlFile } from './yaml-file.js';

/** One file of manifests/, by its path relative to manifests/ (always with `/`). */
export interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

export interface TreeOptions extends ServerOptions {
  readonly registry: readonly KindRegistration[];
}

/** Where certs/generate.sh writes the Secret and the caBundle patch (git-ignored: it holds a private key). */
export const CERTS_SCRIPT_OVERLAY = 'overlays/certs-script';
export const GENERATED_FOLDER = 'generated';

// `bases` and `patchesStrategicMerge` rather than their successors: Debian's kubectl (1.20, kustomize 2.0.3) knows
// only these, and current kustomize still builds them (with a deprecation notice on stderr).
interface Kustomization {
  bases?: string[];
  resources?: string[];
  patchesStrategicMerge?: string[];
}

function kustomization(purpose: string, content: Kustomization): ManifestFile['text'] {
  return yamlFile(purpose, [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', ...content }]);
}

/** Every file of manifests/: the base (admin side), the certificate overlays, the workload overlays, the test CRDs. */
export function renderManifestTree(options: TreeOptions): ManifestFile[] {
  const { registry } = options;
  const webhooks = renderWebhookConfigurations(registry);
  const workloadPatch = yamlFile(
    `Workload side: facts from the cluster configuration in ConfigMap ${NAMESPACE}/${CLUSTER_CONFIG_MAP}\n`
      + '(create it first, README.md "Installing in a cluster"), no API access: the read-only ClusterRoles are emptied\n'
      + 'and the audit Deployment, which reads the bare-metal kinds of the admin side, runs no pod.',
    [renderWorkloadDeploymentPatch(), renderRbacRevocation(), renderRbacRevocation(AUDIT_NAME), renderAuditStop()],
  );
  const files: ManifestFile[] = [
    {
      path: 'kustomization.yaml',
      text: kustomization('The admin-side base, without a certificate: pick an overlay in overlays/ to install.', {
        bases: ['base'],
      }),
    },
    {
      path: 'base/kustomization.yaml',
      text: kustomization(
        `Admin (or self-managed) cluster: facts from the API (--watch). The pods wait for Secret ${TLS_SECRET},\n`
          + 'which an overlay provides.',
        {
          resources: [
            'namespace.yaml', 'service-account.yaml', 'rbac.yaml', 'deployment.yaml', 'service.yaml',
            'pod-disruption-budget.yaml', 'validating-webhook-configuration.yaml', 'mutating-webhook-configuration.yaml',
            'audit.yaml',
          ],
        },
      ),
    },
    { path: 'base/namespace.yaml', text: yamlFile('The namespace the webhook runs in.', [renderNamespace()]) },
    { path: 'base/service-account.yaml', text: yamlFile('The identity of the webhook pods.', [renderServiceAccount()]) },
    {
      path: 'base/rbac.yaml',
      text: yamlFile('Read-only access to the cluster facts for `serve --watch`: list and watch, nothing else.', renderRbac()),
    },
    { path: 'base/deployment.yaml', text: yamlFile('The webhook server.', [renderDeployment(options)]) },
    { path: 'base/service.yaml', text: yamlFile('kube-apiserver calls the webhook here: 443 to the pods\' 8443.', [renderService()]) },
    {
      path: 'base/pod-disruption-budget.yaml',
      text: yamlFile('Node drains keep one webhook pod serving.', [renderPodDisruptionBudget()]),
    },
    {
      path: 'base/validating-webhook-configuration.yaml',
      text: yamlFile('Every kind of the registry (src/rules/registry.ts), one webhook each.', [webhooks.validating]),
    },
    {
      path: 'base/mutating-webhook-configuration.yaml',
      text: yamlFile('The kinds the webhook defaults (registry: mutates). It also refuses bad Services early.', [webhooks.mutating]),
    },
    {
      path: 'base/audit.yaml',
      text: yamlFile(
        '`dualstack-webhook audit --watch` (docs/audit.md): judges what is stored and keeps a report per namespace true.\n'
          + 'One replica; reads the judged kinds, writes Reports/PolicyReports (their CRDs come from upstream).',
        renderAuditObjects(options),
      ),
    },
    {
      path: 'overlays/cert-manager/kustomization.yaml',
      text: kustomization('Admin side, certificate from cert-manager (installed beforehand), caBundle injected by cainjector.', {
        bases: ['../../base'], resources: ['certificates.yaml'], patchesStrategicMerge: ['ca-injection.yaml'],
      }),
    },
    {
      path: 'overlays/cert-manager/certificates.yaml',
      text: yamlFile('A private CA and the serving certificate it issues into the mounted Secret.', renderCertManagerResources()),
    },
    {
      path: 'overlays/cert-manager/ca-injection.yaml',
      text: yamlFile('cert-manager\'s cainjector writes the CA into every webhook\'s caBundle.', renderCaInjectionPatches(webhooks)),
    },
    {
      path: `${CERTS_SCRIPT_OVERLAY}/kustomization.yaml`,
      text: kustomization(
        `Admin side, certificate from certs/generate.sh: run it first, it writes ${GENERATED_FOLDER}/ (git-ignored).`,
        {
          bases: ['../../base'],
          resources: [`${GENERATED_FOLDER}/secret.yaml`],
          patchesStrategicMerge: [`${GENERATED_FOLDER}/ca-bundle.yaml`],
        },
      ),
    },
    {
      path: `${CERTS_SCRIPT_OVERLAY}/ca-bundle.template.yaml`,
      text: yamlFile(
        `certs/generate.sh copies this to ${GENERATED_FOLDER}/ca-bundle.yaml with the CA certificate in place of CA_BUNDLE.`,
        renderCaBundlePatchTemplate(webhooks),
      ),
    },
    {
      path: `${CERTS_SCRIPT_OVERLAY}/.gitignore`,
      text: `${GENERATED_HEADER}\n# The generated Secret holds a private key: never commit it.\n${GENERATED_FOLDER}/\n`,
    },
    {
      path: 'overlays/workload-cert-manager/kustomization.yaml',
      text: kustomization('Workload side (Services only), certificate from cert-manager.', {
        bases: ['../cert-manager'], patchesStrategicMerge: ['workload.yaml'],
      }),
    },
    { path: 'overlays/workload-cert-manager/workload.yaml', text: workloadPatch },
    {
      path: 'overlays/workload-certs-script/kustomization.yaml',
      text: kustomization('Workload side (Services only), certificate from certs/generate.sh.', {
        bases: ['../certs-script'], patchesStrategicMerge: ['workload.yaml'],
      }),
    },
    { path: 'overlays/workload-certs-script/workload.yaml', text: workloadPatch },
  ];
  const crds = renderCustomResourceDefinitions(registry);
  const crdFiles = crds.map((crd) => {
    const name = (crd.metadata as { name: string }).name;
    return {
      path: `crds/${name}.yaml`,
      text: yamlFile('Stand-in CRD for test clusters only; a real bare-metal admin cluster has its own.', [crd]),
    };
  });
  files.push(
    {
      path: 'crds/kustomization.yaml',
      text: kustomization('Test clusters only (kind, minikube): the bare-metal CRDs the webhook polices.', {
        resources: crdFiles.map((file) => file.path.slice('crds/'.length)),
      }),
    },
    ...crdFiles,
  );
  return files;
}

/** What `manifests` prints by default: the objects rendered from the registry, as one applicable stream. */
export function renderRegistryObjects(registry: readonly KindRegistration[]): string {
  const webhooks = renderWebhookConfigurations(registry);
  return yamlFile('Webhook configurations and RBAC rendered from the registry of kinds.', [
    webhooks.validating, webhooks.mutating, ...renderRbac(),
  ]);
}

/**
 * What `manifests --webhook-url` prints: only the webhook configurations, calling a webhook served outside the cluster.
 * The RBAC stays out: it binds the in-cluster ServiceAccount, and a webhook outside uses its own kubeconfig.
 */
export function renderOutsideClusterWebhooks(registry: readonly KindRegistration[], endpoint: WebhookEndpoint): string {
  const webhooks = renderWebhookConfigurations(registry, endpoint);
  return yamlFile(`Webhook configurations for the webhook served at ${endpoint.baseUrl} (outside the cluster).`, [
    webhooks.validating, webhooks.mutating,
  ]);
}
