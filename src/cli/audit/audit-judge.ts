import { type WatchedResource, objectPathOf } from '../../cluster/kube-resources.js';
import { type ClusterFacts, type KubernetesObject, type Settings, judgeObject, registrationFor } from '../../rules/index.js';
import { type CheckResult } from '../check/check-judge.js';

/** What `check` says of an object, for a stored one: `file` is its API path (no line: 0), and its uid for the report. */
export interface AuditResult extends CheckResult {
  readonly uid: string;
}

// Stored objects have no lines: every position is 0, which the writers print as the API path alone.
const NOWHERE = { line: 0, column: 0, endLine: 0, endColumn: 0 } as const;

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Judges one stored object as a CREATE (what admission would say of it now), with the rules `serve` and `check` use. */
export function judgeStoredObject(
  resource: WatchedResource, object: KubernetesObject, facts: ClusterFacts, settings: Settings,
): AuditResult | undefined {
  const registration = registrationFor(object.apiVersion, object.kind);
  if (!registration) return undefined;
  const namespace = textOf(object.metadata?.namespace);
  const name = textOf(object.metadata?.name);
  const judgement = judgeObject({ registration, object, operation: 'CREATE', facts, settings });
  return {
    file: objectPathOf(resource, namespace, name),
    index: 0,
    line: 0,
    apiVersion: textOf(object.apiVersion),
    kind: textOf(object.kind),
    namespace,
    name,
    uid: textOf(object.metadata?.uid),
    judged: true,
    operation: 'CREATE',
    allowed: judgement.causes.length === 0,
    causes: judgement.causes.map((cause) => ({ ...cause, ...NOWHERE })),
    warnings: judgement.warnings.map((warning) => ({ ...warning, ...NOWHERE })),
    patch: judgement.patch,
  };
}

/** Results in the order the outputs list them: namespace, kind, name. */
export function compareResults(a: AuditResult, b: AuditResult): number {
  return a.namespace.localeCompare(b.namespace) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
}
