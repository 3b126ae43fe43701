import { sameJson } from './same-json.js';
import { valueAt } from './field-path.js';
import { type Cause, type Judgement, type Warning, warningOf } from './judgement.js';

/**
 * D19 (ratcheting): of an UPDATE's causes, those the old object already has are answered as warnings. A cause is
 * existing when the old object, judged as a CREATE against the same facts, has a cause of the same rule at the same
 * field path, and the value at that path is the same in both objects. The old object is judged without an old object
 * of its own, so a cause that compares old with new (C-6, C-20 to C-22, C-29, R-11, X-1's clusterName) never has a
 * match there: the UPDATE rules always deny.
 */
export function setAsideExistingViolations(
  judgement: Judgement, oldJudgement: Judgement, object: unknown, oldObject: unknown,
): Judgement {
  const denied: Cause[] = [];
  const existing: Cause[] = [];
  for (const cause of judgement.causes) {
    const old = oldJudgement.causes.some((other) => other.rule === cause.rule && other.field === cause.field);
    const unchanged = old && sameJson(valueAt(object, cause.field), valueAt(oldObject, cause.field));
    (unchanged ? existing : denied).push(cause);
  }
  if (existing.length === 0) return judgement;
  return {
    ...judgement,
    causes: denied,
    warnings: [...existing.map(existingViolationWarning), ...judgement.warnings],
    existingViolations: existing.map((cause) => cause.rule),
  };
}

/**
 * `[C-5] existing violation, unchanged by this update: <field>: <why>`, one line under 120 characters. The reason is
 * given without the bad value (the update did not change it, and with it the reason would not fit the line).
 */
export function existingViolationWarning(cause: Cause): Warning {
  const suffix = ` [${cause.rule}]`;
  const message = cause.detail ?? (cause.message.endsWith(suffix) ? cause.message.slice(0, -suffix.length) : cause.message);
  return warningOf(cause.rule, `existing violation, unchanged by this update: ${cause.field ? `${cause.field}: ` : ''}${message}`);
}
