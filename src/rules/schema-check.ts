import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import clusterSchema from '../../schemas/cluster.schema.json' with { type: 'json' };
import clusterCidrConfigSchema from '../../schemas/cluster-cidr-config.schema.json' with { type: 'json' };
import nodePoolSchema from '../../schemas/node-pool.schema.json' with { type: 'json' };
import serviceSchema from '../../schemas/service.schema.json' with { type: 'json' };
import serviceCidrSchema from '../../schemas/service-cidr.schema.json' with { type: 'json' };
import {
  type FieldError, duplicate, invalid, notSupported, required, tooMany,
} from './field-errors.js';
import { type Cause, type RuleId, causeOf } from './judgement.js';

export type SchemaKind = 'Cluster' | 'NodePool' | 'ClusterCIDRConfig' | 'Service' | 'ServiceCIDR';

/**
 * A list over its maxItems (a map over its maxProperties) is reported once, by its size: its entries are only checked
 * when it is within the limit (`if maxItems then items`). Otherwise a hostile 500,000-entry list costs seconds and
 * as many causes.
 */
function boundListEntries(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(boundListEntries);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) node[key] = boundListEntries(value);
  if (typeof node.maxItems === 'number' && node.items !== undefined && node.if === undefined) {
    node.if = { maxItems: node.maxItems };
    node.then = { items: node.items };
    delete node.items;
  }
  // Maps (labels, selectors) alike: their values are checked only within maxProperties.
  if (typeof node.maxProperties === 'number' && typeof node.additionalProperties === 'object' && node.if === undefined) {
    node.if = { maxProperties: node.maxProperties };
    node.then = { additionalProperties: node.additionalProperties };
    delete node.additionalProperties;
  }
  return node;
}

// Compiled once per process: the webhook, the CLI and the tests share these validators. Two of each: a first-error
// validator answers the common case (a valid object) cheaply; the all-errors one lists every cause of an invalid
// object, as kube-apiserver does.
function compileAll(allErrors: boolean): Record<SchemaKind, ValidateFunction> {
  const ajv = new Ajv({ allErrors, verbose: true, strict: true });
  // Each schema node may name the docs/rules.md ID that the constraint enforces; errors carry it.
  ajv.addKeyword({ keyword: 'x-rule', schemaType: 'string' });
  const compile = (schema: object) => ajv.compile(boundListEntries(schema) as object);
  return {
    Cluster: compile(clusterSchema),
    NodePool: compile(nodePoolSchema),
    ClusterCIDRConfig: compile(clusterCidrConfigSchema),
    Service: compile(serviceSchema),
    ServiceCIDR: compile(serviceCidrSchema),
  };
}

const firstErrorValidators = compileAll(false);
const allErrorValidators = compileAll(true);

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
