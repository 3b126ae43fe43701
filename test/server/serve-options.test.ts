import assert from 'node:assert/strict';
import { type ServeConfig, parseServeArguments } from '../../src/cli/serve/serve-options.js';
import { EXAMPLE_CLUSTER_CONFIG } from '../../src/paths.js';

function configOf(argv: string[], environment: Record<string, string> = {}): ServeConfig {
  const parsed = parseServeArguments(argv, environment);
  assert.equal(parsed.kind, 'config', parsed.kind === 'error' ? parsed.message : '');
  return (parsed as { config: ServeConfig }).config;
}

function errorOf(argv: string[], environment: Record<string, string> = {}): string {
  const parsed = parseServeArguments(argv, environment);
  assert.equal(parsed.kind, 'error');
  return (parsed as { message: string }).message;
}

describe('serve options (docs/webhook.md "Options")', () => {
  it('--cluster NS/NAME chooses the Cluster whose Services are judged (D18); anything else is a usage error', () => {
    assert.deepEqual(configOf(['--cluster', 'ns/name']).settings.cluster, { namespace: 'ns', name: 'name' });
    for (const bad of ['name', 'ns/', '/name', 'a/b/c']) assert.equal(errorOf(['--cluster', bad]), `--cluster: "${bad}" is not NAMESPACE/NAME`);
  });

  it('defaults: port 8443 on ::, certs/tls.*, TLS 1.2, the example cluster, C-9 at 20 host bits, Kubernetes defaulting', () => {
    assert.deepEqual(configOf([]), {
      port: 8443, host: '::', certFile: 'certs/tls.crt', keyFile: 'certs/tls.key', devCertificates: true,
      minVersion: 'TLSv1.2', clientCaFile: undefined, clusterConfig: EXAMPLE_CLUSTER_CONFIG, watch: false,
      kubeconfig: undefined, settings: { maxServiceHostBits: 20, allowExistingViolations: true }, logLevel: 'info', shutdownDelayMs: 0,
    });
  });

  it('reads every option from DUALSTACK_WEBHOOK_<OPTION>, the command line winning', () => {
    const config = configOf(['--port', '9443'], {
      DUALSTACK_WEBHOOK_PORT: '1', DUALSTACK_WEBHOOK_HOST: '0.0.0.0', DUALSTACK_WEBHOOK_TLS_CERT: '/tls/tls.crt',
      DUALSTACK_WEBHOOK_TLS_KEY: '/tls/tls.key', DUALSTACK_WEBHOOK_TLS_MIN_VERSION: '1.3', DUALSTACK_WEBHOOK_CLIENT_CA: '/tls/client-ca.crt',
      DUALSTACK_WEBHOOK_WATCH: 'true', DUALSTACK_WEBHOOK_KUBECONFIG: '/kube/config',
      DUALSTACK_WEBHOOK_DEFAULT_IP_FAMILY_POLICY: 'PreferDualStack', DUALSTACK_WEBHOOK_MAX_SERVICE_HOST_BITS: '0',
      DUALSTACK_WEBHOOK_LOG_LEVEL: 'debug', DUALSTACK_WEBHOOK_SHUTDOWN_DELAY: '5', DUALSTACK_WEBHOOK_CLUSTER: 'user-1/cluster-1',
      DUALSTACK_WEBHOOK_ALLOW_EXISTING_VIOLATIONS: 'false',
    });
    assert.deepEqual(config, {
      port: 9443, host: '0.0.0.0', certFile: '/tls/tls.crt', keyFile: '/tls/tls.key', devCertificates: false,
      minVersion: 'TLSv1.3', clientCaFile: '/tls/client-ca.crt', clusterConfig: undefined, watch: true,
      kubeconfig: '/kube/config',
      settings: {
        maxServiceHostBits: 0, allowExistingViolations: false, defaultIpFamilyPolicy: 'PreferDualStack',
        cluster: { namespace: 'user-1', name: 'cluster-1' },
      },
      logLevel: 'debug', shutdownDelayMs: 5000,
    });
  });

  it('--allow-existing-violations BOOL: true by default, =false judges every UPDATE in full (D19); anything else is a usage error', () => {
    assert.equal(configOf([]).settings.allowExistingViolations, true);
    assert.equal(configOf(['--allow-existing-violations=false']).settings.allowExistingViolations, false);
    assert.equal(configOf(['--allow-existing-violations', 'true'], { DUALSTACK_WEBHOOK_ALLOW_EXISTING_VIOLATIONS: 'false' })
      .settings.allowExistingViolations, true);
    assert.equal(errorOf(['--allow-existing-violations=maybe']), '--allow-existing-violations: "maybe" is not a boolean (true or false)');
  });

  it('generates development certificates only when both paths are the defaults', () => {
    assert.equal(configOf(['--tls-cert', 'mine.crt']).devCertificates, false);
  });

  for (const [argv, environment, message] of [
    [['--port', '70000'], {}, '--port: 70000 is outside 0..65535'],
    [['--tls-min-version', '1.1'], {}, '--tls-min-version: "1.1" is not one of 1.2, 1.3'],
    [['--bogus'], {}, "Unknown option '--bogus'"],
    [['--log-level', 'trace'], {}, '--log-level: "trace" is not one of debug, info, warn, error'],
    [['--default-ip-family-policy', 'SingleStack'], {}, '--default-ip-family-policy: "SingleStack" is not one of PreferDualStack, RequireDualStack'],
    [['--max-service-host-bits=-1'], {}, '--max-service-host-bits: -1 is outside 0..128'],
    [['--watch', '--cluster-config', 'x.yaml'], {}, '--cluster-config and --watch exclude each other: facts come from one place'],
    [['--kubeconfig', 'k'], {}, '--kubeconfig needs --watch'],
    [[], { DUALSTACK_WEBHOOK_WATCH: 'maybe' }, 'DUALSTACK_WEBHOOK_WATCH: "maybe" is not a boolean (true or false)'],
  ] as const) {
    it(`refuses ${[...argv, ...Object.entries(environment).map(([key, value]) => `${key}=${value}`)].join(' ')}`, () => {
      assert.equal(errorOf([...argv], environment), message);
    });
  }
});
