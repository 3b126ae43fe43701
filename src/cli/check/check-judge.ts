import { type DocumentInput, type NotAnObject, configurationOf } from '../../documents/configurations.js';
import { type SourceDocument } from '../../documents/documents.js';
import { flattenLists } from '../../documents/facts-from-documents.js';
import { type Located, identityOf, textOf } from '../../documents/object-identity.js';
import { type ClusterFacts, isRecord, type JsonPatchOperation, judgeObject, type KubernetesObject, type Operation, registrationFor, type Settings } from '../../rules/index.js';
import { type PlacedCause, type PlacedWarning, placeFindings, placeObject } from './check-positions.js';

/** One object of the input, where it came from, and what the rules said about it. */
export interface CheckResult {
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** 1-based line where the object starts (an item of a `kind: List` on its own line). */
  readonly line: number;
  /** 0-based position inside `items` when the object came from a `kind: List`. */
  readonly item?: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** False for kinds this webhook does not police (Namespace, Deployment, ServiceCIDR, …): listed, not judged. */
  readonly judged: boolean;
  readonly operation: Operation;
  readonly allowed: boolean;
  readonly causes: readonly PlacedCause[];
  readonly warnings: readonly PlacedWarning[];
  readonly patch: readonly JsonPatchOperation[];
}

export interface CheckInput extends DocumentInput {
  /** `--old`: input objects found here (same kind, namespace, name) are judged as an UPDATE of them. */
  readonly old?: readonly SourceDocument[];
  readonly settings: Settings;
}

export type CheckOutcome =
  | { readonly ok: true; readonly results: CheckResult[] }
  | { readonly ok: false; readonly problem: NotAnObject };

/**
 * Judges every object of the input as `check` does: facts from the input plus `--cluster-config`, marked complete;
 * objects of registered kinds judged as a CREATE (an UPDATE when `--old` holds them), other kinds listed unjudged.
 */
export function checkDocuments(input: CheckInput): CheckOutcome {
  const configuration = configurationOf(input);
  if (!configuration.ok) return configuration;
  const { located, facts } = configuration;

  const oldObjects = new Map<string, unknown>();
  for (const content of flattenLists((input.old ?? []).map((document) => document.content))) {
    const identity = identityOf(content);
    if (identity !== undefined) oldObjects.set(identity, content);
  }

  return { ok: true, results: located.map((entry) => judgeEntry(entry, facts, oldObjects, input.settings)) };
}

function judgeEntry(
  entry: Located, facts: ClusterFacts, oldObjects: ReadonlyMap<string, unknown>, settings: Settings,
): CheckResult {
  const object = entry.content as KubernetesObject;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const identity = identityOf(object);
  const oldObject = identity === undefined ? undefined : oldObjects.get(identity);
  const operation: Operation = oldObject === undefined ? 'CREATE' : 'UPDATE';
  const base = {
    file: entry.document.file,
    index: entry.document.index,
    line: placeObject(entry.document, entry.item).line,
    ...(entry.item === undefined ? {} : { item: entry.item }),
    apiVersion: textOf(object.apiVersion),
    kind: textOf(object.kind),
    namespace: textOf(metadata.namespace),
    name: textOf(metadata.name),
    operation,
  };
  const registration = registrationFor(object.apiVersion, object.kind);
  if (!registration) return { ...base, judged: false, allowed: true, causes: [], warnings: [], patch: [] };
  let judgement;
  try {
    judgement = judgeObject({ registration, object, oldObject, operation, facts, settings });
  } catch (cause) {
    // A rule that throws is a bug; say which object set it off.
    throw new Error(`judging ${base.kind} ${base.namespace}/${base.name} at ${base.file}:${base.line} failed: `
      + `${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return {
    ...base,
    judged: true,
    allowed: judgement.causes.length === 0,
    ...placeFindings(entry.document, entry.item, judgement.causes, judgement.warnings),
    patch: judgement.patch,
  };
}
