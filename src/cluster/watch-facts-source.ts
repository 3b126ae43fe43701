import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { type Cluster, type ClusterCidrConfig, type ClusterFacts, type NodePool, type ServiceCidr } from '../rules/index.js';
import { type FactsSource } from './facts-source.js';
import { WATCHED_RESOURCES, type WatchedKind } from './kube-resources.js';
import { DEFAULT_WATCH_TIMING, type KindState, KindWatcher, type WatchLogger, type WatchTiming } from './watch-kind.js';

export { type WatchLogger, type WatchTiming } from './watch-kind.js';

export interface WatchOptions {
  /** A kubeconfig file; in-cluster configuration when undefined. */
  readonly kubeconfig?: string | undefined;
  /** Where the watch loops log; a pino logger on stdout when undefined. */
  readonly logger?: WatchLogger | undefined;
  /** Backoff and retry delays; the defaults suit a real cluster, tests shorten them. */
  readonly timing?: Partial<WatchTiming> | undefined;
}

/** The watch source, with what /readyz and tests may want to know per kind. */
export interface WatchFactsSource extends FactsSource {
  kindStates(): Readonly<Record<WatchedKind, KindState>>;
}

/** Thrown when there is no API to talk to: a kubeconfig that cannot be read, or no in-cluster environment. */
export class WatchConfigurationError extends Error {
  override readonly name = 'WatchConfigurationError';
}

/** The kubeconfig file, or the in-cluster configuration; `user` names the option or command in messages. */
export function loadKubeConfig(file: string | undefined, user = '--watch'): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (file === undefined) {
    if (!process.env.KUBERNETES_SERVICE_HOST) {
      throw new WatchConfigurationError(`${user}: not running in a cluster (KUBERNETES_SERVICE_HOST is unset); give --kubeconfig FILE`);
    }
    kubeConfig.loadFromCluster();
    return kubeConfig;
  }
  try {
    kubeConfig.loadFromFile(file);
  } catch (error) {
    // A YAML error's message goes on with a frame of the file's lines: its first line says it (as documents.ts does).
    const message = error instanceof Error ? error.message : String(error);
    throw new WatchConfigurationError(`--kubeconfig ${file}: ${message.split('\n')[0]}`);
  }
  if (kubeConfig.getCurrentCluster() === null) {
    throw new WatchConfigurationError(`--kubeconfig ${file}: no current context with a cluster`);
  }
  return kubeConfig;
}

/**
 * Cluster facts from the API (`serve --watch`): one list-then-watch loop per kind of WATCHED_RESOURCES. The facts are
 * rebuilt into a frozen snapshot when something changed (coalesced per tick), so `current()`, on the admission path,
 * is a plain read.
 *
 * Readiness: ready once every kind's first list has landed, a kind the API does not serve (404, CRD missing)
 * counting as landed with no facts: ServiceCIDRs are absent before Kubernetes 1.33 and a workload cluster may hold
 * no Cluster CRD, and the webhook must still serve. Such kinds are named in `problems()` and in `unavailable`.
 */
export async function startWatchFactsSource(options: WatchOptions): Promise<WatchFactsSource> {
  const kubeConfig = loadKubeConfig(options.kubeconfig);
  const logger = options.logger ?? pino({ name: 'watch' });
  const timing: WatchTiming = { ...DEFAULT_WATCH_TIMING, ...options.timing };

  let rebuildScheduled = false;
  const scheduleRebuild = () => {
    if (rebuildScheduled) return;
    rebuildScheduled = true;
    queueMicrotask(() => {
      rebuildScheduled = false;
      snapshot = buildSnapshot();
    });
  };
  const watchers = WATCHED_RESOURCES.map((resource) => new KindWatcher(resource, kubeConfig, timing, logger, scheduleRebuild));
  const watcherOf = (kind: WatchedKind) => watchers.find((watcher) => watcher.resource.kind === kind) as KindWatcher;

  const buildSnapshot = (): ClusterFacts => Object.freeze({
    clusters: Object.freeze(watcherOf('Cluster').items() as Cluster[]),
    nodePools: Object.freeze(watcherOf('NodePool').items() as NodePool[]),
    clusterCidrConfigs: Object.freeze(watcherOf('ClusterCIDRConfig').items() as ClusterCidrConfig[]),
    serviceCidrs: Object.freeze(watcherOf('ServiceCIDR').items() as ServiceCidr[]),
    // Admission sees one object at a time: never the whole configuration (D15).
    complete: false,
    unavailable: Object.freeze(watchers.filter((watcher) => watcher.kindState !== 'synced').map((watcher) => watcher.resource.kind)),
  });
  let snapshot = buildSnapshot();
  let stopped: Promise<void> | undefined;

  for (const watcher of watchers) watcher.start();

  return {
    current: () => snapshot,
    ready: () => watchers.every((watcher) => watcher.kindState !== 'pending'),
    problems: () => watchers.flatMap((watcher) => {
      const { kind, group, plural } = watcher.resource;
      if (watcher.kindState === 'missing') return [`${kind}: no facts, the API does not serve ${plural}.${group} (404); retrying`];
      if (watcher.kindState === 'pending') {
        const reason = watcher.lastProblem === undefined ? '' : ` (${watcher.lastProblem})`;
        return [`${kind}: waiting for the first list${reason}`];
      }
      return [];
    }),
    kindStates: () => Object.fromEntries(watchers.map((watcher) => [watcher.resource.kind, watcher.kindState])) as Record<WatchedKind, KindState>,
    stop: () => {
      stopped ??= Promise.all(watchers.map((watcher) => watcher.stop())).then(() => undefined);
      return stopped;
    },
  };
}
