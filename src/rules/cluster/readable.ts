import { checkSchema, type SchemaKind } from '../schema-check.js';

/**
 * A loose schema check for objects we read but do not judge: the old object of an UPDATE and the objects in the
 * cluster facts. Only shapes count (types, lengths, counts); a missing required field or an unknown enum value does
 * not stop the rules from reading what is there, since their accessors treat unset fields as unset.
 */
export function isReadable(kind: SchemaKind, object: unknown): boolean {
  return checkSchema(kind, object).every((cause) =>
    cause.reason === 'FieldValueRequired' || cause.reason === 'FieldValueNotSupported');
}
