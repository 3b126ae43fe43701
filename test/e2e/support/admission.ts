import { type ApiServer } from './control-plane.js';
import { e2e } from './environment.js';
import { type KubectlResult, runKubectl } from './kubectl.js';
import { pollUntil } from './processes.js';
import { registerWebhook, type RunningWebhook, startWebhook, unregisterWebhook } from './webhook.js';

/** A kube-apiserver and the kubectl that talks to it: the suite's own, or a second one a test started. */
export interface Target {
  readonly api: ApiServer;
  kubectl(args: readonly string[], stdin?: string): Promise<KubectlResult>;
}

export function mainTarget(): Target {
  return { api: e2e().api, kubectl: (args, stdin) => e2e().kubectl(args, stdin) };
}

export function targetFor(api: ApiServer): Target {
  return { api, kubectl: (args, stdin) => runKubectl(e2e().binaries.kubectl, api.kubeconfigFile, args, stdin) };
}

/**
 * `dualstack-webhook serve` with `args`, registered with the target's kube-apiserver as a user would (the
 * configurations `manifests --webhook-url --ca-bundle` renders). One webhook per apiserver at a time: the
 * configurations are named `dualstack-webhook`, so a file registers its own in `before` and removes it in `after`.
 */
export async function startRegisteredWebhook(args: readonly string[], target: Target = mainTarget()): Promise<RunningWebhook> {
  const webhook = await startWebhook(args);
  try {
    await registerWebhook(target.api, e2e().binaries.kubectl, webhook);
  } catch (error) {
    await webhook.close();
    throw error;
  }
  return webhook;
}

/** `serve --watch` with a kubeconfig for the target's apiserver: facts from the API, as in a cluster. */
export function watchArgs(target: Target = mainTarget()): string[] {
  return ['--watch', '--kubeconfig', target.api.kubeconfigFile];
}

export async function stopRegisteredWebhook(webhook: RunningWebhook | undefined, target: Target = mainTarget()): Promise<void> {
  try {
    await unregisterWebhook(target.api, e2e().binaries.kubectl);
  } finally {
    await webhook?.close();
  }
}

/** The stored object as JSON, or undefined when kube-apiserver has none. */
export async function storedObject(target: Target, resource: string, namespace: string | undefined, name: string): Promise<Record<string, any> | undefined> {
  const got = await target.kubectl(['get', resource, name, ...(namespace ? ['-n', namespace] : []), '-o', 'json', '--ignore-not-found']);
  if (got.code !== 0) throw new Error(`kubectl get ${resource} ${name}: ${got.stderr}`);
  return got.stdout.trim() ? JSON.parse(got.stdout) as Record<string, any> : undefined;
}

/** Creates a Namespace (idempotent) so a test's objects do not meet another test's. */
export async function createNamespace(target: Target, name: string): Promise<void> {
  const created = await target.kubectl(['create', 'namespace', name]);
  if (created.code !== 0 && !created.stderr.includes('AlreadyExists')) throw new Error(`kubectl create namespace ${name}: ${created.stderr}`);
}

/**
 * Waits until a `--watch` webhook has seen the Cluster of `namespace`: a dry-run NodePool naming it is refused for
 * [X-1] ("no Cluster found") until the watch event has arrived. Keeps tests free of the watch's small lag.
 */
export async function waitUntilWebhookSeesCluster(target: Target, namespace: string, clusterName: string): Promise<void> {
  await pollUntil(`the webhook to see Cluster ${namespace}/${clusterName}`, 30_000, async () => {
    const answer = await target.api.request('POST', `/apis/baremetal.cluster.gke.io/v1/namespaces/${namespace}/nodepools?dryRun=All`, {
      apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'NodePool', metadata: { name: 'facts-probe' },
      spec: { clusterName, nodes: [{ address: '10.250.0.1' }] },
    });
    if (answer.text.includes('[X-1]')) throw new Error(answer.text.slice(0, 300));
    return true;
  }, 100);
}

/** Waits until a `--watch` webhook no longer knows the Cluster of `namespace` (the probe above, the other way). */
export async function waitUntilWebhookForgetsCluster(target: Target, namespace: string, clusterName: string): Promise<void> {
  await pollUntil(`the webhook to forget Cluster ${namespace}/${clusterName}`, 30_000, async () => {
    const answer = await target.api.request('POST', `/apis/baremetal.cluster.gke.io/v1/namespaces/${namespace}/nodepools?dryRun=All`, {
      apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'NodePool', metadata: { name: 'facts-probe' },
      spec: { clusterName, nodes: [{ address: '10.250.0.1' }] },
    });
    return answer.text.includes('[X-1]') ? true : undefined;
  }, 100);
}
