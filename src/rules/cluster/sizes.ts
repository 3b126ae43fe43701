import { type Cidr, cidrSize, formatCidr, parseCidr, rangeContains } from '../../net/index.js';
import { type CidrEntry, isFlatIpv4, podEntriesOf, readableEntries, serviceEntriesOf } from '../cluster-view.js';
import { invalid } from '../field-errors.js';
import { type Cluster } from '../objects.js';
import { perNodeIpv4PrefixFor } from '../pod-density.js';
import { type Finding, type Rule, warn } from '../rule.js';
import {
  MAX_PODS_PER_NODE, controlPlaneNodesOf, formatCount, isAdminCluster, maxPodsPerNodeOf,
} from './cluster-fields.js';
import { nodeCountOf } from './node-inventory.js';
import { RECOMMENDED_PODS_PER_CLUSTER, nodeBlocks, podsFor } from '../capacity.js';

function prefixOutside(entry: CidrEntry & { cidr: { cidr: Cidr } }, shortest: number, longest: number): Finding[] {
  const { prefix } = entry.cidr.cidr;
  if (prefix >= shortest && prefix <= longest) return [];
  const bits = entry.cidr.cidr.family === 'IPv4' ? 32 : 128;
  const fewest = formatCount(1n << BigInt(bits - longest));
  const most = formatCount(1n << BigInt(bits - shortest));
  return [invalid(entry.field, entry.text, `must have a prefix length between /${shortest} and /${longest} `
    + `(${fewest} to ${most} addresses); /${prefix} has ${formatCount(cidrSize(entry.cidr.cidr))}`)];
}

function ipv4Entries(entries: readonly CidrEntry[]) {
  return readableEntries(entries).filter((entry) => entry.cidr.cidr.family === 'IPv4');
}

function ipv6Entries(entries: readonly CidrEntry[]) {
  return readableEntries(entries).filter((entry) => entry.cidr.cidr.family === 'IPv6');
}

// C-7 (REF, NET): IPv4 pod range /8 to /18.
export const podRangeSize: Rule<Cluster> = {
  id: 'C-7',
  check: ({ object }) => ipv4Entries(podEntriesOf(object)).flatMap((entry) => prefixOutside(entry, 8, 18)),
};

// C-8 (REF, NET): IPv4 service range /12 to /24.
export const ipv4ServiceRangeSize: Rule<Cluster> = {
  id: 'C-8',
  check: ({ object }) => ipv4Entries(serviceEntriesOf(object)).flatMap((entry) => prefixOutside(entry, 12, 24)),
};

// C-9, D4 (K-APISRV validateMaxCIDRRange, maxCIDRBits 20): kube-apiserver refuses wider IPv6 service ranges unless
// the new allocator is on; `settings.maxServiceHostBits` 0 turns the check off.
export const ipv6ServiceRangeSize: Rule<Cluster> = {
  id: 'C-9',
  check({ object, settings }) {
    const limit = settings.maxServiceHostBits;
    if (!(limit > 0)) return [];
    return ipv6Entries(serviceEntriesOf(object)).flatMap((entry) => {
      const { prefix } = entry.cidr.cidr;
      if (128 - prefix <= limit) return [];
      return [invalid(entry.field, entry.text, `is too large; for 128-bit addresses, the mask must be >= ${128 - limit} `
        + `(at most ${limit} host bits, as kube-apiserver requires); /${prefix} has ${128 - prefix}`)];
    });
  },
};

// C-10: no documented minimum for IPv6; mirror the IPv4 /24 minimum (256 addresses) as a warning.
export const ipv6ServiceRangeTooSmall: Rule<Cluster> = {
  id: 'C-10',
  check: ({ object }) => ipv6Entries(serviceEntriesOf(object))
    .filter((entry) => entry.cidr.cidr.prefix > 120)
    .map((entry) => warn(`${entry.field.replace('spec.clusterNetwork.', '')} ${entry.cidr.canonical} has only `
      + `${formatCount(cidrSize(entry.cidr.cidr))} addresses; /120 or wider gives at least 256`)),
};

