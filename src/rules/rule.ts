import { type FieldError } from './field-errors.js';
import { type ClusterFacts, type Settings } from './facts.js';
import { type Judgement, type RuleId, causeOf, warningOf } from './judgement.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** What a rule sees: the object, the old one on UPDATE/DELETE, the cluster facts and the settings. Nothing else. */
export interface RuleContext<T> {
  readonly object: T;
  readonly oldObject?: T | undefined;
  readonly operation: Operation;
  readonly facts: ClusterFacts;
  readonly settings: Settings;
  /** The AdmissionReview's `dryRun`: kube-apiserver's allocators answer a dry run differently (S-6). */
  readonly dryRun?: boolean | undefined;
  /** Which webhook sees the object: a validating one sees a Service after kube-apiserver's IP allocation. */
  readonly phase?: 'mutating' | 'validating' | undefined;
  /**
   * D19: the rules also judge an object whose only schema causes are ones they can read past (a missing field, an
   * unknown enum value), so that an UPDATE keeping such an existing violation is still judged on everything else.
   */
  readonly readPastSchema?: boolean | undefined;
}

/** A rule's warning before `runRules` tags it with the rule's ID (it becomes a judgement's `Warning`). */
export interface WarningFinding {
  readonly warning: string;
  /** The field the warning is about, when it is about one (see `Warning` in judgement.ts); none today. */
  readonly field?: string;
}

export type Finding = FieldError | WarningFinding;

export function warn(text: string, field?: string): WarningFinding {
  return field === undefined ? { warning: text } : { warning: text, field };
}

/** A rule is a small pure function tagged with its docs/rules.md ID; the ID is added to its findings by `runRules`. */
export interface Rule<T> {
  readonly id: RuleId;
  check(context: RuleContext<T>): readonly Finding[];
}

export function runRules<T>(rules: readonly Rule<T>[], context: RuleContext<T>): Judgement {
  const causes = [];
  const warnings = [];
  for (const rule of rules) {
    for (const finding of rule.check(context)) {
      if ('warning' in finding) warnings.push(warningOf(rule.id, finding.warning, finding.field));
      else causes.push(causeOf(rule.id, finding));
    }
  }
  return { causes, warnings, patch: [] };
}
