import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/**
 * A small kube-apiserver for tests, speaking the list/watch protocol over HTTPS on 127.0.0.1 (ephemeral port) with
 * a self-signed certificate, so that the real @kubernetes/client-node code talks to it through a kubeconfig file.
 *
 * - list: `GET /apis/{group}/{version}/{plural}` → a `…List` with `metadata.resourceVersion`; `limit`/`continue`
 *   pages over a snapshot taken at the first page;
 * - watch: `?watch=true&resourceVersion=N[&allowWatchBookmarks=true]` → a chunked stream of JSON lines, replaying
 *   every event after N from the history, then live ADDED/MODIFIED/DELETED (and BOOKMARK when allowed) events; no
 *   resourceVersion: a synthetic ADDED per object first, as kube-apiserver does;
 * - a resourceVersion older than the last `compact()` → 410 Gone, as an HTTP status or (the watch cache's way) as an
 *   `ERROR` event carrying a `Status` with code 410, reason `Expired` (`goneAs`);
 * - `dropWatches()` destroys the sockets of open watches, `closeWatches()` ends them cleanly, `expireWatches()`
 *   sends the 410 ERROR event on them;
 * - a resource that is `uninstall`ed answers 404, as for a missing CRD;
 * - every request needs the bearer token of the kubeconfig;
 * - items of a built-in list (ServiceCIDRs) come without apiVersion and kind, as kube-apiserver sends them.
 * `timeoutSeconds` is accepted and ignored: tests end watches themselves.
 */

interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** Built into kube-apiserver (not a CRD): its list items come without apiVersion and kind. */
  readonly builtIn: boolean;
}

export const FAKE_RESOURCES: Readonly<Record<string, ResourceType>> = {
  clusters: { group: 'baremetal.cluster.gke.io', version: 'v1', kind: 'Cluster', namespaced: true, builtIn: false },
  nodepools: { group: 'baremetal.cluster.gke.io', version: 'v1', kind: 'NodePool', namespaced: true, builtIn: false },
  clustercidrconfigs: { group: 'baremetal.cluster.gke.io', version: 'v1alpha1', kind: 'ClusterCIDRConfig', namespaced: true, builtIn: false },
  servicecidrs: { group: 'networking.k8s.io', version: 'v1', kind: 'ServiceCIDR', namespaced: false, builtIn: true },
};

export type Plural = keyof typeof FAKE_RESOURCES & string;

export interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface HistoryEvent {
  readonly resourceVersion: number;
  readonly plural: string;
  readonly type: EventType;
  readonly object: StoredObject;
}

interface OpenWatch {
  readonly plural: string;
  readonly bookmarks: boolean;
  readonly response: ServerResponse;
}

export interface RecordedRequest {
  readonly plural: string;
  readonly watch: boolean;
  readonly resourceVersion: string | undefined;
  readonly limit: string | undefined;
  readonly continue: string | undefined;
  readonly allowWatchBookmarks: string | undefined;
  readonly status: number;
}

interface FakeCertificate {
  readonly cert: string;
  readonly key: string;
}

let certificate: Promise<FakeCertificate> | undefined;

