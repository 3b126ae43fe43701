import { type Finding, findingsOf } from './check-findings.js';
import { type CheckResult } from './check-judge.js';
import { kindOf, objectName, placeText, summaryLine, verdictOf } from './check-output.js';

// GitHub shows 10 error and 10 warning annotations per step; the rest would vanish without a word.
export const ANNOTATIONS_PER_LEVEL = 10;
// GitHub refuses a step summary over 1 MiB.
const MAX_SUMMARY_BYTES = 1024 * 1024;

/** Workflow command escaping (actions/toolkit `command.ts`): data escapes %, CR, LF; properties also : and ,. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function title(finding: Finding): string {
  return `[${finding.rule}] ${kindOf(finding.result)} ${objectName(finding.result)}`;
}

function annotation(finding: Finding): string {
  const properties = [
    `file=${finding.result.file}`, `line=${finding.line}`, `col=${finding.column}`,
    `endLine=${finding.endLine}`, `endColumn=${finding.endColumn}`, `title=${title(finding)}`,
  ].map((property) => {
    const at = property.indexOf('=');
    return `${property.slice(0, at)}=${escapeProperty(property.slice(at + 1))}`;
  }).join(',');
  const text = finding.field === '' ? finding.message : `${finding.field}: ${finding.message}`;
  return `::${finding.level} ${properties}::${escapeData(text)}`;
}

/**
 * GitHub Actions workflow commands: a group per file, an `::error`/`::warning` per cause and warning up to GitHub's
 * 10 + 10, the others as plain log lines, then a `::notice::` saying how many were not annotated, and the summary.
 */
export function formatGithub(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  const shown = { error: 0, warning: 0 };
  const hidden = { error: 0, warning: 0 };
  const files = [...new Set(results.map((result) => result.file))];
  for (const file of files) {
    lines.push(`::group::${escapeData(file)}`);
    for (const result of results.filter((entry) => entry.file === file)) {
      lines.push(`${verdictOf(result)} ${kindOf(result)} ${objectName(result)} ${placeText(file, result.line)}`);
      for (const finding of findingsOf(result)) {
        if (shown[finding.level] < ANNOTATIONS_PER_LEVEL) {
          shown[finding.level] += 1;
          lines.push(annotation(finding));
        } else {
          hidden[finding.level] += 1;
          lines.push(`  ${placeText(file, finding.line, finding.column)} ${finding.field === '' ? '' : `${finding.field}: `}${finding.message}`);
        }
      }
    }
    lines.push('::endgroup::');
  }
  if (hidden.error + hidden.warning > 0) {
    lines.push(`::notice title=More findings than GitHub annotates::${hidden.error} more errors and ${hidden.warning} more warnings`
      + ` are not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} errors and ${ANNOTATIONS_PER_LEVEL} warnings per step); they are in`
      + ' the log above and the step summary');
  }
  lines.push(summaryLine(results));
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The Markdown table appended to `$GITHUB_STEP_SUMMARY`: one row per cause and warning, within GitHub's 1 MiB. */
export function formatGithubSummary(results: readonly CheckResult[]): string {
  const head = `### dualstack-webhook check\n\n${summaryLine(results)}\n\n`;
  const findings = results.flatMap(findingsOf);
  if (findings.length === 0) return `${head}Every object admitted without warnings.\n`;
  let text = `${head}| Level | Rule | Object | Location | Finding |\n|---|---|---|---|---|\n`;
  for (const [index, finding] of findings.entries()) {
    const row = `| ${finding.level} | ${finding.rule} | ${cell(`${kindOf(finding.result)} ${objectName(finding.result)}`)} `
      + `| \`${cell(`${finding.result.file}:${finding.line}:${finding.column}`)}\` `
      + `| ${cell(finding.field === '' ? finding.message : `${finding.field}: ${finding.message}`)} |\n`;
    if (Buffer.byteLength(text + row) > MAX_SUMMARY_BYTES - 200) {
      text += `\n${findings.length - index} more findings left out (GitHub's step summary limit is 1 MiB).\n`;
      break;
    }
    text += row;
  }
  return text;
}
