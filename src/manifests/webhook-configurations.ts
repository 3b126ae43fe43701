import { type KindRegistration } from '../rules/index.js';
import { type WebhookEndpoint } from './webhook-endpoint.js';
import {
  APP_NAME, COMMON_LABELS, EXCLUDED_NAMESPACES, NAMESPACE, SERVICE_NAME, SERVICE_PORT,
} from './names.js';

export type WebhookPath = 'validate' | 'mutate';

export interface WebhookConfigurations {
  readonly validating: Record<string, unknown>;
  readonly mutating: Record<string, unknown>;
}

/** `validate-services.dualstack-webhook.dualstack-system.svc`: fully qualified, as admissionregistration requires. */
export function webhookName(path: WebhookPath, registration: KindRegistration): string {
  return `${path}-${registration.resource}.${SERVICE_NAME}.${NAMESPACE}.svc`;
}

// kubernetes.io/metadata.name is set on every namespace by kube-apiserver (GA in 1.22), so it can exclude by name.
const NAMESPACE_SELECTOR = {
  matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...EXCLUDED_NAMESPACES] }],
};

function clientConfigFor(path: WebhookPath, endpoint: WebhookEndpoint | undefined): Record<string, unknown> {
  if (endpoint) return { url: `${endpoint.baseUrl}/${path}`, caBundle: endpoint.caBundle };
  return { service: { name: SERVICE_NAME, namespace: NAMESPACE, path: `/${path}`, port: SERVICE_PORT } };
}

function webhookFor(path: WebhookPath, registration: KindRegistration, endpoint: WebhookEndpoint | undefined): Record<string, unknown> {
  return {
    name: webhookName(path, registration),
    admissionReviewVersions: ['v1'],
    clientConfig: clientConfigFor(path, endpoint),
    // The registry decides: Cluster, NodePool and ClusterCIDRConfig fail closed, Services fail open (README.md "Installing in a cluster").
    failurePolicy: registration.failurePolicy,
    // Equivalent: a request in another version of the same resource is converted to ours, so no version slips by.
    matchPolicy: 'Equivalent',
    namespaceSelector: NAMESPACE_SELECTOR,
    ...(path === 'mutate' ? { reinvocationPolicy: 'Never' } : {}),
    rules: [{
      apiGroups: [registration.group],
      apiVersions: [registration.version],
      operations: [...(path === 'mutate' ? registration.operations.filter((op) => op !== 'DELETE') : registration.operations)],
      resources: [registration.resource],
      scope: 'Namespaced',
    }],
    sideEffects: 'None',
    timeoutSeconds: 5,
  };
}

/**
 * One webhook per registered kind, so each carries its own failurePolicy. The validating configuration holds every
 * kind with all its operations (DELETE of ClusterCIDRConfig for R-16); the mutating one only the kinds that
 * mutate. Both answer Service denials: the mutating webhook runs before kube-apiserver's own Service checks (KS-1),
 * which is why a bad Service is refused with our message rather than kube-apiserver's. kube-apiserver calls the
 * in-cluster Service, or `endpoint` when the webhook is served outside the cluster (`manifests --webhook-url`).
 */
export function renderWebhookConfigurations(
  registry: readonly KindRegistration[], endpoint?: WebhookEndpoint,
): WebhookConfigurations {
  const metadata = { name: APP_NAME, labels: { ...COMMON_LABELS } };
  return {
    validating: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata,
      webhooks: registry.map((registration) => webhookFor('validate', registration, endpoint)),
    },
    mutating: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata,
      webhooks: registry.filter((registration) => registration.mutates)
        .map((registration) => webhookFor('mutate', registration, endpoint)),
    },
  };
}

/** Every webhook name in a configuration, for patches that must reach each of them (caBundle). */
export function webhookNamesOf(configuration: Record<string, unknown>): string[] {
  const webhooks = configuration.webhooks as { name: string }[];
  return webhooks.map((webhook) => webhook.name);
}
