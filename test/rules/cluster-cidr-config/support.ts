import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { yamlObjects } from '../../support/yaml.js';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { judgeClusterCidrConfig } from '../../../src/rules/cluster-cidr-config-rules.js';
import { type ClusterFacts, DEFAULT_SETTINGS } from '../../../src/rules/facts.js';
import { type Cause, type Judgement, warningLine } from '../../../src/rules/judgement.js';
import { type Cluster, type ClusterCidrConfig, type KubernetesObject } from '../../../src/rules/objects.js';
import { type Operation } from '../../../src/rules/rule.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';

/** Every document of a YAML file under the package root. */
export function documentsOf(file: string): KubernetesObject[] {
  const full = path.join(PACKAGE_ROOT, file);
  return yamlObjects<KubernetesObject>(readFileSync(full, 'utf8'), full);
}

export const DOC_CLUSTER_FILE = 'examples/dual-stack-cluster.yaml';
export const NAMESPACE = 'cluster-dual-stack';

export interface FactsOptions {
  /** The offline check of a whole configuration (D15). */
  readonly complete?: boolean;
  /** Edits a copy of the documentation's Cluster. */
  readonly cluster?: (cluster: Cluster) => void;
  /** Leaves out the documentation's `cluster-wide-ranges` config. */
  readonly withoutConfigs?: boolean;
  /** More documents (other files' content). */
  readonly extra?: readonly unknown[];
}

/** Facts from the documentation's cluster (examples/dual-stack-cluster.yaml), as the rules receive them. */
export function docFacts(options: FactsOptions = {}): ClusterFacts {
  const documents = documentsOf(DOC_CLUSTER_FILE).filter((document) =>
    !(options.withoutConfigs && document.kind === 'ClusterCIDRConfig'));
  for (const document of documents) if (document.kind === 'Cluster') options.cluster?.(document as Cluster);
  return factsFromDocuments([...documents, ...(options.extra ?? [])], options.complete ?? false);
}

export function configWith(spec: unknown, metadata: { name?: string; namespace?: string } = {}): ClusterCidrConfig {
  return {
    apiVersion: 'baremetal.cluster.gke.io/v1alpha1',
    kind: 'ClusterCIDRConfig',
    metadata: { name: metadata.name ?? 'under-review', namespace: metadata.namespace ?? NAMESPACE },
    spec,
  } as ClusterCidrConfig;
}

/** The documentation's island-mode dual-stack ranges (seed doc `cluster-wide-ranges`). */
export const DOC_SPEC = {
  ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 24 },
  ipv6: { cidr: 'fd12::1:0/112', perNodeMaskSize: 120 },
};

export interface JudgeOptions {
  readonly facts?: ClusterFacts;
  readonly operation?: Operation;
  readonly oldObject?: unknown;
}

export function judge(object: unknown, options: JudgeOptions = {}): Judgement {
  return judgeClusterCidrConfig({
    object: object as ClusterCidrConfig,
    oldObject: options.oldObject as ClusterCidrConfig | undefined,
    operation: options.operation ?? 'CREATE',
    facts: options.facts ?? docFacts({ withoutConfigs: true }),
    settings: DEFAULT_SETTINGS,
  });
}

/** The one cause of a rule at a field; fails listing what was found otherwise. */
export function causeAt(judgement: Judgement, field: string, rule: string): Cause {
  const found = judgement.causes.filter((cause) => cause.field === field && cause.rule === rule);
  assert.equal(found.length, 1, `expected one ${rule} cause at ${field}, got ${JSON.stringify(judgement.causes, null, 1)}`);
  return found[0] as Cause;
}

export function assertDenied(judgement: Judgement, field: string, rule: string, fragment: string): void {
  const cause = causeAt(judgement, field, rule);
  assert.ok(cause.message.includes(fragment), `message ${JSON.stringify(cause.message)} lacks ${JSON.stringify(fragment)}`);
  assert.ok(cause.message.endsWith(` [${rule}]`), cause.message);
}

export function rulesOf(judgement: Judgement): string[] {
  return judgement.causes.map((cause) => cause.rule);
}

export function warningsOf(judgement: Judgement, rule: string): string[] {
  return judgement.warnings.map(warningLine).filter((warning) => warning.startsWith(`[${rule}] `));
}

export function assertAdmitted(judgement: Judgement): void {
  assert.deepEqual(judgement.causes, [], JSON.stringify(judgement.causes, null, 1));
}

export function assertNoRule(judgement: Judgement, rule: string): void {
  assert.deepEqual(judgement.causes.filter((cause) => cause.rule === rule), []);
  assert.deepEqual(warningsOf(judgement, rule), []);
}
