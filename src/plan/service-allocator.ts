import { type Cidr, familyBits } from '../net/index.js';
import { type Figure, figure } from './figure.js';

// K8S2 (kube-apiserver pkg/registry/core/service/ipallocator, the bitmap allocator): the range's network address is
// never handed out, nor the IPv4 broadcast address; an IPv6 range's bitmap holds at most 65,536 addresses. The
// IPAddress allocator (MultiCIDRServiceAllocator, GA in Kubernetes 1.33) has no such cap, but GDC releases run
// Kubernetes versions with the bitmap, so the plan counts what works on both.
const IPV6_BITMAP_LIMIT = 65_536n;

/** The ClusterIPs kube-apiserver can hand out from one service range. */
export function usableClusterIps(cidr: Cidr): Figure {
  const hostBits = familyBits(cidr.family) - cidr.prefix;
  const size = 1n << BigInt(hostBits);
  if (cidr.family === 'IPv4') {
    const value = size > 2n ? size - 2n : 0n;
    return figure(value, `2^${hostBits} − 2 = ${value} (network and broadcast addresses excluded)`);
  }
  if (size > IPV6_BITMAP_LIMIT) {
    return figure(IPV6_BITMAP_LIMIT - 1n, `min(2^${hostBits}, 65536) − 1 = 65535 (the allocator's bitmap holds 2^16; network address excluded)`);
  }
  const value = size - 1n;
  return figure(value, `2^${hostBits} − 1 = ${value} (network address excluded)`);
}
