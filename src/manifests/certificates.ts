import { APP_NAME, COMMON_LABELS, NAMESPACE, SERVICE_DNS_NAMES, TLS_SECRET } from './names.js';
import { type WebhookConfigurations, webhookNamesOf } from './webhook-configurations.js';

const CA_NAME = `${APP_NAME}-ca`;
const SELF_SIGNED_ISSUER = `${APP_NAME}-selfsigned`;

/** The text certs/generate.sh replaces with the base64 CA certificate in the caBundle patch template. */
export const CA_BUNDLE_PLACEHOLDER = 'CA_BUNDLE';

function metadata(name: string): Record<string, unknown> {
  return { name, namespace: NAMESPACE, labels: { ...COMMON_LABELS } };
}

/**
 * cert-manager: a self-signed issuer makes our own CA, the CA issues the serving certificate into the Secret the
 * Deployment mounts. The caBundle is the CA, not the serving certificate, so renewing the serving certificate
 * (every 60 days) does not change what kube-apiserver trusts.
 */
export function renderCertManagerResources(): Record<string, unknown>[] {
  return [
    {
      apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: metadata(SELF_SIGNED_ISSUER), spec: { selfSigned: {} },
    },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: metadata(CA_NAME),
      spec: {
        isCA: true,
        commonName: CA_NAME,
        secretName: CA_NAME,
        duration: '87600h',
        privateKey: { algorithm: 'ECDSA', size: 256 },
        issuerRef: { kind: 'Issuer', name: SELF_SIGNED_ISSUER },
      },
    },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: metadata(CA_NAME), spec: { ca: { secretName: CA_NAME } } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: metadata(APP_NAME),
      spec: {
        secretName: TLS_SECRET,
        commonName: SERVICE_DNS_NAMES[2],
        dnsNames: [...SERVICE_DNS_NAMES],
        duration: '2160h',
        renewBefore: '720h',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        usages: ['server auth', 'digital signature', 'key encipherment'],
        issuerRef: { kind: 'Issuer', name: CA_NAME },
      },
    },
  ];
}

function headerOf(configuration: Record<string, unknown>): Record<string, unknown> {
  const { apiVersion, kind, metadata: { name } } = configuration as { apiVersion: string; kind: string; metadata: { name: string } };
  return { apiVersion, kind, metadata: { name } };
}

/** cert-manager's cainjector fills every webhook's caBundle from the Certificate's Secret (`ca.crt`). */
export function renderCaInjectionPatches(configurations: WebhookConfigurations): Record<string, unknown>[] {
  return [configurations.validating, configurations.mutating].map((configuration) => {
    const { apiVersion, kind, metadata } = headerOf(configuration) as { apiVersion: string; kind: string; metadata: object };
    return {
      apiVersion, kind,
      metadata: { ...metadata, annotations: { 'cert-manager.io/inject-ca-from': `${NAMESPACE}/${APP_NAME}` } },
    };
  });
}

/**
 * Strategic merge patches that set the caBundle of every webhook (merged by name); certs/generate.sh copies this
 * template with the CA in place of CA_BUNDLE, so the script never needs to know the webhook names.
 */
export function renderCaBundlePatchTemplate(configurations: WebhookConfigurations): Record<string, unknown>[] {
  return [configurations.validating, configurations.mutating].map((configuration) => ({
    ...headerOf(configuration),
    webhooks: webhookNamesOf(configuration).map((name) => ({ name, clientConfig: { caBundle: CA_BUNDLE_PLACEHOLDER } })),
  }));
}
