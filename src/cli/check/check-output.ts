import { warningLine } from '../../rules/index.js';
import { type Finding, findingsOf } from './check-findings.js';
import { type CheckResult } from './check-judge.js';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github' | 'junit';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github', 'junit'];

export type Verdict = 'PASS' | 'DENY' | 'WARN' | 'SKIP';

export function verdictOf(result: CheckResult): Verdict {
  if (!result.judged) return 'SKIP';
  if (!result.allowed) return 'DENY';
  return result.warnings.length > 0 ? 'WARN' : 'PASS';
}

/** `namespace/name`, or the bare name when the document sets no namespace (as kubectl prints cluster-scoped ones). */
export function objectName(result: CheckResult): string {
  const name = result.name === '' ? '(no name)' : result.name;
  return result.namespace === '' ? name : `${result.namespace}/${name}`;
}

export function kindOf(result: CheckResult): string {
  return result.kind === '' ? '(no kind)' : result.kind;
}

/** `7 objects: 4 PASS, 1 WARN, 1 DENY, 1 SKIP; causes C-9 x1, S-2 x1` (docs/check.md). */
export function summaryLine(results: readonly CheckResult[]): string {
  const counts: Record<Verdict, number> = { PASS: 0, WARN: 0, DENY: 0, SKIP: 0 };
  const rules = new Map<string, number>();
  for (const result of results) {
    counts[verdictOf(result)] += 1;
    for (const cause of result.causes) rules.set(cause.rule, (rules.get(cause.rule) ?? 0) + 1);
  }
  const objects = `${results.length} object${results.length === 1 ? '' : 's'}`;
  const verdicts = (['PASS', 'WARN', 'DENY', 'SKIP'] as const).map((verdict) => `${counts[verdict]} ${verdict}`).join(', ');
  const causes = [...rules].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([rule, count]) => `${rule} x${count}`).join(', ');
  return `${objects}: ${verdicts}${causes === '' ? '' : `; causes ${causes}`}`;
}

/**
 * `file:line` or `file:line:column`; a stored object (`audit`) has no lines (0), and its `file` is its API path, which
 * stands alone.
 */
export function placeText(file: string, line: number, column?: number): string {
  if (line === 0) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}

function patchLine(operation: CheckResult['patch'][number]): string {
  return operation.op === 'remove'
    ? `  patch: remove ${operation.path}`
    : `  patch: ${operation.op} ${operation.path} ${JSON.stringify(operation.value)}`;
}

/** A finding after its place on a text line: `field: message` for a cause, `Warning: [RULE-ID] text` for a warning. */
export function findingText(finding: Finding): string {
  return finding.level === 'error' ? `${finding.field}: ${finding.message}` : `Warning: ${finding.message}`;
}

export interface TextOptions {
  /** Only WARN and DENY objects, then the summary. */
  readonly quiet?: boolean;
}

/**
 * One line per object (`PASS|DENY|WARN|SKIP kind namespace/name file:line`), then its causes as
 * `  file:line:col field: Type: detail [RULE-ID]`, its warnings as `  file:line:col Warning: [RULE-ID] text`, the
 * patch a mutating webhook would apply, and a summary line.
 */
export function formatText(results: readonly CheckResult[], options: TextOptions = {}): string {
  const lines: string[] = [];
  for (const result of results) {
    const verdict = verdictOf(result);
    if (options.quiet && (verdict === 'PASS' || verdict === 'SKIP')) continue;
    const update = result.operation === 'UPDATE' ? ' (UPDATE)' : '';
    lines.push(`${verdict} ${kindOf(result)} ${objectName(result)} ${placeText(result.file, result.line)}${update}`);
    // A stored object's findings need no place of their own (audit: no lines): its line says where it lives.
    for (const finding of findingsOf(result)) {
      lines.push(`  ${result.line === 0 ? '' : `${placeText(result.file, finding.line, finding.column)} `}${findingText(finding)}`);
    }
    for (const operation of result.patch) lines.push(patchLine(operation));
  }
  lines.push(summaryLine(results));
  return `${lines.join('\n')}\n`;
}

/**
 * docs/check.md's array `{file, index, line, kind, namespace, name, allowed, causes: [{field, type, message, rule, line,
 * column, endLine, endColumn}], warnings: [{rule, message, line, column, endLine, endColumn}], patch}`.
 */
export function formatJson(results: readonly CheckResult[]): string {
  const entries = results.map((result) => ({
    file: result.file,
    index: result.index,
    line: result.line,
    ...(result.item === undefined ? {} : { item: result.item }),
    apiVersion: result.apiVersion,
    kind: result.kind,
    namespace: result.namespace,
    name: result.name,
    judged: result.judged,
    operation: result.operation,
    allowed: result.allowed,
    causes: result.causes.map((cause) => ({
      field: cause.field, type: cause.reason, message: cause.message, rule: cause.rule,
      line: cause.line, column: cause.column, endLine: cause.endLine, endColumn: cause.endColumn,
    })),
    warnings: result.warnings.map((warning) => ({
      rule: warning.rule, message: warningLine(warning),
      line: warning.line, column: warning.column, endLine: warning.endLine, endColumn: warning.endColumn,
    })),
    patch: result.patch,
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}
