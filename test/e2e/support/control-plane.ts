import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type KubeBinaries } from './binaries.js';
import { type ServingFiles, writeLoopbackServingCertificate, writeServiceAccountKeys } from './pki.js';
import { freePort, type ManagedProcess, pollUntil, startProcess } from '../../support/processes.js';

/** A temporary folder on tmpfs when the machine has one (etcd fsyncs less there), removed by the caller. */
export async function makeScratchFolder(prefix: string): Promise<string> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return mkdtemp(path.join(base, `dualstack-e2e-${prefix}-`));
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

function send(url: URL, options: { method: string; headers: Record<string, string>; ca?: string; body?: string }): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const requestOf = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = requestOf(url, {
      method: options.method,
      headers: options.body === undefined ? options.headers : { ...options.headers, 'Content-Length': Buffer.byteLength(options.body) },
      ...(options.ca ? { ca: options.ca } : {}),
      agent: false,
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.setTimeout(30_000, () => outgoing.destroy(new Error(`${options.method} ${url.href}: no answer in 30 s`)));
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

export interface Etcd {
  readonly url: string;
  readonly process: ManagedProcess;
  /** etcd's current revision, read through its JSON gateway. */
  revision(): Promise<string>;
  /** Compacts etcd's history up to its current revision, so older resourceVersions are gone (410 Gone). */
  compact(): Promise<string>;
  stop(): Promise<void>;
}

export async function startEtcd(binaries: KubeBinaries): Promise<Etcd> {
  const folder = await makeScratchFolder('etcd');
  const clientPort = await freePort();
  const peerPort = await freePort();
  const url = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const process = startProcess('etcd', binaries.etcd, [
    `--data-dir=${path.join(folder, 'data')}`,
    '--name=e2e',
    `--listen-client-urls=${url}`, `--advertise-client-urls=${url}`,
    `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=e2e=${peerUrl}`,
    '--unsafe-no-fsync', '--log-level=warn',
  ], { logFile: path.join(folder, 'etcd.log') });
  const gateway = async (route: string, body: unknown): Promise<Record<string, unknown>> => {
    const answer = await send(new URL(route, url), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    if (answer.status !== 200) throw new Error(`etcd ${route}: HTTP ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text) as Record<string, unknown>;
  };
  const revision = async (): Promise<string> => {
    // The key "/" is "Lw==": any range answer carries the store's current revision in its header.
    const answer = await gateway('/v3/kv/range', { key: 'Lw==' });
    return String((answer.header as { revision: string }).revision);
  };
  try {
    await pollUntil('etcd /health', 60_000, async () => {
      if (process.child.exitCode !== null) throw new Error(`etcd exited: ${process.output()}`);
      const answer = await send(new URL('/health', url), { method: 'GET', headers: {} });
      return answer.status === 200 && answer.text.includes('"health":"true"') ? true : undefined;
    });
  } catch (error) {
    await process.stop();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    process,
    revision,
    async compact() {
      const current = await revision();
      await gateway('/v3/kv/compaction', { revision: current, physical: true });
      return current;
    },
    async stop() {
      await process.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

export interface ApiServerOptions {
  /** `--service-cluster-ip-range`, primary family first. */
  readonly serviceRanges: readonly string[];
  /** Several apiservers can share one etcd under different prefixes. */
  readonly etcdPrefix?: string;
  readonly watchCache?: boolean;
}

export interface ApiServer {
  readonly url: string;
  readonly token: string;
  readonly serving: ServingFiles;
  readonly kubeconfigFile: string;
  readonly folder: string;
  readonly options: ApiServerOptions;
  process(): ManagedProcess;
  /** One request as the admin user; `body` is sent as JSON. */
  request(method: string, route: string, body?: unknown, contentType?: string): Promise<HttpAnswer>;
  /** Stops kube-apiserver and starts it again on the same port and etcd prefix, waiting until it is ready. */
  restart(): Promise<void>;
  stopProcess(): Promise<void>;
  startProcess(): Promise<void>;
  stop(): Promise<void>;
}

export async function startApiServer(binaries: KubeBinaries, etcd: Etcd, options: ApiServerOptions): Promise<ApiServer> {
  const folder = await makeScratchFolder('apiserver');
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const token = randomBytes(24).toString('hex');
  const serving = await writeLoopbackServingCertificate(folder, 'apiserver');
  const serviceAccount = await writeServiceAccountKeys(folder);
  const tokenFile = path.join(folder, 'tokens.csv');
  await writeFile(tokenFile, `${token},e2e-admin,1000,"system:masters"\n`, { mode: 0o600 });
  const kubeconfigFile = path.join(folder, 'kubeconfig');
  await writeFile(kubeconfigFile, kubeconfigText(url, serving.caPem, token), { mode: 0o600 });
  const args = [
    `--etcd-servers=${etcd.url}`,
    `--etcd-prefix=${options.etcdPrefix ?? '/registry'}`,
    '--bind-address=127.0.0.1', `--secure-port=${port}`,
    // No default route here; and 1.37 validates the advertise address unless the endpoint reconciler is off.
    '--advertise-address=127.0.0.1', '--endpoint-reconciler-type=none',
    `--cert-dir=${folder}`,
    `--tls-cert-file=${serving.certFile}`, `--tls-private-key-file=${serving.keyFile}`,
    `--token-auth-file=${tokenFile}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${serviceAccount.publicFile}`,
    `--service-account-signing-key-file=${serviceAccount.privateFile}`,
    `--service-cluster-ip-range=${options.serviceRanges.join(',')}`,
    // No controller-manager runs: without this, every Pod-creating request waits for a default ServiceAccount.
    '--disable-admission-plugins=ServiceAccount',
    '--allow-privileged=true',
    // Compaction only when a test asks for it (watch 410 tests).
    '--etcd-compaction-interval=0',
    ...(options.watchCache === false ? ['--watch-cache=false'] : []),
  ];
  let current: ManagedProcess | undefined;
  let starts = 0;
  const request = async (method: string, route: string, body?: unknown, contentType = 'application/json'): Promise<HttpAnswer> =>
    send(new URL(route, url), {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': contentType }) },
      ca: serving.caPem,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const launch = async (): Promise<void> => {
    starts += 1;
    const launched = startProcess('kube-apiserver', binaries.kubeApiServer, args, {
      logFile: path.join(folder, `kube-apiserver-${starts}.log`),
    });
    current = launched;
    // Ready means: /readyz passes, and the default/kubernetes Service exists (the ClusterIP allocators have synced).
    await pollUntil(`kube-apiserver ${url} to be ready`, 120_000, async () => {
      if (launched.child.exitCode !== null) throw new Error(`kube-apiserver exited: ${launched.output().slice(-4000)}`);
      const ready = await request('GET', '/readyz');
      if (ready.status !== 200) throw new Error(`/readyz ${ready.status}: ${ready.text.slice(-500)}`);
      const service = await request('GET', '/api/v1/namespaces/default/services/kubernetes');
      return service.status === 200 ? true : undefined;
    }, 250);
  };
  const stopProcess = async (): Promise<void> => {
    await current?.stop();
  };
  try {
    await launch();
  } catch (error) {
    await stopProcess();
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    token,
    serving,
    kubeconfigFile,
    folder,
    options,
    process: () => current!,
    request,
    async restart() {
      await stopProcess();
      await launch();
    },
    stopProcess,
    startProcess: launch,
    async stop() {
      await stopProcess();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

function kubeconfigText(url: string, caPem: string, token: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'e2e', cluster: { server: url, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: 'e2e-admin', user: { token } }],
    contexts: [{ name: 'e2e', context: { cluster: 'e2e', user: 'e2e-admin' } }],
    'current-context': 'e2e',
  }, null, 2);
}
