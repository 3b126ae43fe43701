import { parseArgs } from 'node:util';
import { environmentVariableFor } from '../environment-variables.js';
import { type ClusterChoice, type Settings } from '../rules/index.js';

/**
 * Command-line options shared by every command: declared once, parsed with `node:util` parseArgs (strict), read
 * from `DUALSTACK_WEBHOOK_<OPTION>` environment variables when the caller passes an environment, and printed in
 * `--help` from the same declarations.
 *
 * ```ts
 * const OPTIONS = {
 *   port: { type: 'string', value: 'N', description: 'HTTPS port', default: '8443' },
 *   watch: { type: 'boolean', description: 'cluster facts from the API' },
 * } as const satisfies OptionSpecs;
 * const parsed = parseArguments(argv, OPTIONS, { environment: process.env });
 * if (!parsed.ok) { process.stderr.write(`serve: ${parsed.error}\n`); return 2; }
 * if (parsed.help) { process.stdout.write(formatOptions(OPTIONS)); return 0; }
 * const port = parseInteger('port', parsed.values.port, { min: 1, max: 65535 });
 * ```
 */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One-letter alias (`-o`). */
  readonly short?: string;
  /** Name of the value in help (`--port N`); string options only. */
  readonly value?: string;
  readonly description: string;
  /** Used when neither the command line nor the environment sets the option. */
  readonly default?: string | boolean;
  /** The option may repeat; the values arrive in order (from the environment: comma-separated). */
  readonly multiple?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['multiple'] extends true ? string[] : string;

/** An option's value is undefined when it is set nowhere and has no default. */
export type OptionValues<S extends OptionSpecs> = { -readonly [K in keyof S]: ValueOf<S[K]> | undefined };

/** Where an option's value came from, for messages (`--port` or `DUALSTACK_WEBHOOK_PORT`). */
export type OptionSource = 'command line' | 'environment' | 'default';

export type ParsedArguments<S extends OptionSpecs> =
  | {
    readonly ok: true;
    /** `--help` or `-h` was given: print help and exit 0 (the other values are still parsed). */
    readonly help: boolean;
    readonly values: OptionValues<S>;
    readonly sources: { readonly [K in keyof S]?: OptionSource };
    readonly positionals: string[];
  }
  | { readonly ok: false; readonly error: string };

export interface ParseOptions {
  /** Read `DUALSTACK_WEBHOOK_<OPTION>` from here (e.g. `process.env`); the command line wins over it. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** Accept arguments that are not options (paths); default false. */
  readonly positionals?: boolean;
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

function fromEnvironment(name: string, spec: OptionSpec, text: string): { value: unknown } | { error: string } {
  if (spec.type === 'boolean') {
    const word = text.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return { value: true };
    if (FALSE_WORDS.has(word)) return { value: false };
    return { error: `${environmentVariableFor(name)}: "${text}" is not a boolean (true or false)` };
  }
  if (spec.multiple) return { value: text.split(',').map((part) => part.trim()).filter((part) => part !== '') };
  return { value: text };
}

// parseArgs throws TypeErrors with these codes for bad usage; anything else is a bug and propagates.
const USAGE_ERROR_CODES = new Set([
  'ERR_PARSE_ARGS_UNKNOWN_OPTION', 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
]);

/**
 * Parses argv against the declarations. Bad usage (unknown option, missing value, value given to a boolean,
 * unexpected positional, bad boolean in the environment) is a value `{ok: false, error}`, never an exception.
 * Precedence: command line, then environment (only when `environment` is passed), then `default`.
 * An empty environment variable counts as unset.
 */
export function parseArguments<S extends OptionSpecs>(
  argv: readonly string[], specs: S, options: ParseOptions = {},
): ParsedArguments<S> {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(specs)) {
    config[name] = {
      type: spec.type,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv], options: config, strict: true, allowPositionals: options.positionals ?? false,
    }) as { values: Record<string, unknown>; positionals: string[] };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code !== undefined && USAGE_ERROR_CODES.has(code)) return { ok: false, error: usageMessage(cause as Error) };
    throw cause;
  }
  const values: Record<string, unknown> = {};
  const sources: Record<string, OptionSource> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (parsed.values[name] !== undefined) {
      values[name] = parsed.values[name];
      sources[name] = 'command line';
      continue;
    }
    const text = options.environment?.[environmentVariableFor(name)];
    if (text !== undefined && text !== '') {
      const result = fromEnvironment(name, spec, text);
      if ('error' in result) return { ok: false, error: result.error };
      values[name] = result.value;
      sources[name] = 'environment';
      continue;
    }
    if (spec.default !== undefined) {
      values[name] = spec.multiple && typeof spec.default === 'string' ? [spec.default] : spec.default;
      sources[name] = 'default';
    }
  }
  return {
    ok: true,
    help: parsed.values.help === true,
    values: values as OptionValues<S>,
    sources: sources as { [K in keyof S]?: OptionSource },
    positionals: parsed.positionals,
  };
}

