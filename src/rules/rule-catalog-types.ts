// The shapes of the generated catalog data, apart from rule-catalog.ts so that the data file does not import the
// module that imports it.

export interface CatalogSource {
  readonly url: string;
  readonly title: string;
}

/** One row of docs/rules.md as scripts/rule-catalog.ts extracts it: sources by their key in its Sources table. */
export interface CatalogRuleRow {
  readonly id: string;
  readonly rule: string;
  readonly basis: string;
  /** The Action column: deny, warn, default, or a note. */
  readonly response: string;
  readonly sources: readonly string[];
}
