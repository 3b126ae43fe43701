import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { CLI, runCli } from '../../support/cli.js';
import { freePort, type ManagedProcess, pollUntil, startProcess } from '../../support/processes.js';
import { type ServeProcess, serveProcessOf } from '../../support/serve.js';
import { type ApiServer, makeScratchFolder } from './control-plane.js';
import { runKubectl } from './kubectl.js';
import { type ServingFiles, writeLoopbackServingCertificate } from './pki.js';

export interface RunningWebhook {
  readonly url: string;
  readonly port: number;
  readonly serving: ServingFiles;
  readonly folder: string;
  process(): ManagedProcess;
  /** The JSON log lines seen so far. */
  lines(): Record<string, unknown>[];
  /** Starts `serve` again with the same port, certificate and options (after stop()). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

/** How a test starts `serve` on 127.0.0.1:`port` with the serving files; `args` are serve's other options. */
export type ServeLauncher = (serve: { port: number; serving: ServingFiles; logLevel: string; args: readonly string[] }) => {
  command: string;
  args: string[];
  env?: Record<string, string | undefined>;
};

/** The built command line with the machine's node, everything given as options. */
const builtCommandLine: ServeLauncher = ({ port, serving, logLevel, args }) => ({
  command: process.execPath,
  args: [
    CLI, 'serve', '--host', '127.0.0.1', '--port', String(port),
    '--tls-cert', serving.certFile, '--tls-key', serving.keyFile, '--log-level', logLevel, ...args,
  ],
});

/**
 * The real `dualstack-webhook serve` on 127.0.0.1 with a certificate that names 127.0.0.1. `args` are serve's options
 * beyond the address and certificate (facts, policy); `launcher` runs something other than the built command line
 * (the container image).
 */
export async function startWebhook(args: readonly string[], options: { logLevel?: string; launcher?: ServeLauncher } = {}): Promise<RunningWebhook> {
  const logLevel = options.logLevel ?? 'debug';
  const launcher = options.launcher ?? builtCommandLine;
  // Below info there is no "listening" line to wait for: then readiness of the port is probed instead.
  const quiet = logLevel === 'warn' || logLevel === 'error';
  const folder = await makeScratchFolder('webhook');
  const serving = await writeLoopbackServingCertificate(folder, 'webhook');
  const port = await freePort();
  let current: ServeProcess | undefined;
  let starts = 0;
  const start = async (): Promise<void> => {
    starts += 1;
    const launch = launcher({ port, serving, logLevel, args });
    const launched = serveProcessOf(startProcess('dualstack-webhook', launch.command, launch.args, {
      logFile: path.join(folder, `serve-${starts}.log`), cwd: PACKAGE_ROOT, ...(launch.env ? { env: launch.env } : {}),
    }));
    current = launched;
    await pollUntil('dualstack-webhook to listen', 30_000, async () => {
      if (launched.child.exitCode !== null) throw new Error(`serve exited: ${launched.output()}`);
      if (quiet) return (await portAnswers(port)) ? true : undefined;
      return launched.lines.some((line) => line.msg === 'listening') ? true : undefined;
    }, 100);
  };
  try {
    await start();
  } catch (error) {
    await current?.stop();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    serving,
    folder,
    process: () => current!,
    lines: () => current?.lines ?? [],
    start,
    async stop() {
      await current?.stop();
    },
    async close() {
      await current?.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** `dualstack-webhook manifests --webhook-url URL --ca-bundle FILE`, as a user running the webhook outside the cluster would. */
export async function renderUrlWebhookConfigurations(webhook: Pick<RunningWebhook, 'url' | 'serving'>): Promise<string> {
  const rendered = await runCli(['manifests', '--webhook-url', webhook.url, '--ca-bundle', webhook.serving.caFile]);
  if (rendered.status !== 0) throw new Error(`manifests exited ${rendered.status}: ${rendered.stderr}`);
  return rendered.stdout;
}

const MARKER_NAMESPACE = 'dualstack-e2e-marker';

/**
 * Registers the webhook with kube-apiserver through kubectl and waits until kube-apiserver really calls it: the
 * configuration informer lags the create, so a dry-run marker is sent until our own denial comes back, once for the
 * mutating configuration (a Service, [S-2]) and once for the validating one (a Cluster, refused with our [C-…] causes).
 */
export async function registerWebhook(api: ApiServer, kubectl: string, webhook: RunningWebhook): Promise<void> {
  const rendered = await renderUrlWebhookConfigurations(webhook);
  const applied = await runKubectl(kubectl, api.kubeconfigFile, ['apply', '-f', '-'], rendered);
  if (applied.code !== 0) throw new Error(`kubectl apply of the webhook configurations failed: ${applied.stderr}`);
  await waitUntilWebhookAnswers(api);
}

/**
 * Waits until kube-apiserver calls the webhook registered with it (however it was registered): dry-run markers
 * are sent until our own denials come back from the mutating and the validating configuration.
 */
export async function waitUntilWebhookAnswers(api: ApiServer): Promise<void> {
  await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: MARKER_NAMESPACE } });
  await waitForOurAnswer(api, 'mutating', `/api/v1/namespaces/${MARKER_NAMESPACE}/services?dryRun=All`, {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'marker' },
    spec: { ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4', 'IPv6'], ports: [{ port: 80 }] },
  }, '[S-2]');
  await waitForOurAnswer(api, 'validating', `/apis/baremetal.cluster.gke.io/v1/namespaces/${MARKER_NAMESPACE}/clusters?dryRun=All`, {
    apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'Cluster', metadata: { name: 'marker' },
    spec: { clusterNetwork: { services: { cidrBlocks: ['fd12::5:0/116'] } } },
  }, '[C-');
}

/** Removes both webhook configurations, so the apiserver stops calling a webhook that a test is about to replace. */
export async function unregisterWebhook(api: ApiServer, kubectl: string): Promise<void> {
  const removed = await runKubectl(kubectl, api.kubeconfigFile, [
    'delete', '--ignore-not-found', 'validatingwebhookconfiguration/dualstack-webhook', 'mutatingwebhookconfiguration/dualstack-webhook',
  ]);
  if (removed.code !== 0) throw new Error(`kubectl delete of the webhook configurations failed: ${removed.stderr}`);
}

async function waitForOurAnswer(api: ApiServer, which: string, route: string, body: unknown, marker: string): Promise<void> {
  await pollUntil(`kube-apiserver to call the ${which} webhook`, 60_000, async () => {
    const answer = await api.request('POST', route, body);
    if (answer.text.includes(marker)) return true;
    throw new Error(`HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
  }, 250);
}
