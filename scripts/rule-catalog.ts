/**
 * Writes src/rules/rule-catalog-data.ts from docs/rules.md's tables, so SARIF rules (help, level, help URI) follow the
 * catalog without a hand edit: `npx tsx scripts/rule-catalog.ts [CATALOG.md] [OUT]` (docs/rules.md and the data file
 * by default).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCatalog } from './catalog-markdown.js';

const rulesFile = process.argv[2] ?? fileURLToPath(new URL('../docs/rules.md', import.meta.url));
const { sources, rules } = parseCatalog(readFileSync(rulesFile, 'utf8'));

const out = process.argv[3] ?? fileURLToPath(new URL('../src/rules/rule-catalog-data.ts', import.meta.url));
writeFileSync(out, `// Generated from docs/rules.md by scripts/rule-catalog.ts; do not edit by hand.
import { type CatalogRuleRow, type CatalogSource } from './rule-catalog-types.js';

export const CATALOG_SOURCES: Readonly<Record<string, CatalogSource>> = ${JSON.stringify(Object.fromEntries(sources), null, 2)};

export const CATALOG_RULES: readonly CatalogRuleRow[] = ${JSON.stringify(rules, null, 2)};
`);
process.stdout.write(`${rules.length} rules, ${sources.size} sources → ${out}\n`);
