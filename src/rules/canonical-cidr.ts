import { type ParsedCidr } from '../net/index.js';

/**
 * D5 (C-16, R-3): a non-canonical CIDR is denied and the canonical form named; the webhook never rewrites a Cluster
 * or a ClusterCIDRConfig. One wording for every kind, as the ServiceCIDR API (K-SCIDR) refuses them all alike.
 */
export function nonCanonicalCidrDetail({ canonical, hostBitsSet }: ParsedCidr): string {
  const why = hostBitsSet
    ? 'must not have bits set beyond the prefix length'
    : 'must be written in canonical form (IPv6 lower-case and compressed)';
  return `${why}; did you mean ${canonical}?`;
}
