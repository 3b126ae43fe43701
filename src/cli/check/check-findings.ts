import { type FieldPosition } from '../../documents/field-position.js';
import { type RuleId, warningLine } from '../../rules/index.js';
import { type CheckResult } from './check-judge.js';

/**
 * One cause or warning of a checked object, as every writer reads it (text, SARIF, GitHub, JUnit): its level, rule,
 * field ('' when it names none), its one line, and where it is. JSON keeps causes and warnings apart (docs/check.md).
 */
export interface Finding extends FieldPosition {
  readonly level: 'error' | 'warning';
  readonly rule: RuleId;
  readonly field: string;
  /** A cause's message (`Type: detail [RULE-ID]`), or a warning's line (`[RULE-ID] text`). */
  readonly message: string;
  readonly result: CheckResult;
}

/** The object's causes, then its warnings, in the order the rules gave them. */
export function findingsOf(result: CheckResult): Finding[] {
  return [
    ...result.causes.map((cause) => ({
      level: 'error' as const, rule: cause.rule, field: cause.field, message: cause.message, result,
      line: cause.line, column: cause.column, endLine: cause.endLine, endColumn: cause.endColumn,
      ...(cause.anchor ? { anchor: cause.anchor } : {}),
    })),
    ...result.warnings.map((warning) => ({
      level: 'warning' as const, rule: warning.rule, field: warning.field, message: warningLine(warning), result,
      line: warning.line, column: warning.column, endLine: warning.endLine, endColumn: warning.endColumn,
    })),
  ];
}
