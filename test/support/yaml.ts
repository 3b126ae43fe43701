import { parseDocuments } from '../../src/documents/documents.js';

/**
 * The one way tests read YAML (or JSON): the product's own reader, as `check` reads a file (merge keys resolved,
 * duplicate keys refused, empty documents skipped). Unreadable YAML throws with `file:line`, failing the test that reads it.
 */
export function yamlObjects<T = Record<string, any>>(text: string, file = 'input.yaml'): T[] {
  return parseDocuments(text, file).map((document) => document.content as T);
}

/** Each object of a YAML stream with the text of its own document (to hand one document to kubectl). */
export function yamlDocuments<T = Record<string, any>>(text: string, file = 'input.yaml'): { object: T; text: string }[] {
  return parseDocuments(text, file).map((document) => ({ object: document.content as T, text: String(document.source?.document ?? '') }));
}
