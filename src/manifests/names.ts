/**
 * The names every rendered manifest, the certs/ scripts and the install guide agree on. Changing one here and
 * re-rendering (`dualstack-webhook manifests --out manifests`) is the only way to change them.
 */
export const NAMESPACE = 'dualstack-system';
export const APP_NAME = 'dualstack-webhook';
/** The image's repository: `npm run image` tags the package version, the Deployment names `<repository>:<version>`. */
export const IMAGE_REPOSITORY = APP_NAME;
export const SERVICE_ACCOUNT = APP_NAME;
export const SERVICE_NAME = APP_NAME;
/** The Secret holding `tls.crt`, `tls.key` (and `ca.crt`): written by cert-manager or by certs/generate.sh. */
export const TLS_SECRET = `${APP_NAME}-tls`;
/** The ConfigMap holding the cluster configuration on the workload side (`--cluster-config`). */
export const CLUSTER_CONFIG_MAP = `${APP_NAME}-cluster-config`;
export const CLUSTER_CONFIG_KEY = 'cluster.yaml';
export const CONTAINER_PORT = 8443;
export const SERVICE_PORT = 443;
/** uid and gid of the non-root user in the image (the distroless `nonroot` convention). */
export const RUN_AS_USER = 65532;

export const TLS_MOUNT = '/etc/dualstack-webhook/tls';
export const CLUSTER_CONFIG_MOUNT = '/etc/dualstack-webhook/cluster-config';

/** Every name the serving certificate must carry: how kube-apiserver and in-cluster clients reach the Service. */
export const SERVICE_DNS_NAMES = [
  SERVICE_NAME,
  `${SERVICE_NAME}.${NAMESPACE}`,
  `${SERVICE_NAME}.${NAMESPACE}.svc`,
  `${SERVICE_NAME}.${NAMESPACE}.svc.cluster.local`,
] as const;

/** Labels on every object we render; the first one also selects the pods. */
export const SELECTOR_LABELS = { 'app.kubernetes.io/name': APP_NAME } as const;
export const COMMON_LABELS = { ...SELECTOR_LABELS, 'app.kubernetes.io/part-of': APP_NAME } as const;

/** Namespaces the webhooks never see: the control plane's and our own (so the webhook cannot block its own repair). */
export const EXCLUDED_NAMESPACES = ['kube-system', NAMESPACE] as const;
