import { stringify } from 'yaml';

type JsonSchema = Record<string, unknown>;

/**
 * One value of the chart: its comment (the only documentation most users read, `helm show values`), and either its
 * default and JSON schema (a leaf) or the values under it (a branch). values.yaml and values.schema.json are both
 * rendered from one tree, so no value can be left untyped or undocumented.
 */
export type ValueEntry =
  | { readonly key: string; readonly comment: string; readonly value: unknown; readonly schema: JsonSchema }
  | { readonly key: string; readonly comment: string; readonly entries: readonly ValueEntry[] };

function commentLines(comment: string, indent: string): string {
  return comment.split('\n').map((line) => `${indent}# ${line}`.trimEnd()).join('\n');
}

function renderLeaf(key: string, value: unknown, indent: string): string {
  const text = stringify({ [key]: value }, { aliasDuplicateObjects: false, lineWidth: 0 }).trimEnd();
  return text.split('\n').map((line) => indent + line).join('\n');
}

/** values.yaml's body: each entry preceded by its comment, a blank line between top-level entries. */
export function renderValuesYaml(entries: readonly ValueEntry[], depth = 0): string {
  const indent = '  '.repeat(depth);
  const blocks = entries.map((entry) => {
    const comment = commentLines(entry.comment, indent);
    if ('entries' in entry) return `${comment}\n${indent}${entry.key}:\n${renderValuesYaml(entry.entries, depth + 1)}`;
    return `${comment}\n${renderLeaf(entry.key, entry.value, indent)}`;
  });
  return blocks.join(depth === 0 ? '\n\n' : '\n') + (depth === 0 ? '\n' : '');
}

/**
 * The JSON schema of the entries: an object with exactly these keys (an unknown key is a typo Helm would otherwise
 * ignore silently), each described by its comment's first line.
 */
export function schemaOf(entries: readonly ValueEntry[]): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(entries.map((entry) => [entry.key, {
      description: entry.comment.split('\n')[0],
      ...('entries' in entry ? schemaOf(entry.entries) : entry.schema),
    }])),
  };
}

/** The plain defaults the entries describe (what Helm reads from values.yaml). */
export function defaultsOf(entries: readonly ValueEntry[]): Record<string, unknown> {
  return Object.fromEntries(entries.map((entry) => [entry.key, 'entries' in entry ? defaultsOf(entry.entries) : entry.value]));
}
