/**
 * Reads a rule catalog written in Markdown: docs/rules.md, and ../shared/RULES.md that it is compared with. Rules are
 * table rows `| ID | Rule | Basis | Source | Action |` (ID C-, R-, S-, X-n), sources the rows of the table under the
 * `## Sources` heading, decisions the `Dn` that open a heading (docs/rules.md) or a bullet (`* **Dn …**`, ../shared/RULES.md).
 */
import { type CatalogRuleRow, type CatalogSource } from '../src/rules/rule-catalog-types.js';

export interface MarkdownCatalog {
  readonly sources: ReadonlyMap<string, CatalogSource>;
  readonly rules: readonly CatalogRuleRow[];
  readonly decisions: readonly string[];
}

const RULE_ID = /^[CRSX]-\d+$/;
const cells = (line: string) => line.slice(1, line.lastIndexOf('|')).split(' | ').map((cell) => cell.trim());

/** The lines of the section under a `## ` heading whose text starts with `title`, up to the next `## ` heading. */
function section(lines: readonly string[], title: string): string[] {
  const start = lines.findIndex((line) => line.startsWith(`## ${title}`));
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && line.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Sources table: `| KEY | URL or owner/repo \`path\` … | notes |` → a URL. */
function sourcesOf(lines: readonly string[]): Map<string, CatalogSource> {
  const sources = new Map<string, CatalogSource>();
  for (const line of section(lines, 'Sources')) {
    if (!line.startsWith('|')) continue;
    const [key, location = '', notes = ''] = cells(line);
    if (!key || !/^[A-Z][A-Z0-9-]*$/.test(key)) continue;
    const http = /https?:\/\/\S+/.exec(location)?.[0];
    const repo = /([\w-]+\/[\w-]+)[^`]*`([^`\s]+)`/.exec(location);
    const url = http ?? (repo ? `https://github.com/${repo[1]}/blob/master/${repo[2]}` : undefined);
    if (url) sources.set(key, { url, title: notes.replace(/\s+/g, ' ') });
  }
  return sources;
}

export function parseCatalog(text: string): MarkdownCatalog {
  const lines = text.split('\n');
  const sources = sourcesOf(lines);
  const rules: CatalogRuleRow[] = [];
  for (const line of lines) {
    if (!line.startsWith('|')) continue;
    const [id, rule, basis, source, response] = cells(line);
    if (!id || !RULE_ID.test(id) || rule === undefined || response === undefined) continue;
    const sourceKeys = (source ?? '').split(/[,;]\s*|\s+/).map((key) => key.replace(/[()`]/g, '')).filter((key) => sources.has(key));
    rules.push({ id, rule: rule.replace(/\\\|/g, '|'), basis: basis ?? '', response, sources: [...new Set(sourceKeys)] });
  }
  const decisions = lines.flatMap((line) => /^(?:#{2,6} |\* \*\*)(D\d+)\b/.exec(line)?.[1] ?? []);
  return { sources, rules, decisions };
}

/** The actions a response column names, in a fixed order: `deny out of range; default 110` → deny, default. */
export function actionsOf(response: string): string[] {
  return ['deny', 'warn', 'default'].filter((action) => new RegExp(`\\b${action}`, 'i').test(response));
}
