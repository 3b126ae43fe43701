import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { yamlObjects } from '../../support/yaml.js';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { judgeCluster } from '../../../src/rules/cluster-rules.js';
import { type ClusterFacts, DEFAULT_SETTINGS, type Settings } from '../../../src/rules/facts.js';
import { type Cause, type Judgement, warningLine } from '../../../src/rules/judgement.js';
import { judgeNodePool } from '../../../src/rules/node-pool-rules.js';
import { type Cluster, type KubernetesObject, type NodePool } from '../../../src/rules/objects.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';

/** Every document of a YAML file under the package root. */
export function documentsOf(file: string): KubernetesObject[] {
  const full = path.join(PACKAGE_ROOT, file);
  return yamlObjects<KubernetesObject>(readFileSync(full, 'utf8'), full);
}

const EXAMPLE = documentsOf('examples/dual-stack-cluster.yaml');

/** A fresh copy of the documentation's Cluster (examples/dual-stack-cluster.yaml), edited by `edit`. */
export function docCluster(edit: (cluster: Cluster & { spec: NonNullable<Cluster['spec']> }) => void = () => {}): Cluster {
  const cluster = structuredClone(EXAMPLE.find((document) => document.kind === 'Cluster')) as Cluster;
  edit(cluster as Cluster & { spec: NonNullable<Cluster['spec']> });
  return cluster;
}

export function docNodePool(edit: (pool: NodePool) => void = () => {}): NodePool {
  const pool = structuredClone(EXAMPLE.find((document) => document.kind === 'NodePool')) as NodePool;
  edit(pool);
  return pool;
}

/** Facts as `check` builds them for the documentation's file with `cluster` in place of its Cluster. */
export function factsWith(cluster: unknown, extra: readonly unknown[] = [], options: { withoutNodePool?: boolean } = {}): ClusterFacts {
  const others = EXAMPLE.filter((document) => document.kind !== 'Cluster'
    && !(options.withoutNodePool && document.kind === 'NodePool'));
  return factsFromDocuments([cluster, ...others, ...extra], true);
}

export interface JudgeOptions {
  readonly facts?: ClusterFacts;
  readonly settings?: Settings;
}

export function create(cluster: unknown, options: JudgeOptions = {}): Judgement {
  return judgeCluster({
    object: cluster as Cluster,
    operation: 'CREATE',
    facts: options.facts ?? factsWith(cluster),
    settings: options.settings ?? DEFAULT_SETTINGS,
  });
}

export function update(oldCluster: unknown, cluster: unknown, options: JudgeOptions = {}): Judgement {
  return judgeCluster({
    object: cluster as Cluster,
    oldObject: oldCluster as Cluster,
    operation: 'UPDATE',
    facts: options.facts ?? factsWith(cluster),
    settings: options.settings ?? DEFAULT_SETTINGS,
  });
}

export function judgePool(pool: unknown, facts: ClusterFacts): Judgement {
  return judgeNodePool({ object: pool as NodePool, operation: 'CREATE', facts, settings: DEFAULT_SETTINGS });
}

function listed(judgement: Judgement): string {
  return JSON.stringify({ causes: judgement.causes, warnings: judgement.warnings.map(warningLine) }, null, 1);
}

/**
 * Exactly the causes of one rule, one of them at `field` with `fragment` in its message, which ends with `[rule]`.
 * A denial that also tripped another rule fails: each test breaks one rule.
 */
export function assertDenied(judgement: Judgement, field: string, rule: string, fragment: string): Cause {
  const found = judgement.causes.filter((cause) => cause.field === field && cause.rule === rule);
  assert.equal(found.length, 1, `expected one ${rule} cause at ${field}, got ${listed(judgement)}`);
  const cause = found[0] as Cause;
  assert.ok(cause.message.includes(fragment), `"${cause.message}" lacks "${fragment}"`);
  assert.ok(cause.message.endsWith(`[${rule}]`), cause.message);
  assert.deepEqual([...new Set(judgement.causes.map((each) => each.rule))], [rule], listed(judgement));
  return cause;
}

export function assertAdmitted(judgement: Judgement): void {
  assert.deepEqual(judgement.causes, [], listed(judgement));
}

/** Admitted with no warnings at all. */
export function assertClean(judgement: Judgement): void {
  assert.deepEqual({ causes: judgement.causes, warnings: judgement.warnings.map(warningLine) }, { causes: [], warnings: [] }, listed(judgement));
}

export function warningsOf(judgement: Judgement, rule: string): string[] {
  return judgement.warnings.map(warningLine).filter((warning) => warning.startsWith(`[${rule}] `));
}

export function assertWarned(judgement: Judgement, rule: string, fragment: string): void {
  const found = warningsOf(judgement, rule);
  assert.equal(found.length, 1, `expected one ${rule} warning, got ${listed(judgement)}`);
  assert.ok(found[0]?.includes(fragment), `"${found[0]}" lacks "${fragment}"`);
  assert.ok((found[0]?.length ?? 0) < 120);
}

export function assertNotWarned(judgement: Judgement, rule: string): void {
  assert.deepEqual(warningsOf(judgement, rule), [], listed(judgement));
}
