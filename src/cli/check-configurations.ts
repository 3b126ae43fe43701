import { type SourceDocument } from '../cluster/documents.js';
import { identityOf, locate } from '../cluster/object-identity.js';
import { isRecord, type KubernetesObject } from '../rules/index.js';

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

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
