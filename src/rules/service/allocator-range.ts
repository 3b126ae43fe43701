import { type Cidr } from '../../net/index.js';

// The Service ClusterIP allocator's model (kube-apiserver pkg/registry/core/service/ipallocator), one for the rules
// (S-6: is a requested IP in range) and `plan` (how many ClusterIPs a range hands out), so the two never disagree.
// The bitmap allocator (services.cidrBlocks, before ServiceCIDR objects) keeps at most 2^16 IPv6 addresses; the
// IPAddress allocator (MultiCIDRServiceAllocator, GA in Kubernetes 1.33) has no such cap.
export const BITMAP_IPV6_LIMIT = 65_536n;

/** Usable addresses of one range: never the network address; never the IPv4 broadcast address. */
export function usableRange(cidr: Cidr, bitmap: boolean): { first: bigint; last: bigint } {
  const first = cidr.first + 1n;
  if (cidr.family === 'IPv4') return { first, last: cidr.last - 1n };
  const last = bitmap && cidr.last - cidr.first + 1n > BITMAP_IPV6_LIMIT ? cidr.first + BITMAP_IPV6_LIMIT - 1n : cidr.last;
  return { first, last };
}

/** How many ClusterIPs the bitmap allocator hands out from one range (none from an IPv4 /31 or /32). */
export function usableCount(cidr: Cidr): bigint {
  const { first, last } = usableRange(cidr, true);
  return last >= first ? last - first + 1n : 0n;
}
