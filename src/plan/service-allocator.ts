import { type Cidr, familyBits } from '../net/index.js';
import { BITMAP_IPV6_LIMIT, usableCount } from '../rules/index.js';
import { type Figure, figure } from './figure.js';

// K8S2: the count is the rules' allocator model (rules/service/allocator-range.ts); GDC releases run Kubernetes
// versions with the bitmap allocator, so the plan counts what works on both allocators. This file says how.

/** The ClusterIPs kube-apiserver can hand out from one service range, with how they are counted. */
export function usableClusterIps(cidr: Cidr): Figure {
  const hostBits = familyBits(cidr.family) - cidr.prefix;
  const value = usableCount(cidr);
  if (cidr.family === 'IPv4') return figure(value, `2^${hostBits} − 2 = ${value} (network and broadcast addresses excluded)`);
  if (1n << BigInt(hostBits) > BITMAP_IPV6_LIMIT) {
    return figure(value, `min(2^${hostBits}, 65536) − 1 = ${value} (the allocator's bitmap holds 2^16; network address excluded)`);
  }
  return figure(value, `2^${hostBits} − 1 = ${value} (network address excluded)`);
}
