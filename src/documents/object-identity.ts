import { type SourceDocument } from './documents.js';
import { flattenLists } from './facts-from-documents.js';
import { groupOf, isRecord, type KubernetesObject } from '../rules/index.js';

/** A field read as text: the string, or '' for anything else (a hostile or missing value names nothing). */
export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The one identity of an object: API group, kind, namespace and name, joined by NUL (SARIF fingerprints hash it). */
export function identityKey(group: string, kind: string, namespace: string, name: string): string {
  return [group, kind, namespace, name].join('\u0000');
}

/** Same object = same API group, kind, namespace and name (the version does not matter, as in kubectl apply). */
export function identityOf(content: unknown): string | undefined {
  if (!isRecord(content)) return undefined;
  const object = content as KubernetesObject;
  if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') return undefined;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return identityKey(groupOf(object.apiVersion), object.kind, textOf(metadata.namespace), textOf(metadata.name));
}

/** One object of the input and where it came from: its document and, inside a `kind: List`, its item index. */
export interface Located {
  readonly document: SourceDocument;
  readonly item?: number;
  readonly content: unknown;
}

/** Documents and the items of `kind: List` documents, each with its position. */
export function locate(documents: readonly SourceDocument[]): Located[] {
  return documents.flatMap((document) => {
    const flattened = flattenLists([document.content]);
    if (flattened.length === 1 && flattened[0] === document.content) return [{ document, content: document.content }];
    return flattened.map((content, item) => ({ document, item, content }));
  });
}

/** Where each object was written: its identity → the file and first line of its document (the first, if repeated). */
export type SourceIndex = ReadonlyMap<string, { readonly file: string; readonly line: number }>;

export function sourcesOf(documents: readonly SourceDocument[]): SourceIndex {
  const sources = new Map<string, { file: string; line: number }>();
  for (const { document, content } of locate(documents)) {
    const identity = identityOf(content);
    if (identity !== undefined && !sources.has(identity)) sources.set(identity, { file: document.file, line: document.line });
  }
  return sources;
}
