import {
  ApisApi, CustomObjectsApi, type KubeConfig, type KubernetesObject, KubernetesObjectApi, PatchStrategy,
} from '@kubernetes/client-node';
import { statusCodeOf } from './watch-kind.js';

/** Where a kind of report lives in the API. */
export interface ReportResource {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
}

/** The field manager of every write, so server-side apply owns exactly the fields `audit` writes. */
export const FIELD_MANAGER = 'dualstack-webhook';

/** Reads and writes the namespaced reports of one kind: server-side apply, delete, and list (ours, by label). */
export interface ReportWrites {
  apply(report: Record<string, unknown>): Promise<void>;
  /** Deletes the report; one already gone is not an error. */
  delete(namespace: string, name: string): Promise<void>;
  /** The namespaces holding a report with these labels. */
  namespacesWith(labelSelector: string): Promise<Set<string>>;
}

const RETRIES = 5;

/**
 * Retries what the API answers 429 (a newly installed CRD's storage still initializing, API priority and fairness)
 * or 503, after its Retry-After (1 s when it names none), a few times; any other failure is returned at once.
 */
async function withRetries<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const code = statusCodeOf(error);
      if ((code !== 429 && code !== 503) || attempt >= RETRIES) throw error;
      const header = (error as { headers?: Record<string, string> }).headers?.['retry-after'];
      const seconds = Math.min(10, Math.max(1, Number(header) || 1));
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
  }
}

/** The API groups and versions the server serves (`/apis`), as `group/version`. */
export async function servedGroupVersions(kubeConfig: KubeConfig): Promise<Set<string>> {
  const list = await kubeConfig.makeApiClient(ApisApi).getAPIVersions() as { groups?: unknown };
  // Something other than an APIGroupList (a proxy's page, a wrong server) is said as such, not as a TypeError.
  if (!Array.isArray(list?.groups)) throw new Error('the answer is not an APIGroupList');
  return new Set((list.groups as { versions?: { groupVersion?: unknown }[] }[]).flatMap((group) => (group?.versions ?? [])
    .map((version) => version?.groupVersion).filter((groupVersion): groupVersion is string => typeof groupVersion === 'string')));
}

export function reportWrites(kubeConfig: KubeConfig, resource: ReportResource): ReportWrites {
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const { group, version, plural } = resource;
  return {
    async apply(report) {
      // force: the reports are ours alone; another manager's edit of our fields is taken back, as controllers do.
      await withRetries(() => objects.patch(report as unknown as KubernetesObject, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply));
    },
    async delete(namespace, name) {
      try {
        await withRetries(() => custom.deleteNamespacedCustomObject({ group, version, namespace, plural, name }));
      } catch (error) {
        if (statusCodeOf(error) !== 404) throw error;
      }
    },
    async namespacesWith(labelSelector) {
      const namespaces = new Set<string>();
      let token: string | undefined;
      do {
        const page = await withRetries(() => custom.listCustomObjectForAllNamespaces({ group, version, plural, labelSelector, limit: 500, _continue: token })) as
          { items?: { metadata?: { namespace?: string } }[]; metadata?: { continue?: string } };
        for (const item of page.items ?? []) if (item.metadata?.namespace) namespaces.add(item.metadata.namespace);
        token = page.metadata?.continue || undefined;
      } while (token !== undefined);
      return namespaces;
    },
  };
}
