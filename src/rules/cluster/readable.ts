import { checkSchema, type SchemaKind } from '../schema-check.js';

// Facts objects are read by many rules in every review and never change while they are facts: check each once.
const verdicts = new Map<SchemaKind, WeakMap<object, boolean>>();

/**
 * A loose schema check for objects we read but do not judge: the old object of an UPDATE and the objects in the
 * cluster facts. Only shapes count (types, lengths, counts); a missing required field or an unknown enum value does
 * not stop the rules from reading what is there, since their accessors treat unset fields as unset.
 */
export function isReadable(kind: SchemaKind, object: unknown): boolean {
  if (typeof object !== 'object' || object === null) return false;
  let memo = verdicts.get(kind);
  if (!memo) verdicts.set(kind, (memo = new WeakMap()));
  let verdict = memo.get(object);
  if (verdict === undefined) {
    verdict = checkSchema(kind, object).every((cause) =>
      cause.reason === 'FieldValueRequired' || cause.reason === 'FieldValueNotSupported');
    memo.set(object, verdict);
  }
  return verdict;
}
