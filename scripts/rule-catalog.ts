/**
 * Writes src/rules/rule-catalog-data.ts from RULES.md's tables, so SARIF rules (help, level, help URI) follow the
 * catalog without a hand edit: `npx tsx scripts/rule-catalog.ts path/to/RULES.md [OUT]` (OUT: the data file by default).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const rulesFile = process.argv[2];
if (!rulesFile) {
  process.stderr.write('usage: tsx scripts/rule-catalog.ts RULES.md\n');
  process.exit(2);
}
const text = readFileSync(rulesFile, 'utf8');
const cells = (line: string) => line.slice(1, line.lastIndexOf('|')).split(' | ').map((cell) => cell.trim());

/** Sources table: `| KEY | URL or owner/repo \`path\` … | notes |` → a URL. */
const sources = new Map<string, { url: string; title: string }>();
for (const line of text.split('\n')) {
  const [key, location = '', notes = ''] = cells(line);
  if (!key || !/^[A-Z][A-Z0-9-]*$/.test(key) || key === 'ID') continue;
  const http = /https?:\/\/\S+/.exec(location)?.[0];
  const repo = /([\w-]+\/[\w-]+)[^`]*`([^`\s]+)`/.exec(location);
  const url = http ?? (repo ? `https://github.com/${repo[1]}/blob/master/${repo[2]}` : undefined);
  if (url) sources.set(key, { url, title: notes.replace(/\s+/g, ' ') });
}

const rules = [];
for (const line of text.split('\n')) {
  const [id, rule, basis, source, response] = cells(line);
  if (!id || !/^[CRSX]-\d+$/.test(id) || rule === undefined || response === undefined) continue;
  const sourceKeys = (source ?? '').split(/[,;]\s*|\s+/).map((key) => key.replace(/[()`]/g, '')).filter((key) => sources.has(key));
  rules.push({
    id, rule: rule.replace(/\\\|/g, "|"), basis: basis ?? '', response,
    sources: [...new Set(sourceKeys)],
  });
}

const out = process.argv[3] ?? fileURLToPath(new URL('../src/rules/rule-catalog-data.ts', import.meta.url));
writeFileSync(out, `// Generated from RULES.md by scripts/rule-catalog.ts; do not edit by hand.
import { type CatalogRuleRow, type CatalogSource } from './rule-catalog.js';

export const CATALOG_SOURCES: Readonly<Record<string, CatalogSource>> = ${JSON.stringify(Object.fromEntries(sources), null, 2)};

export const CATALOG_RULES: readonly CatalogRuleRow[] = ${JSON.stringify(rules, null, 2)};
`);
process.stdout.write(`${rules.length} rules, ${sources.size} sources → ${out}\n`);
