import { CATALOG_RULES, CATALOG_SOURCES } from './rule-catalog-data.js';
import { type CatalogSource } from './rule-catalog-types.js';

/** A catalog rule with its sources resolved. */
export interface CatalogRule {
  readonly id: string;
  /** The rule's text (Markdown). */
  readonly rule: string;
  readonly basis: string;
  /** docs/rules.md's Action column: deny, warn, default, … */
  readonly response: string;
  readonly sources: readonly ({ readonly key: string } & CatalogSource)[];
}

export type RuleLevel = 'error' | 'warning' | 'note';

const BY_ID = new Map<string, CatalogRule>(CATALOG_RULES.map((row) => [row.id, {
  ...row,
  sources: row.sources.flatMap((key) => { const source = CATALOG_SOURCES[key]; return source ? [{ key, ...source }] : []; }),
}]));

export function catalogRule(id: string): CatalogRule | undefined {
  return BY_ID.get(id);
}

/** deny → error, warn → warning (a rule that can do both, such as C-9's configurable limit, is an error). */
export function levelOf(rule: CatalogRule | undefined): RuleLevel {
  if (!rule) return 'error';
  if (/\bdeny\b/i.test(rule.response)) return 'error';
  return /\bwarn/i.test(rule.response) ? 'warning' : 'note';
}

/** The first sentence without Markdown, for one-line descriptions. */
export function plainSummary(markdown: string): string {
  const plain = markdown.replace(/\*\*|`/g, '').replace(/\s+/g, ' ').trim();
  const sentence = /^(.*?[.!?])(\s|$)/.exec(plain)?.[1] ?? plain;
  return sentence.length <= 200 ? sentence : `${sentence.slice(0, 199)}…`;
}
