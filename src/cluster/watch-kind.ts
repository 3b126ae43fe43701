import { CoreV1Api, CustomObjectsApi, type KubeConfig, Watch } from '@kubernetes/client-node';
import { type KubernetesObject, sameJson } from '../rules/index.js';
import { keptObject, keyOf, resourceVersionOf } from './kube-objects.js';
import { collectionPathOf, type WatchedResource } from './kube-resources.js';
import { Backoff, race, sleep } from './watch-backoff.js';
import { trackFactsAge, watchRelists, watchRestarts } from './watch-metrics.js';

/** What the watch loops log with; a pino logger fits. */
export interface WatchLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface WatchTiming {
  /** First delay after a failed list or watch; doubles up to `maxBackoffMs`, with jitter. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Delay between lists of a resource the API does not serve (404: its CRD is not installed). */
  readonly missingRetryMs: number;
  /** A list page that takes longer counts as failed. */
  readonly listTimeoutMs: number;
  readonly listPageSize: number;
  /** Asked of the server for each watch (times 1 to 2, at random, as client-go does), so watches end and restart. */
  readonly watchTimeoutSeconds: number;
  /**
   * A watch still open this long after its timeoutSeconds ran out is abandoned and resumed: the server should have
   * ended it, so the connection is stalled (a network partition that sent no reset).
   */
  readonly watchGraceMs: number;
  /** A watch that ends sooner, without a single event, counts as failed (backoff) rather than as a normal end. */
  readonly healthyWatchMs: number;
}

export const DEFAULT_WATCH_TIMING: WatchTiming = {
  initialBackoffMs: 800,
  maxBackoffMs: 30_000,
  missingRetryMs: 60_000,
  listTimeoutMs: 60_000,
  listPageSize: 500,
  watchTimeoutSeconds: 300,
  watchGraceMs: 30_000,
  healthyWatchMs: 1_000,
};

/** pending: the first list has not landed; synced: listed (and watching); missing: the API answers 404. */
export type KindState = 'pending' | 'synced' | 'missing';

type ListOutcome =
  | { readonly type: 'listed'; readonly items: unknown[]; readonly resourceVersion: string }
  | { readonly type: 'missing' }
  | { readonly type: 'failed'; readonly problem: string }
  | { readonly type: 'stopped' };

/** How one watch request ended; `events` counts what it delivered, bookmarks included. */
type WatchEnd = { readonly events: number } & (
  | { readonly type: 'closed' }
  | { readonly type: 'dropped'; readonly problem: string }
  | { readonly type: 'stalled'; readonly problem: string }
  | { readonly type: 'error'; readonly problem: string }
  | { readonly type: 'gone' }
  | { readonly type: 'not-found' }
  | { readonly type: 'stopped' });

