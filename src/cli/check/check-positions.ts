import { type SourceDocument } from '../../documents/documents.js';
import { type FieldPosition, type Position, fieldPosition, objectPosition } from '../../documents/field-position.js';
import { type Cause, type Warning } from '../../rules/index.js';

/** A cause with the place of its node in the file. */
export interface PlacedCause extends Cause, FieldPosition {}

/** A warning placed at its object's first line (warnings name no field of their own: see `Warning`). */
export interface PlacedWarning extends Warning, Position {}

/** Where an object starts: its document, or its own line for an item of a `kind: List`. */
export function placeObject(document: SourceDocument, item: number | undefined): Position {
  if (document.source) return objectPosition(document.source, item);
  return { line: document.line, column: 1, endLine: document.line, endColumn: 2 };
}

/** Positions are looked up only for causes and warnings, so an admitted object costs nothing. */
export function placeFindings(
  document: SourceDocument, item: number | undefined, causes: readonly Cause[], warnings: readonly Warning[],
): { causes: PlacedCause[]; warnings: PlacedWarning[] } {
  if (causes.length + warnings.length === 0) return { causes: [], warnings: [] };
  const start = placeObject(document, item);
  const { source } = document;
  return {
    causes: causes.map((cause) => ({ ...cause, ...(source ? fieldPosition(source, item, cause.field) : start) })),
    warnings: warnings.map((warning) => ({ ...warning, ...start })),
  };
}
