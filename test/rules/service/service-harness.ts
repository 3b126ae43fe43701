import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { yamlObjects } from '../../support/yaml.js';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { type ClusterFacts, DEFAULT_SETTINGS, NO_FACTS, type Settings } from '../../../src/rules/facts.js';
import { type Judgement, type JsonPatchOperation } from '../../../src/rules/judgement.js';
import { type Cluster, type Service } from '../../../src/rules/objects.js';
import { judgeService } from '../../../src/rules/service-rules.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';

export type Spec = Record<string, unknown>;

/** Service ranges like upstream's tests use: 10.0.0.0/16 and 2000::/108. */
export const V4_RANGE = '10.0.0.0/16';
export const V6_RANGE = '2000::/108';
export const V4 = '10.0.0.10';
export const V4B = '10.0.0.11';
export const V6 = '2000::10';
export const V6B = '2000::11';

export function clusterWith(cidrBlocks: readonly string[], loadBalancer?: Record<string, unknown>): Cluster {
  return {
    apiVersion: 'baremetal.cluster.gke.io/v1',
    kind: 'Cluster',
    metadata: { name: 'c', namespace: 'cluster-c' },
    spec: { clusterNetwork: { services: { cidrBlocks: [...cidrBlocks] } }, ...(loadBalancer ? { loadBalancer } : {}) },
  } as Cluster;
}

export function factsWith(cidrBlocks: readonly string[], loadBalancer?: Record<string, unknown>): ClusterFacts {
  return { ...NO_FACTS, clusters: [clusterWith(cidrBlocks, loadBalancer)] };
}

export const CLUSTERS = {
  'singlestack:v4': factsWith([V4_RANGE]),
  'singlestack:v6': factsWith([V6_RANGE]),
  'dualstack:v4v6': factsWith([V4_RANGE, V6_RANGE]),
  'dualstack:v6v4': factsWith([V6_RANGE, V4_RANGE]),
} as const;
export type ClusterName = keyof typeof CLUSTERS;

export function service(spec: Spec | null | undefined, metadata: Record<string, unknown> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc', namespace: 'default', ...metadata }, spec } as Service;
}

export interface JudgeOptions {
  readonly old?: Spec;
  readonly facts?: ClusterFacts;
  readonly settings?: Settings;
  readonly metadata?: Record<string, unknown>;
  /** The AdmissionReview's dryRun. */
  readonly dryRun?: boolean;
  /** The webhook that sees it: a validating one sees it after kube-apiserver's allocation. */
  readonly phase?: 'mutating' | 'validating';
}

// test/e2e/service-oracle.e2e.ts replays every Service these tests judge against real kube-apiservers: it runs them
// with this variable naming a file, and each judged request is appended to it as one JSON line.
const RECORD_FILE = process.env.DUALSTACK_RECORD_SERVICE_CASES;

export function judge(spec: Spec | null | undefined, options: JudgeOptions = {}): Judgement {
  if (RECORD_FILE) appendFileSync(RECORD_FILE, `${JSON.stringify({ spec, old: options.old, metadata: options.metadata })}\n`);
  return judgeService({
    object: service(spec, options.metadata),
    oldObject: options.old ? service(options.old) : undefined,
    operation: options.old ? 'UPDATE' : 'CREATE',
    facts: options.facts ?? CLUSTERS['dualstack:v4v6'],
    settings: options.settings ?? DEFAULT_SETTINGS,
    dryRun: options.dryRun,
    phase: options.phase,
  });
}

/** A tiny RFC 6902 `add`/`replace` (the only operations the Service patch uses). */
export function applyPatch<T>(document: T, patch: readonly JsonPatchOperation[]): T {
  const copy = structuredClone(document) as Record<string, unknown>;
  for (const operation of patch) {
    assert.ok(operation.op === 'add' || operation.op === 'replace', `unexpected op ${operation.op}`);
    const segments = operation.path.split('/').slice(1);
    const last = segments.pop() as string;
    let target: Record<string, unknown> = copy;
    for (const segment of segments) target = target[segment] as Record<string, unknown>;
    if (operation.op === 'replace') assert.ok(last in target, `replace of a missing ${operation.path}`);
    target[last] = structuredClone(operation.value);
  }
  return copy as T;
}

export interface Reached {
  readonly ipFamilyPolicy: unknown;
  readonly ipFamilies: unknown;
}

/**
 * Judges a request, applies its patch, and checks the mutation is idempotent: the patched Service, judged again,
 * is admitted with no patch. Returns the dual-stack fields of the patched spec.
 */
export function admitted(spec: Spec, options: JudgeOptions = {}): Reached & { judgement: Judgement } {
  const judgement = judge(spec, options);
  assert.deepEqual(judgement.causes, [], `expected admission, got ${judgement.causes.map((cause) => `${cause.field}: ${cause.message}`).join('; ')}`);
  const patched = applyPatch({ spec }, judgement.patch).spec;
  const again = judge(patched, options);
  assert.deepEqual(again.causes, [], 'the patched Service must be admitted too');
  assert.deepEqual(again.patch, [], 'the patched Service must get no patch (idempotent)');
  return { ipFamilyPolicy: patched.ipFamilyPolicy, ipFamilies: patched.ipFamilies, judgement };
}

/** Causes as `field [RULE]` for compact matrix assertions. */
export function causeKeys(judgement: Judgement): string[] {
  return judgement.causes.map((cause) => `${cause.field} [${cause.rule}]`);
}

export function messages(judgement: Judgement): string[] {
  return judgement.causes.map((cause) => `${cause.field}: ${cause.message}`);
}

export function exampleDocuments(relative: string): unknown[] {
  const file = path.join(PACKAGE_ROOT, relative);
  return yamlObjects<unknown>(readFileSync(file, 'utf8'), file);
}

export const DOCUMENTATION_FACTS: ClusterFacts = factsFromDocuments(exampleDocuments('examples/dual-stack-cluster.yaml'), true);
