import { type KubernetesObject } from '../rules/objects.js';
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
 * The object as the facts keep it: frozen (snapshots are shared by every review in flight), with `apiVersion` and
 * `kind` filled in, since kube-apiserver leaves them out of the items of a built-in list (ServiceCIDRList).
 */
export function keptObject(resource: WatchedResource, object: object): KubernetesObject {
  const { apiVersion, kind } = object as KubernetesObject;
  return deepFreeze({
    ...object,
    apiVersion: typeof apiVersion === 'string' ? apiVersion : `${resource.group}/${resource.version}`,
    kind: typeof kind === 'string' ? kind : resource.kind,
  });
}
