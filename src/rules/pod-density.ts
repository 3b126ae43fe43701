// C-11/C-12 (NET "Maximum pods per node" table): the per-node IPv4 block a cluster hands out follows from maxPodsPerNode.

/** C-11: the value the rules assume when `nodeConfig.podDensity.maxPodsPerNode` is unset (REF). */
export const DEFAULT_MAX_PODS_PER_NODE = 110;

/**
 * C-12: the IPv4 prefix length of each node's pod block for a given `maxPodsPerNode`
 * (≤32 → /26, 33–64 → /25, 65–128 → /24, 129–250 → /23). Total: values outside 1..250 (not an integer,
 * zero, negative, above 250) return `undefined`, the range check being C-11's job.
 */
export function perNodeIpv4PrefixFor(maxPodsPerNode: number): number | undefined {
  if (!Number.isInteger(maxPodsPerNode) || maxPodsPerNode < 1 || maxPodsPerNode > 250) return undefined;
  if (maxPodsPerNode <= 32) return 26;
  if (maxPodsPerNode <= 64) return 25;
  if (maxPodsPerNode <= 128) return 24;
  return 23;
}
