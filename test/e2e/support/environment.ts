import path from 'node:path';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { findKubeBinaries, type KubeBinaries } from './binaries.js';
import { type ApiServer, type ApiServerOptions, type Etcd, startApiServer, startEtcd } from './control-plane.js';
import { type KubectlResult, runKubectl } from './kubectl.js';
import { pollUntil, runningProcesses } from '../../support/processes.js';

/** The documentation cluster's Service ranges (examples/dual-stack-cluster.yaml), IPv4 primary. */
export const DOCUMENTATION_SERVICE_RANGES = ['172.16.0.0/20', 'fd12::5:0/116'] as const;

export interface E2eEnvironment {
  readonly binaries: KubeBinaries;
  readonly etcd: Etcd;
  /** kube-apiserver with the documentation cluster's dual-stack Service ranges and our CRDs Established. */
  readonly api: ApiServer;
  kubectl(args: readonly string[], stdin?: string): Promise<KubectlResult>;
  /** Another kube-apiserver on the same etcd under its own prefix, stopped with the suite. */
  startApiServer(options: ApiServerOptions): Promise<ApiServer>;
}

let environment: E2eEnvironment | undefined;
const extraApiServers: ApiServer[] = [];
let etcdPrefixes = 0;

export function e2e(): E2eEnvironment {
  if (!environment) throw new Error('the end-to-end environment is not started (run through `npm run test:e2e`)');
  return environment;
}

/** Applies manifests/crds with kubectl and waits until every CRD is Established. */
export async function installCustomResourceDefinitions(api: ApiServer, kubectl: string): Promise<void> {
  const crds = path.join(PACKAGE_ROOT, 'manifests', 'crds');
  const applied = await runKubectl(kubectl, api.kubeconfigFile, ['apply', '-k', crds]);
  if (applied.code !== 0) throw new Error(`kubectl apply -k ${crds}: ${applied.stderr}`);
  const waited = await runKubectl(kubectl, api.kubeconfigFile, ['wait', '--for=condition=Established', '--timeout=60s', 'crd', '--all']);
  if (waited.code !== 0) throw new Error(`CRDs not Established: ${waited.stderr}`);
  // Established means served; discovery in kubectl and the apiserver's own handlers can lag a moment longer.
  await pollUntil('the Cluster resource to be served', 30_000, async () => {
    const answer = await api.request('GET', '/apis/baremetal.cluster.gke.io/v1/clusters');
    return answer.status === 200 ? true : undefined;
  });
}

// Root hooks: one etcd and one dual-stack kube-apiserver for the whole run, ended whatever the tests did.
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(90 * 60_000);
    const started = Date.now();
    const binaries = findKubeBinaries();
    const etcd = await startEtcd(binaries);
    try {
      const api = await startApiServer(binaries, etcd, { serviceRanges: DOCUMENTATION_SERVICE_RANGES });
      environment = {
        binaries,
        etcd,
        api,
        kubectl: (args, stdin) => runKubectl(binaries.kubectl, api.kubeconfigFile, args, stdin),
        async startApiServer(options) {
          etcdPrefixes += 1;
          const server = await startApiServer(binaries, etcd, { etcdPrefix: `/e2e-${etcdPrefixes}/registry`, ...options });
          extraApiServers.push(server);
          return server;
        },
      };
      await installCustomResourceDefinitions(api, binaries.kubectl);
    } catch (error) {
      await stopAll(etcd);
      throw error;
    }
    process.stderr.write(`e2e: control plane ready in ${((Date.now() - started) / 1000).toFixed(1)} s (binaries: ${binaries.folder})\n`);
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(120_000);
    if (environment) await stopAll(environment.etcd);
    const left = runningProcesses();
    if (left.length > 0) throw new Error(`processes left running after the suite: ${left.join(', ')}`);
  },
};

async function stopAll(etcd: Etcd): Promise<void> {
  for (const server of extraApiServers.splice(0)) await server.stop();
  await environment?.api.stop();
  environment = undefined;
  await etcd.stop();
}