/**
 * parseArgs' messages are long and mention internals ("To specify a positional argument starting with a '-'...");
 * one line is kept. A value that starts with a dash (`--kube-minor -1`) gets three lines ("...is ambiguous.\nDid you
 * forget...\nTo specify an option argument starting with a dash use '--kube-minor=-XYZ'."): the first and the way out.
 */
function usageMessage(error: Error): string {
  const [firstLine = '', ...rest] = error.message.split('\n');
  const first = (firstLine.split('. ')[0] ?? firstLine).replace(/\.$/, '');
  const dash = rest.find((line) => line.startsWith(DASH_HINT));
  return dash === undefined ? first : `${first}; to give a value starting with a dash use ${dash.slice(DASH_HINT.length).replace(/\.$/, '')}`;
}

const DASH_HINT = 'To specify an option argument starting with a dash use ';

/** The options block of `--help`, aligned, with defaults and (when `environment`) the environment variable names. */
export function formatOptions(specs: OptionSpecs, options: { environment?: boolean } = {}): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const left = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
    const notes: string[] = [];
    if (spec.default !== undefined && spec.default !== false) notes.push(`default ${String(spec.default)}`);
    if (options.environment) notes.push(`env ${environmentVariableFor(name)}`);
    return { left, right: spec.description + (notes.length > 0 ? ` (${notes.join('; ')})` : '') };
  });
  rows.push({ left: '-h, --help', right: 'show this help' });
  const width = Math.max(...rows.map((row) => row.left.length));
  return rows.map((row) => `  ${row.left.padEnd(width)}  ${row.right}\n`).join('');
}

export type Converted<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** `true` or `false` (also `1`/`0`, `yes`/`no`, as the environment variables read them). */
export function parseBoolean(name: string, text: string): Converted<boolean> {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, error: `--${name}: "${text}" is not a boolean (true or false)` };
}

/** A whole decimal number in [min, max] (no `1e3`, no `0x10`, no `+5`). */
export function parseInteger(
  name: string, text: string, bounds: { min?: number; max?: number } = {},
): Converted<number> {
  const min = bounds.min ?? 0;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^-?\d{1,15}$/.test(text)) return { ok: false, error: `--${name}: "${text}" is not a whole number` };
  const value = Number(text);
  if (value < min || value > max) return { ok: false, error: `--${name}: ${value} is outside ${min}..${max}` };
  return { ok: true, value };
}

/** One of a fixed set of words, exactly as spelled. */
export function parseChoice<const T extends string>(name: string, text: string, choices: readonly T[]): Converted<T> {
  if ((choices as readonly string[]).includes(text)) return { ok: true, value: text as T };
  return { ok: false, error: `--${name}: "${text}" is not one of ${choices.join(', ')}` };
}

/** `--cluster NAMESPACE/NAME` (D18), shared by `check` and `serve`. */
export const CLUSTER_OPTION = {
  type: 'string', value: 'NS/NAME', description: 'the Cluster whose Services are judged when the facts hold several (D18)',
} as const satisfies OptionSpec;

/** `--allow-existing-violations BOOL` (D19), shared by `check` and `serve`: a value, so `=false` reads as it looks. */
export const ALLOW_EXISTING_VIOLATIONS_OPTION = {
  type: 'string', value: 'BOOL', default: 'true',
  description: 'on UPDATE, a violation the old object already had at an unchanged value is a warning (D19); false denies it',
} as const satisfies OptionSpec;

/** `--cluster`'s value: the Cluster whose Services are judged when the facts hold several; none when not given. */
export function parseClusterChoice(text: string | undefined): Converted<ClusterChoice | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  const [namespace, name, ...rest] = text.split('/');
  if (!namespace || !name || rest.length > 0) return { ok: false, error: `--cluster: "${text}" is not NAMESPACE/NAME` };
  return { ok: true, value: { namespace, name } };
}

/** `--default-ip-family-policy` (D16): a dual-stack policy, or none when not given. */
export function parseDefaultIpFamilyPolicy(text: string | undefined): Converted<Settings['defaultIpFamilyPolicy']> {
  if (text === undefined) return { ok: true, value: undefined };
  return parseChoice('default-ip-family-policy', text, ['PreferDualStack', 'RequireDualStack'] as const);
}
