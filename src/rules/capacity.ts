import { type IpFamily, familyBits } from '../net/index.js';

/**
 * The capacity model, arithmetic only: how many node blocks a pod range holds, how many addresses each node gets and
 * how many pods a cluster runs (which nodes a config serves is node-selection.ts's `nodesServedBy`). Rules C-13, C-14,
 * and the `plan` command all count with these, so a warning and the plan never disagree. Counts are
 * BigInt: IPv6 ranges overflow numbers.
 */

/** LIM: at most 15,000 pods recommended per user cluster (C-14). */
export const RECOMMENDED_PODS_PER_CLUSTER = 15_000n;

/** Host bits of a node's block: 32 − perNodeMaskSize (IPv4), 128 − perNodeMaskSize (IPv6). */
export function perNodeHostBits(family: IpFamily, perNodeMaskSize: number): number {
  return familyBits(family) - perNodeMaskSize;
}

/** Addresses each node gets: 2^(bits − perNodeMaskSize). */
export function addressesPerNode(family: IpFamily, perNodeMaskSize: number): bigint {
  return 1n << BigInt(perNodeHostBits(family, perNodeMaskSize));
}

/** Node blocks a range of `prefix` holds when cut into `perNodeMaskSize` blocks: 2^(perNodeMaskSize − prefix). */
export function nodeBlocks(prefix: number, perNodeMaskSize: number): bigint {
  return perNodeMaskSize < prefix ? 0n : 1n << BigInt(perNodeMaskSize - prefix);
}

/** Pods a cluster of `nodes` runs at `maxPodsPerNode` each. */
export function podsFor(maxPodsPerNode: number, nodes: bigint | number): bigint {
  return BigInt(maxPodsPerNode) * BigInt(nodes);
}

/** The most nodes that stay within the 15,000-pod recommendation: ⌊15000 / maxPodsPerNode⌋. */
export function recommendedMaxNodes(maxPodsPerNode: number): bigint {
  return maxPodsPerNode > 0 && Number.isInteger(maxPodsPerNode) ? RECOMMENDED_PODS_PER_CLUSTER / BigInt(maxPodsPerNode) : 0n;
}

/** A count per family and which families bind it (the smallest; both on a tie). */
export interface Binding {
  readonly least: bigint;
  readonly binding: IpFamily[];
}

/**
 * K8S1: the node IPAM allocator gives a node no pod range when any family has run out, and a dual-stack Service
 * needs an address of each family, so a dual-stack capacity is the least of the families'.
 */
export function bindingOf(counts: ReadonlyMap<IpFamily, bigint>): Binding | undefined {
  const entries = [...counts.entries()];
  if (entries.length === 0) return undefined;
  const least = entries.reduce((smallest, [, count]) => (count < smallest ? count : smallest), entries[0]![1]);
  return { least, binding: entries.filter(([, count]) => count === least).map(([family]) => family) };
}
