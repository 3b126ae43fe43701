import {
  type IpRange, formatCidr, formatIp, parseIp, rangeContains, rangesOverlap,
} from '../../net/index.js';
import {
  type CidrEntry, clusterNodeAddressesOf, isFlatIpv4, podEntriesOf, poolEntriesOf, readableEntries, serviceEntriesOf, vipsOf,
} from '../cluster-view.js';
import { invalid } from '../field-errors.js';
import { type Cluster } from '../objects.js';
import { type Finding, type Rule, warn } from '../rule.js';
import { nonCanonicalCidrDetail } from '../canonical-cidr.js';

// C-16, D5 (K-SCIDR): the ServiceCIDR API that GDC 1.34+ generates from the Cluster rejects non-canonical CIDRs.
// We deny and name the canonical form; we never rewrite a Cluster.
function hygieneOf(entries: readonly CidrEntry[]): Finding[] {
  return entries.flatMap((entry) => {
    if (!entry.parsed.ok) return [invalid(entry.field, entry.text, entry.parsed.reason)];
    if (entry.parsed.value.canonical === entry.text) return [];
    return [invalid(entry.field, entry.text, nonCanonicalCidrDetail(entry.parsed.value))];
  });
}

export const canonicalRanges: Rule<Cluster> = {
  id: 'C-16',
  check: ({ object }) => [...hygieneOf(podEntriesOf(object)), ...hygieneOf(serviceEntriesOf(object))],
};

interface NamedRange {
  readonly field: string;
  readonly canonical: string;
  readonly range: IpRange;
}

function podAndServiceRanges(cluster: Cluster): NamedRange[] {
  // Flat IPv4 ignores pods.cidrBlocks (C-41): pod addresses then come from ClusterCIDRConfigs (X-5 compares those).
  const pods = isFlatIpv4(cluster) ? [] : readableEntries(podEntriesOf(cluster));
  return [...pods, ...readableEntries(serviceEntriesOf(cluster))]
    .map((entry) => ({ field: entry.field, canonical: entry.cidr.canonical, range: entry.cidr.cidr }));
}

function overlapDetail(range: NamedRange): string {
  return `must not overlap ${range.field} (${range.canonical}): node IPs, VIPs and load-balancer pools must lie `
    + 'outside the pod and service ranges';
}

// C-17 (NET): "Preflight checks block cluster creation and upgrades" when pod or service ranges overlap node IPs or
// VIPs. D0 names the later field (load balancer, nodes). DNS/NTP servers are not in the spec.
export const rangesAvoidNodesAndVips: Rule<Cluster> = {
  id: 'C-17',
  check({ object }) {
    const ranges = podAndServiceRanges(object);
    if (ranges.length === 0) return [];
    const findings: Finding[] = [];
    for (const address of [...vipsOf(object), ...clusterNodeAddressesOf(object)]) {
      const hit = ranges.find((range) => rangeContains(range.range, address.value));
      if (hit) findings.push(invalid(address.field, formatIp(address.value), overlapDetail(hit)));
    }
    for (const entry of poolEntriesOf(object)) {
      const hit = ranges.find((range) => rangesOverlap(range.range, entry.value.range));
      if (hit) findings.push(invalid(entry.field, entry.value.canonical, overlapDetail(hit)));
    }
    return findings;
  },
};

// C-18 (K-IPAM test, NET): the pod and service ranges must be disjoint; D0 names the services entry.
export const podsAvoidServices: Rule<Cluster> = {
  id: 'C-18',
  check({ object }) {
    if (isFlatIpv4(object)) return [];
    const pods = readableEntries(podEntriesOf(object));
    return readableEntries(serviceEntriesOf(object)).flatMap((service) => {
      const pod = pods.find((candidate) => rangesOverlap(candidate.cidr.cidr, service.cidr.cidr));
      if (!pod) return [];
      return [invalid(service.field, service.text, `must not overlap the pod range ${pod.field} (${pod.cidr.canonical})`)];
    });
  },
};

// C-19 (NET): in island mode, external addresses inside the pod range are unreachable from pods. The only external
// addresses the spec shows are the BGP peers.
export const podRangeHidesExternalAddresses: Rule<Cluster> = {
  id: 'C-19',
  check({ object }) {
    if (isFlatIpv4(object)) return [];
    const pods = readableEntries(podEntriesOf(object));
    return (object.spec?.loadBalancer?.bgpPeers ?? []).flatMap((peer) => {
      const address = parseIp(peer.ip);
      if (!address.ok) return [];
      const pod = pods.find((candidate) => rangeContains(candidate.cidr.cidr, address.value));
      if (!pod) return [];
      return [warn(`BGP peer ${formatIp(address.value)} is inside pod range ${formatCidr(pod.cidr.cidr)}: `
        + 'pods cannot reach it in island mode')];
    });
  },
};

export const hygieneOverlapRules: readonly Rule<Cluster>[] = [
  canonicalRanges, rangesAvoidNodesAndVips, podsAvoidServices, podRangeHidesExternalAddresses,
];
