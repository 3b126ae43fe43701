import { renderValue } from './bad-value.js';

/**
 * Kubernetes field errors (apimachinery `field.Error`), built as values: a rule returns them, never throws them.
 * `body` is what Kubernetes prints after the field path (`ErrorBody()`), e.g. `Invalid value: "x": must be ...`.
 */
export type CauseReason =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueForbidden'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueTooMany';

export interface FieldError {
  readonly reason: CauseReason;
  readonly field: string;
  readonly body: string;
  /** The reason alone, without the head and the bad value (`must be ...`): what a one-line warning about it keeps. */
  readonly detail?: string;
}

function withDetail(head: string, detail: string | undefined): string {
  return detail ? `${head}: ${detail}` : head;
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { reason: 'FieldValueInvalid', field, body: withDetail(`Invalid value: ${renderValue(value)}`, detail), detail };
}

/** A changed field that may not change: `field is immutable (was OLD)`, `unset` when the old object lacked it, and why. */
export function immutable(field: string, value: unknown, old: unknown, why?: string): FieldError {
  return invalid(field, value ?? null, withDetail(`field is immutable (was ${old === undefined ? 'unset' : renderValue(old)})`, why));
}

export function required(field: string, detail = ''): FieldError {
  return { reason: 'FieldValueRequired', field, body: withDetail('Required value', detail), ...(detail ? { detail } : {}) };
}

export function forbidden(field: string, detail: string): FieldError {
  return { reason: 'FieldValueForbidden', field, body: withDetail('Forbidden', detail), detail };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const list = supported.map((entry) => renderValue(entry)).join(', ');
  return {
    reason: 'FieldValueNotSupported',
    field,
    body: withDetail(`Unsupported value: ${renderValue(value)}`, supported.length ? `supported values: ${list}` : ''),
  };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { reason: 'FieldValueDuplicate', field, body: `Duplicate value: ${renderValue(value)}` };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return { reason: 'FieldValueTooMany', field, body: `Too many: ${actual}: must have at most ${max} ${max === 1 ? 'item' : 'items'}` };
}

/** `spec.ipFamilies` + 1 → `spec.ipFamilies[1]`. */
export function at(field: string, index: number): string {
  return `${field}[${index}]`;
}
