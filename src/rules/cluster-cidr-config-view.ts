import {
  type Cidr, type IpFamily, type ParsedCidr, type Parsed, familyBits, parseCidr, refused,
} from '../net/index.js';
import { nodeBlocks } from './capacity.js';
import { isReadable } from './cluster/readable.js';
import { type ClusterFacts } from './facts.js';
import { type Cluster, type ClusterCidrConfig, type NodePool, isRecord, nameOf, namespaceOf } from './objects.js';
import { viewPerObject } from './object-memo.js';

/**
 * Read-only views of a ClusterCIDRConfig, total on any input: configs from the facts have passed no schema, so every
 * read here checks the type it expects and skips what it cannot read (the config's own review reports it).
 */
export type FamilyKey = 'ipv4' | 'ipv6';

export const FAMILY_KEYS: readonly FamilyKey[] = ['ipv4', 'ipv6'];

export function familyOfKey(key: FamilyKey): IpFamily {
  return key === 'ipv4' ? 'IPv4' : 'IPv6';
}

export interface FamilyBlockView {
  readonly key: FamilyKey;
  readonly family: IpFamily;
  /** `spec.ipv4` / `spec.ipv6`. */
  readonly field: string;
  readonly cidrText: unknown;
  readonly maskValue: unknown;
  /** The cidr parsed strictly and of this block's family, canonical or not; the reason otherwise. */
  readonly parsed: Parsed<ParsedCidr>;
  /** perNodeMaskSize when it is an integer between the cidr's prefix length and the family's bit count. */
  readonly perNodeMaskSize: number | undefined;
}

function specOf(config: unknown): Record<string, unknown> | undefined {
  if (!isRecord(config)) return undefined;
  return isRecord(config.spec) ? config.spec : undefined;
}

function parseFamilyCidr(text: unknown, family: IpFamily): Parsed<ParsedCidr> {
  const result = parseCidr(text);
  if (!result.ok) return result;
  if (result.value.cidr.family !== family) return refused(`got an ${result.value.cidr.family} CIDR`);
  return result;
}

function familyBlockAt(config: unknown, key: FamilyKey): FamilyBlockView | undefined {
  const block = specOf(config)?.[key];
  if (!isRecord(block)) return undefined;
  const family = familyOfKey(key);
  const parsed = parseFamilyCidr(block.cidr, family);
  const mask = block.perNodeMaskSize;
  const inRange = typeof mask === 'number' && Number.isInteger(mask) && mask <= familyBits(family)
    && mask >= (parsed.ok ? parsed.value.cidr.prefix : 0);
  return {
    key, family, field: `spec.${key}`, cidrText: block.cidr, maskValue: mask, parsed,
    perNodeMaskSize: inRange ? mask : undefined,
  };
}

/** The family blocks under `spec.ipv4` and `spec.ipv6` that are objects, in that order. */
export const familyBlocksOf = viewPerObject((config: unknown): readonly FamilyBlockView[] =>
  FAMILY_KEYS.flatMap((key) => familyBlockAt(config, key) ?? []));

/** The family block under `spec.<key>` when it is an object. */
export function familyBlockOf(config: unknown, key: FamilyKey): FamilyBlockView | undefined {
  return familyBlocksOf(config).find((block) => block.key === key);
}

/** A block whose cidr and perNodeMaskSize are both usable, with the numbers the allocator works with. */
export interface UsableBlock extends FamilyBlockView {
  readonly cidr: Cidr;
  readonly perNodeMaskSize: number;
  /** How many per-node blocks the range holds: 2^(perNodeMaskSize − prefix). */
  readonly nodeBlocks: bigint;
}

export const usableBlocksOf = viewPerObject((config: unknown): readonly UsableBlock[] =>
  familyBlocksOf(config).flatMap((view) => {
    if (!view.parsed.ok || view.perNodeMaskSize === undefined) return [];
    const cidr = view.parsed.value.cidr;
    const { key, family, field, cidrText, maskValue, parsed, perNodeMaskSize } = view;
    // Written out, not spread: see readableEntries in cluster-view.ts.
    return [{ key, family, field, cidrText, maskValue, parsed, perNodeMaskSize, cidr, nodeBlocks: nodeBlocks(cidr.prefix, perNodeMaskSize) }];
  }));

/** Ranges of a config that parse, usable mask or not (for overlap checks). */
export const configRangesOf = viewPerObject((config: unknown): readonly { field: string; cidr: Cidr }[] =>
  familyBlocksOf(config).flatMap((view) => view.parsed.ok ? [{ field: `${view.field}.cidr`, cidr: view.parsed.value.cidr }] : []));

/** A nodeSelector reduced to what can be compared: sorted labels and the expressions as written. */
export interface SelectorView {
  readonly labels: readonly (readonly [string, string])[];
  readonly expressions: readonly unknown[];
  /** Absent or empty: the config applies to every node (REF, R-13). */
  readonly catchAll: boolean;
  /** A stable text of the selector, equal for equal selectors. */
  readonly identity: string;
}

export const selectorOf = viewPerObject((config: unknown): SelectorView => {
  const selector = specOf(config)?.nodeSelector;
  const matchLabels = isRecord(selector) && isRecord(selector.matchLabels) ? selector.matchLabels : {};
  const labels = Object.entries(matchLabels)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const expressions = isRecord(selector) && Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return {
    labels,
    expressions,
    catchAll: labels.length === 0 && expressions.length === 0,
    identity: JSON.stringify([labels, expressions]),
  };
});

export function sameObjectAs(a: unknown, b: unknown): boolean {
  return isRecord(a) && isRecord(b) && nameOf(a) === nameOf(b) && namespaceOf(a) === namespaceOf(b);
}

/** The other configs of a namespace: the facts may hold the reviewed config itself (the check input, a watch cache). */
export function otherConfigsInNamespace(facts: ClusterFacts, config: ClusterCidrConfig): ClusterCidrConfig[] {
  const namespace = namespaceOf(config);
  return facts.clusterCidrConfigs.filter((other) => isRecord(other) && namespaceOf(other) === namespace && !sameObjectAs(other, config));
}



/** The Cluster of a namespace when the facts hold one that passes its schema (bmctl: one Cluster per namespace). */
export function readableClusterIn(facts: ClusterFacts, namespace: string): Cluster | undefined {
  const cluster = facts.clusters.find((candidate) => isRecord(candidate) && namespaceOf(candidate) === namespace);
  return cluster && isReadable('Cluster', cluster) ? cluster : undefined;
}

export function readableNodePoolsIn(facts: ClusterFacts, namespace: string): NodePool[] {
  return facts.nodePools.filter((pool) => isRecord(pool) && namespaceOf(pool) === namespace && isReadable('NodePool', pool));
}

/** Whether the facts can say anything about a kind (D9: a missing CRD in watch mode). */
export function factsAvailable(facts: ClusterFacts, kind: 'Cluster' | 'NodePool' | 'ClusterCIDRConfig'): boolean {
  return !facts.unavailable.includes(kind);
}
