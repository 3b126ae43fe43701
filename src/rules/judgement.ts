import { type CauseReason, type FieldError } from './field-errors.js';

export type RuleId = `${'C' | 'R' | 'S' | 'X'}-${number}` | 'SCHEMA';

/** A denial reason as it travels to the AdmissionReview status and the CLI; `message` ends with `[RULE-ID]`. */
export interface Cause {
  readonly reason: CauseReason;
  readonly field: string;
  readonly message: string;
  readonly rule: RuleId;
  /** The reason without the head and the bad value (FieldError.detail), for one-line warnings about the cause. */
  readonly detail?: string;
}

/** RFC 6902 operations we emit (only on Services: Cluster and ClusterCIDRConfig are never rewritten, D5). */
export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string };

/**
 * A warning as it travels from its rule to every writer, like a cause: the rule ID is a field, never parsed back out
 * of text. `field` is the field path the warning is about, for writers that name or place fields; '' when the
 * warning names no field of its own. Every warning today has '': the rules' warnings (S-10, S-11, X-6, X-7, …) are
 * about the object, and D19's existing-violation warning quotes its cause's field inside its message (check places
 * warnings at their object's first line, docs/check.md). Where one line is needed (the AdmissionReview's `warnings`,
 * check's outputs) `warningLine` renders it.
 */
export interface Warning {
  readonly rule: RuleId;
  readonly field: string;
  /** The text, on one line, without the rule ID. */
  readonly message: string;
}

export interface Judgement {
  readonly causes: readonly Cause[];
  readonly warnings: readonly Warning[];
  readonly patch: readonly JsonPatchOperation[];
  /** D19: the rules of causes the old object already had, answered as warnings instead (counted by the server). */
  readonly existingViolations?: readonly RuleId[];
}

export const MAX_WARNING_LENGTH = 119;

export function causeOf(rule: RuleId, error: FieldError): Cause {
  return {
    reason: error.reason, field: error.field, message: `${error.body} [${rule}]`, rule,
    ...(error.detail ? { detail: error.detail } : {}),
  };
}

export function warningOf(rule: RuleId, text: string, field = ''): Warning {
  return { rule, field, message: text.replace(/\s+/g, ' ').trim() };
}

/**
 * The one line of a warning, `[RULE-ID] text`, under 120 characters (kube-apiserver truncates longer ones; we keep the
 * rule ID visible). The only place a warning becomes text.
 */
export function warningLine(warning: Warning): string {
  const line = `[${warning.rule}] ${warning.message}`;
  return line.length <= MAX_WARNING_LENGTH ? line : `${line.slice(0, MAX_WARNING_LENGTH - 1)}…`;
}

export function isAllowed(judgement: Judgement): boolean {
  return judgement.causes.length === 0;
}

export function mergeJudgements(...judgements: readonly Judgement[]): Judgement {
  return {
    causes: judgements.flatMap((judgement) => judgement.causes),
    warnings: judgements.flatMap((judgement) => judgement.warnings),
    patch: judgements.flatMap((judgement) => judgement.patch),
  };
}

export const ADMIT: Judgement = { causes: [], warnings: [], patch: [] };