function fakeCertificate(): Promise<FakeCertificate> {
  // One self-signed certificate per test process: generating keys is the slow part of starting a server.
  certificate ??= generate([{ name: 'commonName', value: 'fake-kube-apiserver' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  }).then((result) => ({ cert: result.cert, key: result.private }));
  return certificate;
}

function keyOf(object: StoredObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export class FakeKubeApiServer {
  /** How a too-old resourceVersion is refused on watch. */
  goneAs: 'status' | 'event' = 'status';
  readonly requests: RecordedRequest[] = [];
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private readonly history: HistoryEvent[] = [];
  private readonly watches = new Set<OpenWatch>();
  private readonly missing = new Set<string>();
  private readonly listFailures = new Map<string, { status: number; remaining: number }>();
  private readonly snapshots = new Map<string, StoredObject[]>();
  private revision = 1;
  private compactedRevision = 0;
  private heldLists: { promise: Promise<void>; release: () => void } | undefined;
  /** Lists that arrived while held and wait for `releaseLists()`. */
  waitingLists = 0;

  private constructor(
    private readonly server: Server,
    readonly kubeconfigPath: string,
    private readonly directory: string,
    private readonly token: string,
  ) {}

  static async start(options: { missing?: Plural[]; token?: string } = {}): Promise<FakeKubeApiServer> {
    const { cert, key } = await fakeCertificate();
    const token = options.token ?? 'fake-token';
    let fake: FakeKubeApiServer | undefined;
    const server = createServer({ cert, key }, (request, response) => {
      fake?.handle(request, response).catch((error: unknown) => {
        response.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const directory = await mkdtemp(join(tmpdir(), 'fake-kube-api-'));
    const kubeconfigPath = join(directory, 'kubeconfig');
    await writeFile(kubeconfigPath, JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{
        name: 'fake',
        cluster: { server: `https://127.0.0.1:${port}`, 'certificate-authority-data': Buffer.from(cert).toString('base64') },
      }],
      users: [{ name: 'fake', user: { token } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake' } }],
      'current-context': 'fake',
    }));
    fake = new FakeKubeApiServer(server, kubeconfigPath, directory, token);
    for (const plural of options.missing ?? []) fake.uninstall(plural);
    return fake;
  }

  async stop(): Promise<void> {
    this.heldLists?.release();
    for (const watch of this.watches) watch.response.destroy();
    this.watches.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    await rm(this.directory, { recursive: true, force: true });
  }

  /** The resourceVersion of the last change, as lists report it. */
  get resourceVersion(): string {
    return String(this.revision);
  }

  create(plural: Plural, object: StoredObject): StoredObject {
    return this.record(plural, 'ADDED', object);
  }

  update(plural: Plural, object: StoredObject): StoredObject {
    return this.record(plural, 'MODIFIED', object);
  }

  remove(plural: Plural, namespace: string | undefined, name: string): StoredObject {
    const existing = this.store(plural).get(`${namespace ?? ''}/${name}`);
    if (existing === undefined) throw new Error(`fake: no ${plural} ${namespace ?? ''}/${name}`);
    return this.record(plural, 'DELETED', existing);
  }

  /** Sends a BOOKMARK with the current resourceVersion on the open watches of `plural` that allow bookmarks. */
  bookmark(plural: Plural): void {
    const { group, version, kind } = FAKE_RESOURCES[plural] as ResourceType;
    const event = { type: 'BOOKMARK', object: { apiVersion: `${group}/${version}`, kind, metadata: { resourceVersion: this.resourceVersion } } };
    for (const watch of this.watches) if (watch.plural === plural && watch.bookmarks) this.send(watch, event);
  }

  /** Forgets the history: a watch from an older resourceVersion is now refused with 410 Gone. */
  compact(): void {
    this.compactedRevision = this.revision;
    this.history.length = 0;
    this.snapshots.clear();
  }

  /** Destroys the sockets of the open watches (of one resource, or all): a dropped connection. */
  dropWatches(plural?: Plural): void {
    for (const watch of this.watchesOf(plural)) {
      watch.response.socket?.destroy();
      this.watches.delete(watch);
    }
  }

  /** Ends the open watches cleanly, as kube-apiserver does when a watch's timeoutSeconds runs out. */
  closeWatches(plural?: Plural): void {
    for (const watch of this.watchesOf(plural)) {
      watch.response.end();
      this.watches.delete(watch);
    }
  }

  /** Sends the 410 ERROR event on the open watches and ends them, as the watch cache does once it compacted. */
  expireWatches(plural?: Plural): void {
    for (const watch of this.watchesOf(plural)) {
      this.send(watch, { type: 'ERROR', object: status(410, 'Expired', 'too old resource version') });
      watch.response.end();
      this.watches.delete(watch);
    }
  }

  openWatches(plural?: Plural): number {
    return this.watchesOf(plural).length;
  }

  uninstall(plural: Plural): void {
    this.missing.add(plural);
    this.dropWatches(plural);
  }

  install(plural: Plural): void {
    this.missing.delete(plural);
  }

  /** The next `count` lists of `plural` answer `code`. */
  failLists(plural: Plural, code: number, count: number): void {
    this.listFailures.set(plural, { status: code, remaining: count });
  }

  /** Lists wait until `releaseLists()`. */
  holdLists(): void {
    let release = () => {};
    const promise = new Promise<void>((resolve) => { release = resolve; });
    this.heldLists = { promise, release };
  }

  releaseLists(): void {
    this.heldLists?.release();
    this.heldLists = undefined;
  }

  requestsOf(plural: Plural): RecordedRequest[] {
    return this.requests.filter((request) => request.plural === plural);
  }

  private store(plural: string): Map<string, StoredObject> {
    let store = this.objects.get(plural);
    if (store === undefined) {
      store = new Map();
      this.objects.set(plural, store);
    }
    return store;
  }

  private watchesOf(plural: Plural | undefined): OpenWatch[] {
    return [...this.watches].filter((watch) => plural === undefined || watch.plural === plural);
  }

  private record(plural: Plural, type: EventType, object: StoredObject): StoredObject {
    const { group, version, kind } = FAKE_RESOURCES[plural] as ResourceType;
    this.revision += 1;
    const stored: StoredObject = structuredClone({
      apiVersion: `${group}/${version}`,
      kind,
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(this.revision) },
    });
    const store = this.store(plural);
    if (type === 'DELETED') store.delete(keyOf(stored));
    else store.set(keyOf(stored), stored);
    this.history.push({ resourceVersion: this.revision, plural, type, object: stored });
    for (const watch of this.watches) if (watch.plural === plural) this.send(watch, { type, object: stored });
    return stored;
  }

  private send(watch: OpenWatch, event: object): void {
    watch.response.write(`${JSON.stringify(event)}\n`);
  }

  private answer(response: ServerResponse, code: number, body: object): number {
    response.writeHead(code, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
    return code;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://127.0.0.1');
    const match = /^\/apis\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const plural = match?.[3] ?? '';
    const type = FAKE_RESOURCES[plural];
    const query = url.searchParams;
    const watch = query.get('watch') === 'true';
    const recorded = (code: number) => this.requests.push({
      plural,
      watch,
      resourceVersion: query.get('resourceVersion') ?? undefined,
      limit: query.get('limit') ?? undefined,
      continue: query.get('continue') ?? undefined,
      allowWatchBookmarks: query.get('allowWatchBookmarks') ?? undefined,
      status: code,
    });
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      recorded(this.answer(response, 401, status(401, 'Unauthorized', 'Unauthorized')));
      return;
    }
    if (request.method !== 'GET' || type === undefined || match?.[1] !== type.group || match[2] !== type.version
      || this.missing.has(plural)) {
      recorded(this.answer(response, 404, status(404, 'NotFound', 'the server could not find the requested resource')));
      return;
    }
    if (watch) {
      this.serveWatch(plural, query, response, recorded);
      return;
    }
    if (this.heldLists !== undefined) {
      this.waitingLists += 1;
      await this.heldLists.promise;
      this.waitingLists -= 1;
    }
    const failure = this.listFailures.get(plural);
    if (failure !== undefined && failure.remaining > 0) {
      failure.remaining -= 1;
      recorded(this.answer(response, failure.status, status(failure.status, 'InternalError', `fake failure ${failure.status}`)));
      return;
    }
    recorded(this.serveList(plural, type, query, response));
  }

  private serveList(plural: string, type: ResourceType, query: URLSearchParams, response: ServerResponse): number {
    const limit = Number(query.get('limit') ?? '0');
    const token = query.get('continue');
    let snapshotId: string;
    let offset = 0;
    if (token) {
      const [id, start] = Buffer.from(token, 'base64').toString().split(':');
      if (id === undefined || !this.snapshots.has(id)) {
        return this.answer(response, 410, status(410, 'Expired', 'the provided continue parameter is too old'));
      }
      snapshotId = id;
      offset = Number(start);
    } else {
      snapshotId = `${plural}@${this.revision}`;
      this.snapshots.set(snapshotId, [...this.store(plural).values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b))));
    }
    const all = this.snapshots.get(snapshotId) as StoredObject[];
    const end = limit > 0 ? Math.min(all.length, offset + limit) : all.length;
    const metadata: Record<string, string> = { resourceVersion: snapshotId.slice(snapshotId.indexOf('@') + 1) };
    if (end < all.length) metadata.continue = Buffer.from(`${snapshotId}:${end}`).toString('base64');
    return this.answer(response, 200, {
      apiVersion: `${type.group}/${type.version}`,
      kind: `${type.kind}List`,
      metadata,
      items: all.slice(offset, end).map((item) => {
        if (!type.builtIn) return item;
        const { apiVersion: _apiVersion, kind: _kind, ...rest } = item;
        return rest;
      }),
    });
  }

  private serveWatch(plural: string, query: URLSearchParams, response: ServerResponse, recorded: (code: number) => void): void {
    const from = query.get('resourceVersion') ?? '';
    if (from !== '' && from !== '0' && Number(from) < this.compactedRevision) {
      const expired = status(410, 'Expired', `too old resource version: ${from} (${this.compactedRevision})`);
      if (this.goneAs === 'status') {
        recorded(this.answer(response, 410, expired));
        return;
      }
      recorded(200);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`${JSON.stringify({ type: 'ERROR', object: expired })}\n`);
      return;
    }
    recorded(200);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.flushHeaders();
    const watch: OpenWatch = { plural, bookmarks: query.get('allowWatchBookmarks') === 'true', response };
    if (from === '' || from === '0') {
      for (const object of this.store(plural).values()) this.send(watch, { type: 'ADDED', object });
    } else {
      for (const event of this.history) {
        if (event.plural === plural && event.resourceVersion > Number(from)) this.send(watch, { type: event.type, object: event.object });
      }
    }
    this.watches.add(watch);
    response.on('close', () => this.watches.delete(watch));
  }
}
