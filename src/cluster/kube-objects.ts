import { type KubernetesObject } from '../rules/index.js';
import { type WatchedResource } from './kube-resources.js';

/** `namespace/name`, or undefined when the object has no name (then it is not an object we can keep). */
export function keyOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const metadata = (object as KubernetesObject).metadata;
  if (typeof metadata?.name !== 'string' || metadata.name === '') return undefined;
  return `${typeof metadata.namespace === 'string' ? metadata.namespace : ''}/${metadata.name}`;
}

export function resourceVersionOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const version = (object as KubernetesObject).metadata?.resourceVersion;
  return typeof version === 'string' && version !== '' ? version : undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The object as the facts keep it: what the rules read of a facts object, frozen (snapshots are shared by every review
 * in flight). The rules read a facts object's `spec`, its name and namespace (identity, and which Cluster a config or
 * pool belongs to) and its apiVersion and kind; never its labels (selectors match the nodes a NodePool's spec lists),
 * annotations (only the reviewed Cluster's, C-45), finalizers, resourceVersion or status. So an event that changes only
 * those (a controller's status update, a label, a finalizer) leaves the kept object as it was: `sameJson` of the two
 * says so, and the facts are not rebuilt. `apiVersion` and `kind` are filled in, since kube-apiserver leaves them out
 * of the items of a built-in list (ServiceCIDRList).
 */
export function keptObject(resource: WatchedResource, object: object): KubernetesObject {
  const { apiVersion, kind, metadata, spec } = object as KubernetesObject & { spec?: unknown };
  return deepFreeze({
    apiVersion: typeof apiVersion === 'string' ? apiVersion : `${resource.group}/${resource.version}`,
    kind: typeof kind === 'string' ? kind : resource.kind,
    metadata: { name: metadata?.name, ...(metadata?.namespace === undefined ? {} : { namespace: metadata.namespace }) },
    ...(spec === undefined ? {} : { spec }),
  });
}
