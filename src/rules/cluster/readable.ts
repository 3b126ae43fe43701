import { viewPerObject } from '../object-memo.js';
import { checkSchema, type SchemaKind } from '../schema-check.js';

function readableAs(kind: SchemaKind): (object: unknown) => boolean {
  return viewPerObject((object: unknown) => typeof object === 'object' && object !== null
    && checkSchema(kind, object).every((cause) => cause.reason === 'FieldValueRequired' || cause.reason === 'FieldValueNotSupported'));
}

// Facts objects are read by many rules in every review: each is checked once per facts snapshot, an old object once
// per judgement (object-memo.ts).
const verdicts = new Map<SchemaKind, (object: unknown) => boolean>();

/**
 * A loose schema check for objects we read but do not judge: the old object of an UPDATE and the objects in the
 * cluster facts. Only shapes count (types, lengths, counts); a missing required field or an unknown enum value does
 * not stop the rules from reading what is there, since their accessors treat unset fields as unset.
 */
export function isReadable(kind: SchemaKind, object: unknown): boolean {
  let readable = verdicts.get(kind);
  if (!readable) verdicts.set(kind, (readable = readableAs(kind)));
  return readable(object);
}
