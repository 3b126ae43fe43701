import { type SourceDocument } from './documents.js';
import { factsFromDocuments, flattenLists } from './facts-from-documents.js';
import { type Located, identityOf, locate, textOf } from './object-identity.js';
import { type ClusterFacts, isRecord, type KubernetesObject } from '../rules/index.js';

/** The same object twice in one configuration: which one wins is a guess, so `check` refuses the input (exit 2). */
export interface DuplicateObject {
  readonly file: string;
  readonly line: number;
  readonly detail: string;
}

function placeOf(document: SourceDocument, item: number | undefined): string {
  return `${document.file}:${document.line}${item === undefined ? '' : ` items[${item}]`}`;
}

function describe(content: KubernetesObject): string {
  const metadata = isRecord(content.metadata) ? content.metadata : {};
  const namespace = textOf(metadata.namespace);
  return `${textOf(content.kind)} ${namespace === '' ? '' : `${namespace}/`}${textOf(metadata.name)}`;
}

/** The first object that appears twice in the documents, placed at its second appearance and naming the first. */
export function duplicateIn(
  documents: readonly SourceDocument[], remedy = 'give --each-file to judge every file as a configuration of its own',
): DuplicateObject | undefined {
  const seen = new Map<string, string>();
  for (const { document, item, content } of locate(documents)) {
    const identity = identityOf(content);
    if (identity === undefined) continue;
    const place = placeOf(document, item);
    const first = seen.get(identity);
    if (first !== undefined) {
      return {
        file: document.file,
        line: document.line,
        detail: `${describe(content as KubernetesObject)} twice in one configuration (at ${first} and ${place}); ${remedy}`,
      };
    }
    seen.set(identity, place);
  }
  return undefined;
}

/** The configurations to judge: the whole input, or with `--each-file` every file on its own (in input order). */
export function configurationsOf(documents: readonly SourceDocument[], eachFile: boolean): SourceDocument[][] {
  if (!eachFile) return [[...documents]];
  const byFile = new Map<string, SourceDocument[]>();
  for (const document of documents) byFile.set(document.file, [...(byFile.get(document.file) ?? []), document]);
  return [...byFile.values()];
}

/** What `check` and `plan` read: the documents of the input and those of `--cluster-config`. */
export interface DocumentInput {
  /** The input; it is also the cluster facts (D15: the whole configuration is visible). */
  readonly documents: readonly SourceDocument[];
  /** `--cluster-config`: more facts, not judged; an input object replaces one with the same kind, namespace, name. */
  readonly clusterConfig?: readonly SourceDocument[];
}

/** A document that is not a Kubernetes object (a scalar, a sequence): the input is unusable, as for bad YAML. */
export interface NotAnObject {
  readonly file: string;
  readonly line: number;
  readonly detail: string;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a sequence';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

function notAnObject(located: Located): NotAnObject {
  const where = located.item === undefined ? 'document' : `items[${located.item}] of the List`;
  return {
    file: located.document.file,
    line: located.document.line,
    detail: `${where} is ${describeValue(located.content)}, not a Kubernetes object (apiVersion, kind, metadata)`,
  };
}

/** The input as `check` and `plan` read it: each object where it came from, and the facts of it all. */
export function configurationOf(input: DocumentInput):
  { ok: true; located: Located[]; facts: ClusterFacts } | { ok: false; problem: NotAnObject } {
  const located = locate(input.documents);
  const invalid = located.find((entry) => !isRecord(entry.content));
  if (invalid) return { ok: false, problem: notAnObject(invalid) };
  const inputIdentities = new Set(located.map((entry) => identityOf(entry.content)));
  const configContents = flattenLists((input.clusterConfig ?? []).map((document) => document.content))
    .filter((content) => { const identity = identityOf(content); return identity === undefined || !inputIdentities.has(identity); });
  return { ok: true, located, facts: factsFromDocuments([...located.map((entry) => entry.content), ...configContents], true) };
}
