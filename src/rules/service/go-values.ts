import { type FieldError } from '../field-errors.js';

// Same cap as renderValue in field-errors.ts: hostile lists must not be echoed back whole.
const MAX_RENDERED_VALUE = 256;

/**
 * A slice as Go's `%#v` prints it, which is how apimachinery renders a list-valued bad value in a field error:
 * `[]string{"10.0.0.1", "fd00::1"}`, or `[]string(nil)` for an empty one (KS-22; e.g. the allocator's
 * `spec.clusterIPs: Invalid value: []string{"1.1.1.1"}: failed to allocate IP 1.1.1.1: ...`).
 */
export function renderGoSlice(values: readonly string[], typeName = '[]string'): string {
  if (values.length === 0) return `${typeName}(nil)`;
  const text = `${typeName}{${values.map((value) => JSON.stringify(value)).join(', ')}}`;
  return text.length > MAX_RENDERED_VALUE ? `${text.slice(0, MAX_RENDERED_VALUE)}...(truncated)` : text;
}

/** `field.Invalid(path, service.Spec.ClusterIPs, detail)` and the like. */
export function invalidList(field: string, values: readonly string[], detail: string, typeName?: string): FieldError {
  return { reason: 'FieldValueInvalid', field, body: `Invalid value: ${renderGoSlice(values, typeName)}: ${detail}` };
}

/** The internal `[]core.IPFamily` type, as validateUpgradeDowngradeIPFamilies reports it. */
export const IP_FAMILY_SLICE = '[]core.IPFamily';