/** The HTTP status of a client error: ApiException's `code`, Watch's `statusCode`. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // ApiException (generated clients) carries `code`; Watch's errors carry `statusCode`.
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/** `HTTP 403: <the Status message>`, or the error's message, for logs and stderr. */
export function describeError(error: unknown): string {
  const code = statusCodeOf(error);
  if (code !== undefined) {
    const body = (error as { body?: unknown }).body;
    const parsed = typeof body === 'string' ? safeJson(body) : body;
    const message = (parsed as { message?: unknown } | undefined)?.message;
    return typeof message === 'string' ? `HTTP ${code}: ${message}` : `HTTP ${code}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A typed list as JSON again: the client names `metadata.continue` `_continue` in its classes. */
function plainList(list: object): unknown {
  const plain = JSON.parse(JSON.stringify(list)) as { metadata?: { _continue?: unknown; continue?: unknown } };
  if (plain.metadata?._continue !== undefined) plain.metadata.continue = plain.metadata._continue;
  return plain;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Keeps one resource's objects current: list (in pages), then watch from the list's resourceVersion, resuming each
 * ended watch from the last resourceVersion seen (events and bookmarks), relisting after 410 Gone, with backoff.
 *
 * Written on @kubernetes/client-node's `Watch` and generated `CustomObjectsApi` rather than its `ListWatch`
 * informer, which (1.3) stops for good on the first list or watch error other than 410, restarts a closed watch
 * with no delay, and cannot be told a resource is missing (docs/watch.md).
 */
export class KindWatcher {
  private readonly objects = new Map<string, KubernetesObject>();
  private readonly api: CustomObjectsApi;
  private readonly core: CoreV1Api;
  private readonly watch: Watch;
  private readonly backoff: Backoff;
  private readonly stopping = new AbortController();
  private readonly untrackAge: () => void;
  private state: KindState = 'pending';
  private problem: string | undefined;
  private resourceVersion = '';
  private watchOpen = false;
  private lastCurrentAt = Date.now();
  private endWatch: (() => void) | undefined;
  private running: Promise<void> | undefined;

  constructor(
    readonly resource: WatchedResource,
    kubeConfig: KubeConfig,
    private readonly timing: WatchTiming,
    private readonly logger: WatchLogger,
    /**
     * Called after what the facts read of the objects changed: with the keys (`namespace/name`) of the objects an event
     * changed, or with none when the whole kind may have (a list landed, the kind went missing).
     */
    private readonly changed: (keys?: readonly string[]) => void,
    /** What is kept of each object: what the facts read (keptObject) unless a caller needs more (`audit`: uid, labels). */
    private readonly keepAs: (resource: WatchedResource, object: object) => KubernetesObject = keptObject,
  ) {
    this.api = kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.watch = new Watch(kubeConfig);
    this.backoff = new Backoff(timing.initialBackoffMs, timing.maxBackoffMs);
    this.untrackAge = trackFactsAge(resource.kind, () => this.ageSeconds());
  }

  start(): void {
    this.running ??= this.run().catch((error: unknown) => {
      // A bug, not an API failure (those are outcomes): say so loudly; the kind stays as it was.
      this.logger.error({ kind: this.resource.kind, err: error }, 'watch loop failed');
    });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.endWatch?.();
    await this.running;
    this.untrackAge();
  }

  get kindState(): KindState {
    return this.state;
  }

  /** Why the kind has no facts yet (the last list failure), if it has none. */
  get lastProblem(): string | undefined {
    return this.problem;
  }

  /** The object kept under `namespace/name`, if any. */
  object(key: string): KubernetesObject | undefined {
    return this.objects.get(key);
  }

  /** The objects in a stable order (namespace, then name), so that snapshots do not depend on event order. */
  items(): KubernetesObject[] {
    return [...this.objects.keys()].sort().map((key) => this.objects.get(key) as KubernetesObject);
  }

  private ageSeconds(): number {
    return this.watchOpen ? 0 : (Date.now() - this.lastCurrentAt) / 1000;
  }

  private log(level: keyof WatchLogger, fields: object, message: string): void {
    this.logger[level]({ kind: this.resource.kind, ...fields }, message);
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const listed = await this.listAll();
      if (listed.type === 'stopped') return;
      if (listed.type === 'missing') {
        this.markMissing();
        await sleep(this.timing.missingRetryMs, signal);
        continue;
      }
      if (listed.type === 'failed') {
        this.markListFailed(listed.problem);
        await sleep(this.backoff.next(), signal);
        continue;
      }
      this.replaceAll(listed.items, listed.resourceVersion);
      const relist = await this.watchUntilRelist();
      if (relist === undefined) return;
      watchRelists.inc({ kind: this.resource.kind, reason: relist });
    }
  }

  private listPage(token: string | undefined): Promise<unknown> {
    const { group, version, plural } = this.resource;
    const request = { group, version, plural, limit: this.timing.listPageSize, _continue: token };
    // The core group has no custom-objects path; its typed list is made plain JSON again, as watch events are.
    if (group === '') return this.core.listServiceForAllNamespaces(request).then(plainList);
    // One path either way, /apis/{group}/{version}/{plural}: the typed client would turn ServiceCIDRs into class
    // instances, while watch events are plain JSON; the generic client keeps both alike.
    return this.resource.namespaced
      ? this.api.listCustomObjectForAllNamespaces(request)
      : this.api.listClusterCustomObject(request);
  }

  private async listAll(): Promise<ListOutcome> {
    const items: unknown[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const page = await race(this.listPage(token), this.timing.listTimeoutMs, this.stopping.signal);
      if (page.settled === 'aborted') return { type: 'stopped' };
      if (page.settled === 'timeout') return { type: 'failed', problem: `list timed out after ${this.timing.listTimeoutMs} ms` };
      if (page.settled === 'error') {
        return statusCodeOf(page.error) === 404 ? { type: 'missing' } : { type: 'failed', problem: describeError(page.error) };
      }
      const list = page.value as { items?: unknown; metadata?: { resourceVersion?: unknown; continue?: unknown } } | null;
      if (typeof list !== 'object' || list === null || !Array.isArray(list.items)) {
        return { type: 'failed', problem: 'the list answer has no items' };
      }
      items.push(...(list.items as unknown[]));
      // Every page of a chunked list shares the first page's snapshot and resourceVersion.
      if (typeof list.metadata?.resourceVersion === 'string') resourceVersion = list.metadata.resourceVersion;
      token = typeof list.metadata?.continue === 'string' && list.metadata.continue !== '' ? list.metadata.continue : undefined;
    } while (token !== undefined);
    return { type: 'listed', items, resourceVersion };
  }

  private markMissing(): void {
    if (this.state !== 'missing') {
      // Logged once per disappearance: a cluster without the CRD retries quietly every missingRetryMs.
      this.log('warn', { resource: collectionPathOf(this.resource), retryMs: this.timing.missingRetryMs },
        'the API does not serve this resource (404: its CRD is not installed, or this Kubernetes version lacks it); '
          + 'no facts of this kind until it appears');
      this.state = 'missing';
      this.problem = undefined;
      this.objects.clear();
      this.changed();
    }
    this.lastCurrentAt = Date.now();
  }

  private markListFailed(problem: string): void {
    if (problem !== this.problem) this.log('warn', { problem, state: this.state }, 'list failed; retrying with backoff');
    this.problem = problem;
  }

  private replaceAll(items: readonly unknown[], resourceVersion: string): void {
    const previous = new Map(this.objects);
    this.objects.clear();
    // A relist after 410 Gone mostly finds what the watch already knew: the facts are rebuilt only if something differs.
    let changed = this.state !== 'synced';
    for (const item of items) {
      const key = keyOf(item);
      if (key === undefined) continue;
      if (this.keep(key, item as object, previous.get(key))) changed = true;
    }
    if (this.objects.size !== previous.size) changed = true;
    if (this.state !== 'synced') this.log('info', { objects: this.objects.size, resourceVersion }, 'listed');
    this.state = 'synced';
    this.problem = undefined;
    this.resourceVersion = resourceVersion;
    this.lastCurrentAt = Date.now();
    this.backoff.reset();
    if (changed) this.changed();
  }

  /**
   * Keeps the object under `key`; false when what the facts read of it is what `known` holds already (keptObject:
   * a status, label or finalizer change), then `known` itself stays, and with it the views computed for it.
   */
  private keep(key: string, object: object, known: KubernetesObject | undefined): boolean {
    const kept = this.keepAs(this.resource, object);
    const same = known !== undefined && sameJson(known, kept);
    this.objects.set(key, same ? known : kept);
    return !same;
  }

  /** Watches, resuming each ended watch, until a relist is needed (its reason) or the watcher stops (undefined). */
  private async watchUntilRelist(): Promise<'expired' | 'not-found' | undefined> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const startedAt = Date.now();
      const end = await this.watchOnce();
      this.watchOpen = false;
      this.lastCurrentAt = Date.now();
      if (end.type === 'stopped') return undefined;
      const healthy = end.events > 0 || Date.now() - startedAt >= this.timing.healthyWatchMs;
      if (healthy) this.backoff.reset();
      watchRestarts.inc({ kind: this.resource.kind, reason: end.type });
      const fields = { resourceVersion: this.resourceVersion, events: end.events, ...('problem' in end ? { problem: end.problem } : {}) };
      if (end.type === 'gone') {
        this.log('info', fields, 'watch expired (410 Gone); relisting');
        if (!healthy) await sleep(this.backoff.next(), signal);
        return 'expired';
      }
      if (end.type === 'not-found') {
        this.log('warn', fields, 'watch answered 404; relisting');
        return 'not-found';
      }
      this.log(end.type === 'closed' ? 'debug' : 'warn', fields, `watch ${end.type}; resuming from the last resourceVersion`);
      await sleep(end.type === 'closed' && healthy ? 0 : this.backoff.next(), signal);
    }
    return undefined;
  }

  private watchOnce(): Promise<WatchEnd> {
    return new Promise((resolve) => {
      let events = 0;
      let ended = false;
      let controller: AbortController | undefined;
      const timeoutSeconds = Math.round(this.timing.watchTimeoutSeconds * (1 + Math.random()));
      const deadline = setTimeout(() => {
        end({ type: 'stalled', problem: `still open ${this.timing.watchGraceMs} ms after its timeoutSeconds ${timeoutSeconds}`, events });
      }, timeoutSeconds * 1000 + this.timing.watchGraceMs);
      const end = (outcome: WatchEnd) => {
        if (ended) return;
        ended = true;
        clearTimeout(deadline);
        this.endWatch = undefined;
        controller?.abort();
        resolve(outcome);
      };
      this.endWatch = () => end({ type: 'stopped', events });
      const query = {
        allowWatchBookmarks: true,
        resourceVersion: this.resourceVersion,
        timeoutSeconds,
      };
      const onEvent = (type: string, object: unknown) => {
        if (ended) return;
        // An ERROR event does not make a watch healthy: a server that answers only errors must meet the backoff.
        if (type !== 'ERROR') events += 1;
        this.lastCurrentAt = Date.now();
        try {
          const stop = this.apply(type, object);
          if (stop !== undefined) end({ ...stop, events });
        } catch (error) {
          // Watch swallows exceptions thrown by its callback; a bug here must not go unseen.
          this.log('error', { err: error, type }, 'applying a watch event failed');
          end({ type: 'error', problem: 'applying a watch event failed', events });
        }
      };
      const onDone = (error: unknown) => {
        if (error === null || error === undefined) return end({ type: 'closed', events });
        const code = statusCodeOf(error);
        if (code === 410) return end({ type: 'gone', events });
        if (code === 404) return end({ type: 'not-found', events });
        return end({ type: code === undefined ? 'dropped' : 'error', problem: describeError(error), events });
      };
      this.watch.watch(collectionPathOf(this.resource), query, onEvent, onDone).then(
        (started) => {
          controller = started;
          if (ended) started.abort();
          else this.watchOpen = true;
        },
        (error: unknown) => end({ type: 'dropped', problem: describeError(error), events }),
      );
    });
  }

  /** Applies one event; returns how the watch ends when the event ends it. */
  private apply(type: string, object: unknown): { type: 'gone' } | { type: 'error'; problem: string } | undefined {
    switch (type) {
      case 'ADDED':
      case 'MODIFIED':
      case 'DELETED': {
        const key = keyOf(object);
        if (key === undefined) {
          this.log('warn', { type }, 'ignored a watch event without metadata.name');
          return undefined;
        }
        const changed = type === 'DELETED' ? this.objects.delete(key) : this.keep(key, object as object, this.objects.get(key));
        this.advance(object);
        if (changed) this.changed([key]);
        return undefined;
      }
      case 'BOOKMARK':
        this.advance(object);
        return undefined;
      case 'ERROR': {
        // kube-apiserver ends a watch it cannot serve with an ERROR event carrying a Status; 410 means relist.
        const status = (typeof object === 'object' && object !== null ? object : {}) as { code?: unknown; message?: unknown };
        if (status.code === 410) return { type: 'gone' };
        return { type: 'error', problem: `ERROR event ${String(status.code)}: ${String(status.message ?? '')}` };
      }
      default:
        this.log('debug', { type }, 'ignored a watch event of an unknown type');
        return undefined;
    }
  }

  private advance(object: unknown): void {
    this.resourceVersion = resourceVersionOf(object) ?? this.resourceVersion;
  }
}
