import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { type ApiServer } from './control-plane.js';
import { e2e } from './environment.js';
import { type KubectlResult, runKubectl } from './kubectl.js';
import { pollUntil } from '../../support/processes.js';
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

/** Whether the webhook refuses a dry-run ClusterCIDRConfig in `namespace` for R-1 ("no Cluster found in namespace").
 * R-1 needs some Cluster in the API (D9 only warns when there is none): the suite's earlier files leave theirs.
 */
async function webhookMissesCluster(target: Target, namespace: string): Promise<boolean> {
  const answer = await target.api.request('POST', `/apis/baremetal.cluster.gke.io/v1alpha1/namespaces/${namespace}/clustercidrconfigs?dryRun=All`, {
    apiVersion: 'baremetal.cluster.gke.io/v1alpha1', kind: 'ClusterCIDRConfig', metadata: { name: 'facts-probe' },
    spec: { ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 24 } },
  });
  // With no Cluster in the API at all, D9 warns instead of refusing for R-1.
  return answer.text.includes(`no Cluster found in namespace \\"${namespace}\\"`) || answer.text.includes('[X-7] no Cluster in the facts');
}

/**
 * Waits until a `--watch` webhook has seen a Cluster in `namespace`: a dry-run ClusterCIDRConfig there is refused for
 * R-1 until the watch event has arrived. Keeps tests free of the watch's small lag.
 */
export async function waitUntilWebhookSeesCluster(target: Target, namespace: string): Promise<void> {
  await pollUntil(`the webhook to see the Cluster of ${namespace}`, 30_000, async () => ((await webhookMissesCluster(target, namespace)) ? undefined : true), 100);
}

/** Waits until a `--watch` webhook no longer knows a Cluster in `namespace` (the probe above, the other way). */
export async function waitUntilWebhookForgetsCluster(target: Target, namespace: string): Promise<void> {
  await pollUntil(`the webhook to forget the Cluster of ${namespace}`, 30_000, async () => ((await webhookMissesCluster(target, namespace)) ? true : undefined), 100);
}

/** examples/dual-stack-cluster.yaml (Namespace, Cluster, NodePool, ClusterCIDRConfig) moved to `namespace`. */
export function documentationClusterIn(namespace: string): string {
  return readFileSync(path.join(PACKAGE_ROOT, 'examples', 'dual-stack-cluster.yaml'), 'utf8').replace(/\bcluster-dual-stack\b/g, namespace);
}

export interface AdmissionAnswer {
  readonly allowed: boolean;
  readonly warnings?: string[];
  readonly patch?: { op: string; path: string; value?: unknown }[];
}

/** One CREATE AdmissionReview sent straight to the running webhook (what kube-apiserver would send), its answer decoded. */
export async function reviewCreate(webhook: RunningWebhook, route: '/mutate' | '/validate', object: Record<string, unknown>): Promise<AdmissionAnswer> {
  const metadata = object.metadata as { name: string; namespace?: string };
  const review = {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: randomUUID(), kind: { group: '', version: 'v1', kind: String(object.kind) }, resource: { group: '', version: 'v1', resource: 'services' },
      name: metadata.name, namespace: metadata.namespace, operation: 'CREATE', userInfo: { username: 'e2e' }, object, dryRun: false,
    },
  };
  const body = JSON.stringify(review);
  const text = await new Promise<string>((resolve, reject) => {
    const outgoing = httpsRequest(new URL(route, webhook.url), {
      method: 'POST', ca: webhook.serving.caPem, agent: false,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
  const response = (JSON.parse(text) as { response: { allowed: boolean; warnings?: string[]; patch?: string } }).response;
  return {
    allowed: response.allowed,
    ...(response.warnings ? { warnings: response.warnings } : {}),
    ...(response.patch ? { patch: JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as AdmissionAnswer['patch'] } : {}),
  };
}
