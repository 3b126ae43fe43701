import { type FieldError, invalid } from '../field-errors.js';

/**
 * `field.Invalid(path, service.Spec.ClusterIPs, detail)` and the like: a Go slice as the bad value, which kube-apiserver
 * holds as nil when empty, so an empty list reads `null` (bad-value.ts; e.g. the allocator's
 * `spec.clusterIPs: Invalid value: ["1.1.1.1"]: failed to allocate IP 1.1.1.1: ...`).
 */
export function invalidList(field: string, values: readonly string[], detail: string): FieldError {
  return invalid(field, values.length > 0 ? values : null, detail);
}
