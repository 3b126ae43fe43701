import { type ErrorObject } from 'ajv';
import * as allErrorValidatorsByKind from './generated/all-error-validators.js';
import * as firstErrorValidatorsByKind from './generated/first-error-validators.js';
import {
  type FieldError, duplicate, invalid, notSupported, required, tooMany,
} from './field-errors.js';
import { type Cause, type RuleId, causeOf } from './judgement.js';

export type SchemaKind = 'Cluster' | 'NodePool' | 'ClusterCIDRConfig' | 'Service' | 'ServiceCIDR';

// Compiled at build time (scripts/compile-schemas.ts, ajv's standalone code): the webhook, the CLI and the tests share
// these validators and nothing compiles a schema at run time. Two of each: a first-error validator answers the common
// case (a valid object) cheaply; the all-errors one lists every cause of an invalid object, as kube-apiserver does.
interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}
const firstErrorValidators: Record<SchemaKind, Validator> = firstErrorValidatorsByKind;
const allErrorValidators: Record<SchemaKind, Validator> = allErrorValidatorsByKind;

/** At most this many causes per object: a denial message stays readable and bounded whatever the input. */
export const MAX_SCHEMA_CAUSES = 100;

/** `/spec/cidrBlocks/1` → `spec.cidrBlocks[1]`. */
export function fieldPathOf(instancePath: string): string {
  let path = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^(0|[1-9][0-9]*)$/.test(segment)) path += `[${segment}]`;
    else path += path ? `.${segment}` : segment;
  }
  return path;
}

function join(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

function ruleOf(error: ErrorObject, rootRule: RuleId): RuleId {
  const schema = error.parentSchema as Record<string, unknown> | undefined;
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty;
    const properties = schema?.properties as Record<string, Record<string, unknown>> | undefined;
    const own = properties?.[missing]?.['x-rule'];
    if (typeof own === 'string') return own as RuleId;
  }
  const rule = schema?.['x-rule'];
  return typeof rule === 'string' ? (rule as RuleId) : rootRule;
}

function fieldErrorOf(error: ErrorObject): FieldError {
  const field = fieldPathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return required(join(field, String(params.missingProperty)));
    case 'enum':
      return notSupported(field, error.data, (params.allowedValues as unknown[]).map(String));
    case 'const':
      return notSupported(field, error.data, [String(params.allowedValue)]);
    case 'maxItems':
      return tooMany(field, Array.isArray(error.data) ? error.data.length : 0, Number(params.limit));
    case 'uniqueItems': {
      const list = Array.isArray(error.data) ? error.data : [];
      const index = Number(params.i);
      return duplicate(`${field}[${index}]`, list[index]);
    }
    case 'type':
      return invalid(field, error.data, `must be of type ${String(params.type)}`);
    case 'maxLength':
      return invalid(field, error.data, `must be no more than ${String(params.limit)} characters`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return invalid(field, error.data, `must be ${String(params.comparison)} ${String(params.limit)}`);
    default:
      return invalid(field, error.data, error.message ?? 'is invalid');
  }
}

/**
 * Checks the fields we police against their JSON Schema. A violation is a Kubernetes field error, never an exception:
 * rules only run on objects that pass.
 */
export function checkSchema(kind: SchemaKind, object: unknown, rootRule: RuleId = 'SCHEMA'): Cause[] {
  if (firstErrorValidators[kind](object)) return [];
  const validate = allErrorValidators[kind];
  validate(object);
  const errors = validate.errors ?? [];
  const seen = new Set<string>();
  const causes: Cause[] = [];
  for (const error of errors) {
    if (causes.length >= MAX_SCHEMA_CAUSES) break;
    // `type` errors on a oneOf/anyOf branch are noise once the combined keyword reports.
    if (error.keyword === 'if') continue;
    const cause = causeOf(ruleOf(error, rootRule), fieldErrorOf(error));
    const key = `${cause.field}\u0000${cause.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    causes.push(cause);
  }
  return causes;
}
