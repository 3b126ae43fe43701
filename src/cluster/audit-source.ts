import { type KubeConfig } from '@kubernetes/client-node';
import {
  type Cluster, type ClusterCidrConfig, type ClusterFacts, type KubernetesObject, type NodePool, type ServiceCidr,
} from '../rules/index.js';
import { SERVICE_RESOURCE, WATCHED_RESOURCES, type WatchedKind, type WatchedResource } from './kube-resources.js';
import { DEFAULT_WATCH_TIMING, KindWatcher, type WatchLogger, type WatchTiming } from './watch-kind.js';

/** What `audit` keeps of a stored object: what the rules read, and the uid and labels a report names it by. */
export function auditedObject(resource: WatchedResource, object: object): KubernetesObject {
  const { apiVersion, kind, metadata, spec } = object as KubernetesObject & { spec?: unknown };
  const { name, namespace, uid, labels, annotations } = metadata ?? {};
  return Object.freeze({
    apiVersion: typeof apiVersion === 'string' ? apiVersion : resource.group === '' ? resource.version : `${resource.group}/${resource.version}`,
    kind: typeof kind === 'string' ? kind : resource.kind,
    metadata: { name, namespace, uid, labels, annotations },
    ...(spec === undefined ? {} : { spec }),
  });
}

/** A change: the kind, and the `namespace/name` keys of the objects changed, or none when the whole kind may have. */
export type AuditChange = { readonly kind: WatchedKind; readonly keys?: readonly string[] | undefined };

/** The judged kinds and the facts, listed from the API and (for `audit --watch`) kept current by watches. */
export interface AuditSource {
  /** The resources listed: the facts' kinds, and Service with `--services`. */
  readonly resources: readonly WatchedResource[];
  /** Resolves once every kind's first list landed; rejects with the API's answer when a first list fails. */
  readonly listed: Promise<void>;
  objectsOf(kind: WatchedKind): readonly KubernetesObject[];
  /** The object of that kind under `namespace/name`, if it is there. */
  objectOf(kind: WatchedKind, key: string): KubernetesObject | undefined;
  /** Facts from the same lists; complete (D15) when every kind was listed: the API holds the whole configuration. */
  facts(): ClusterFacts;
  stop(): Promise<void>;
}

export interface AuditSourceOptions {
  readonly kubeConfig: KubeConfig;
  readonly services: boolean;
  readonly logger: WatchLogger;
  readonly onChange?: (change: AuditChange) => void;
  readonly timing?: Partial<WatchTiming>;
}

/** Thrown (as `listed`'s rejection) when the API cannot be read: `audit` exits 2 with this message. */
export class ApiUnreadableError extends Error {
  override readonly name = 'ApiUnreadableError';
}

const POLL_MS = 50;
const CONFIGURATION_KINDS = new Set<WatchedKind>(['Cluster', 'NodePool', 'ClusterCIDRConfig']);

/** One list-then-watch loop per kind (watch-kind.ts), keeping whole objects (auditedObject) rather than the facts' view. */
export function startAuditSource(options: AuditSourceOptions): AuditSource {
  const resources = options.services ? [...WATCHED_RESOURCES, SERVICE_RESOURCE] : [...WATCHED_RESOURCES];
  const timing: WatchTiming = { ...DEFAULT_WATCH_TIMING, ...options.timing };
  const watchers = resources.map((resource) => new KindWatcher(
    resource, options.kubeConfig, timing, options.logger,
    (keys) => options.onChange?.({ kind: resource.kind, keys }), auditedObject,
  ));
  const watcherOf = (kind: WatchedKind) => watchers.find((watcher) => watcher.resource.kind === kind);
  for (const watcher of watchers) watcher.start();

  // The watchers retry a failed list for ever (right for --watch); the first answer of each decides whether the API
  // can be read at all.
  const listed = new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      const failed = watchers.find((watcher) => watcher.kindState === 'pending' && watcher.lastProblem !== undefined);
      if (failed) {
        clearInterval(poll);
        reject(new ApiUnreadableError(`cannot list ${failed.resource.plural}: ${failed.lastProblem}`));
      } else if (watchers.every((watcher) => watcher.kindState !== 'pending')) {
        clearInterval(poll);
        resolve();
      }
    }, POLL_MS);
  });
  listed.catch(() => {});

  return {
    resources,
    listed,
    objectsOf: (kind) => watcherOf(kind)?.items() ?? [],
    objectOf: (kind, key) => watcherOf(kind)?.object(key),
    facts: () => ({
      clusters: (watcherOf('Cluster')?.items() ?? []) as Cluster[],
      nodePools: (watcherOf('NodePool')?.items() ?? []) as NodePool[],
      clusterCidrConfigs: (watcherOf('ClusterCIDRConfig')?.items() ?? []) as ClusterCidrConfig[],
      serviceCidrs: (watcherOf('ServiceCIDR')?.items() ?? []) as ServiceCidr[],
      // ServiceCIDRs may be missing (before Kubernetes 1.33) without hiding a part of any Cluster's configuration.
      complete: watchers.every((watcher) => watcher.kindState === 'synced' || !CONFIGURATION_KINDS.has(watcher.resource.kind)),
      unavailable: watchers.filter((watcher) => watcher.kindState !== 'synced').map((watcher) => watcher.resource.kind),
    }),
    stop: async () => { await Promise.all(watchers.map((watcher) => watcher.stop())); },
  };
}
