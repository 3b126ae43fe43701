/**
 * The environment variables every `serve` option is also read from. The command line (src/cli/) reads them and the
 * Deployment (src/manifests/) sets them, so the names live here, below both.
 */
export const ENVIRONMENT_PREFIX = 'DUALSTACK_WEBHOOK_';

/** `tls-cert` → `DUALSTACK_WEBHOOK_TLS_CERT`. */
export function environmentVariableFor(option: string): string {
  return ENVIRONMENT_PREFIX + option.toUpperCase().replace(/-/g, '_');
}
