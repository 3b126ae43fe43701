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

export interface Judgement {
  readonly causes: readonly Cause[];
  /** One line each, starting with `[RULE-ID]`, under 120 characters. */
  readonly warnings: readonly string[];
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

/** Warnings are one line under 120 characters (kube-apiserver truncates longer ones; we keep the rule ID visible). */
export function warningOf(rule: RuleId, text: string): string {
  const line = `[${rule}] ${text.replace(/\s+/g, ' ').trim()}`;
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