/**
 * C-11 (REF, NET): user clusters 32-250; self-managed clusters 32-250 when HA, 64-250 when not. REF: HA means
 * multiple control-plane nodes, so HA here is more than one control-plane node (bmctl wants an odd count: 3, 5, ...).
 */
function podDensityRangeOf(cluster: Cluster): { minimum: number; label: string } {
  const type = cluster.spec?.type;
  if (type === undefined || type === 'user') return { minimum: 32, label: type ? 'a user cluster' : 'a cluster' };
  const controlPlaneNodes = controlPlaneNodesOf(cluster).length;
  if (controlPlaneNodes > 1) return { minimum: 32, label: `an HA ${type} cluster (${controlPlaneNodes} control-plane nodes)` };
  return { minimum: 64, label: `a non-HA ${type} cluster (${controlPlaneNodes} control-plane node${controlPlaneNodes === 1 ? '' : 's'})` };
}

export const maxPodsPerNodeRange: Rule<Cluster> = {
  id: 'C-11',
  check({ object }) {
    const value = object.spec?.nodeConfig?.podDensity?.maxPodsPerNode;
    if (value === undefined) return [];
    const { minimum, label } = podDensityRangeOf(object);
    if (value >= minimum && value <= 250) return [];
    return [invalid(MAX_PODS_PER_NODE, value, `must be between ${minimum} and 250 for ${label}`)];
  },
};

// C-13 (NET): in island mode each node takes one C-12 block out of the IPv4 pod range.
export const nodeCapacity: Rule<Cluster> = {
  id: 'C-13',
  check({ object, facts }) {
    if (isFlatIpv4(object)) return [];
    const pods = ipv4Entries(podEntriesOf(object))[0];
    if (!pods) return [];
    const maxPods = maxPodsPerNodeOf(object);
    const nodePrefix = perNodeIpv4PrefixFor(maxPods);
    const podPrefix = pods.cidr.cidr.prefix;
    if (nodePrefix === undefined || nodePrefix < podPrefix) return [];
    const capacity = nodeBlocks(podPrefix, nodePrefix);
    const nodes = nodeCountOf(object, facts);
    if (BigInt(nodes) <= capacity) return [];
    return [warn(`${nodes} nodes, but pod CIDR ${pods.cidr.canonical} holds only ${capacity} per-node /${nodePrefix} `
      + `blocks (maxPodsPerNode ${maxPods})`)];
  },
};

// C-14 (LIM): at most 15,000 pods recommended per user cluster.

export const podsPerCluster: Rule<Cluster> = {
  id: 'C-14',
  check({ object, facts }) {
    if (isAdminCluster(object)) return [];
    const maxPods = maxPodsPerNodeOf(object);
    const nodes = nodeCountOf(object, facts);
    const pods = podsFor(maxPods, nodes);
    if (pods <= RECOMMENDED_PODS_PER_CLUSTER) return [];
    return [warn(`maxPodsPerNode ${maxPods} × ${nodes} nodes allows ${formatCount(pods)} pods; `
      + `${formatCount(RECOMMENDED_PODS_PER_CLUSTER)} per cluster is the recommended limit`)];
  },
};

// C-15 (NET, OPAPI): pod and service IPv4 ranges should come from RFC 1918 private space.
const PRIVATE_IPV4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].flatMap((text) => {
  const parsed = parseCidr(text);
  return parsed.ok ? [parsed.value.cidr] : [];
});

export const privateRanges: Rule<Cluster> = {
  id: 'C-15',
  check: ({ object }) => [...ipv4Entries(podEntriesOf(object)), ...ipv4Entries(serviceEntriesOf(object))]
    .filter((entry) => !PRIVATE_IPV4.some((range) => rangeContains(range, entry.cidr.cidr)))
    .map((entry) => warn(`${entry.field.replace('spec.clusterNetwork.', '')} ${formatCidr(entry.cidr.cidr)} is not `
      + 'RFC 1918 private space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)')),
};

export const sizeRules: readonly Rule<Cluster>[] = [
  podRangeSize, ipv4ServiceRangeSize, ipv6ServiceRangeSize, ipv6ServiceRangeTooSmall, maxPodsPerNodeRange,
  nodeCapacity, podsPerCluster, privateRanges,
];
