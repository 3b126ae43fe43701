import { type CheckResult } from './check-judge.js';

export type OutputFormat = 'text' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json'];

function verdictOf(result: CheckResult): 'PASS' | 'DENY' | 'WARN' | 'SKIP' {
  if (!result.judged) return 'SKIP';
  if (!result.allowed) return 'DENY';
  return result.warnings.length > 0 ? 'WARN' : 'PASS';
}

/** `namespace/name`, or the bare name when the document sets no namespace (as kubectl prints cluster-scoped ones). */
function objectName(result: CheckResult): string {
  const name = result.name === '' ? '(no name)' : result.name;
  return result.namespace === '' ? name : `${result.namespace}/${name}`;
}

/**
 * SPEC's `file:document` (the 0-based document index, JSON's `index`), `items[i]` for an item of a `kind: List`,
 * then `(line N)` so an editor can jump to it.
 */
function placeOf(result: CheckResult): string {
  const item = result.item === undefined ? '' : ` items[${result.item}]`;
  return `${result.file}:${result.index}${item} (line ${result.line})`;
}

function patchLine(operation: CheckResult['patch'][number]): string {
  return operation.op === 'remove'
    ? `  patch: remove ${operation.path}`
    : `  patch: ${operation.op} ${operation.path} ${JSON.stringify(operation.value)}`;
}

/**
 * One line per object (`PASS|DENY|WARN|SKIP kind namespace/name file:document (line N)`), then its causes as
 * `  field: Type: detail [RULE-ID]`, its warnings as `  Warning: [RULE-ID] text` and the patch a mutating
 * webhook would apply.
 */
export function formatText(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    const kind = result.kind === '' ? '(no kind)' : result.kind;
    const update = result.operation === 'UPDATE' ? ' (UPDATE)' : '';
    lines.push(`${verdictOf(result)} ${kind} ${objectName(result)} ${placeOf(result)}${update}`);
    for (const cause of result.causes) lines.push(`  ${cause.field}: ${cause.message}`);
    for (const warning of result.warnings) lines.push(`  Warning: ${warning}`);
    for (const operation of result.patch) lines.push(patchLine(operation));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** SPEC.md's array `{file, index, kind, namespace, name, allowed, causes: [{field, type, message, rule}], warnings, patch}`. */
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
    causes: result.causes.map((cause) => ({ field: cause.field, type: cause.reason, message: cause.message, rule: cause.rule })),
    warnings: result.warnings,
    patch: result.patch,
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}
