import { appendFile, writeFile } from 'node:fs/promises';
import { type CheckResult } from './check-judge.js';
import { formatGithub, formatGithubSummary } from './check-github.js';
import { OUTPUT_FORMATS, type OutputFormat, formatJson, formatText } from './check-output.js';
import { formatSarif } from './check-sarif.js';

/** One `--output FORMAT[=FILE]`; no file means stdout. */
export interface OutputRequest {
  readonly format: OutputFormat;
  readonly file?: string;
}

export function parseOutputs(values: readonly string[]): { ok: true; value: OutputRequest[] } | { ok: false; error: string } {
  const requests: OutputRequest[] = [];
  for (const value of values) {
    const at = value.indexOf('=');
    const format = (at < 0 ? value : value.slice(0, at)) as OutputFormat;
    const file = at < 0 ? undefined : value.slice(at + 1);
    if (!OUTPUT_FORMATS.includes(format)) {
      return { ok: false, error: `--output: "${value}" is not one of ${OUTPUT_FORMATS.join(', ')} (FORMAT or FORMAT=FILE)` };
    }
    if (file === '') return { ok: false, error: `--output ${format}=: the file name is missing` };
    requests.push(file === undefined ? { format } : { format, file });
  }
  if (requests.filter((request) => request.file === undefined).length > 1) {
    return { ok: false, error: '--output: only one format can go to stdout; give the others =FILE' };
  }
  return { ok: true, value: requests };
}

export interface WriteContext {
  readonly quiet: boolean;
  readonly exitCode: number;
  readonly stdout: NodeJS.WritableStream;
  /** `$GITHUB_STEP_SUMMARY`: the github format appends its Markdown table there. */
  readonly stepSummary?: string | undefined;
}

// The JUnit writer's XML builder is loaded only when junit is asked for: it costs more start-up than the rest of check.
async function render(results: readonly CheckResult[], format: OutputFormat, context: WriteContext): Promise<string> {
  switch (format) {
    case 'text': return formatText(results, { quiet: context.quiet });
    case 'json': return formatJson(results);
    case 'sarif': return formatSarif(results, { exitCode: context.exitCode });
    case 'github': return formatGithub(results);
    case 'junit': return (await import('./check-junit.js')).formatJunit(results);
  }
}

/** One judgement, every requested writer. */
export async function writeOutputs(results: readonly CheckResult[], requests: readonly OutputRequest[], context: WriteContext): Promise<void> {
  for (const request of requests) {
    const text = await render(results, request.format, context);
    if (request.file === undefined) context.stdout.write(text);
    else await writeFile(request.file, text);
    if (request.format === 'github' && context.stepSummary) await appendFile(context.stepSummary, formatGithubSummary(results));
  }
}
