import { type Cidr, formatCidr, formatIp, rangeContains, rangeOfAddress, rangesOverlap } from '../../net/index.js';
import { clusterCidrConfigsOf, isFlatIpv4, nodePoolAddressesOf, podCidrsOf } from '../cluster-view.js';
import {
  configRangesOf, factsAvailable, familyBlocksOf, readableClusterIn,
} from '../cluster-cidr-config-view.js';
import { type ClusterFacts } from '../facts.js';
import { type FieldError, invalid } from '../field-errors.js';
import { type Cluster, type ClusterCidrConfig, type NodePool, isRecord, nameOf, namespaceOf } from '../objects.js';
import { type Finding, type Rule, warn } from '../rule.js';
import { owningClusterOf } from '../cluster-cidr-config/owning-cluster.js';
import { type OccupiedRange, rangesOccupiedByCluster, rangesOccupiedByNodePools } from './occupied-ranges.js';

const CATEGORIES: readonly OccupiedRange['category'][] = ['service range', 'node address', 'VIP', 'load-balancer pool entry'];

// X-5 (FLAT "don't overlap with any other subnets", NET): a pod range must not cover the cluster's service ranges,
// node addresses, VIPs or pool addresses. One cause per pod range and kind of clash, naming the first clash.
export const podRangesAvoidClusterAddresses: Rule<ClusterCidrConfig> = {
  id: 'X-5',
  check(context) {
    const cluster = owningClusterOf(context);
    if (!cluster) return [];
    const occupied = [...rangesOccupiedByCluster(cluster), ...rangesOccupiedByNodePools(cluster, context.facts)];
    return familyBlocksOf(context.object).flatMap((block) => {
      if (!block.parsed.ok) return [];
      const pods = block.parsed.value.cidr;
      return CATEGORIES.flatMap((category) => {
        const clashes = occupied.filter((entry) => entry.category === category && rangesOverlap(pods, entry.range));
        const [first] = clashes;
        if (!first) return [];
        const more = clashes.length > 1 ? ` and ${clashes.length - 1} more` : '';
        return [invalid(`${block.field}.cidr`, block.cidrText,
          `must not overlap the ${category} ${first.text} (${first.field} of ${first.owner})${more}`)];
      });
    });
  },
};

function isFlatFamily(cidr: Cidr, cluster: Cluster | undefined): boolean {
  // seed doc: IPv6 is always flat; IPv4 is island unless flatIPv4.
  return cidr.family === 'IPv6' || isFlatIpv4(cluster);
}

// Every cluster of a shared flat network may reuse a range: the first few clashes are enough to act on.
const MAX_OTHER_CLUSTER_WARNINGS = 3;

// X-5 between configs: inside one namespace overlap is the documented pattern (D2; R-14 covers identical selectors).
// Across clusters, flat pod ranges are routed on the shared network and must be unique (FLAT).
export const flatPodRangesUniqueAcrossClusters: Rule<ClusterCidrConfig> = {
  id: 'X-5',
  check(context) {
    const { object, facts } = context;
    if (!factsAvailable(facts, 'ClusterCIDRConfig')) return [];
    const namespace = namespaceOf(object);
    const cluster = owningClusterOf(context);
    const ours = configRangesOf(object).filter(({ cidr }) => isFlatFamily(cidr, cluster));
    if (ours.length === 0) return [];
    const found: Finding[] = [];
    for (const other of facts.clusterCidrConfigs) {
      if (!isRecord(other) || namespaceOf(other) === namespace) continue;
      const otherCluster = readableClusterIn(facts, namespaceOf(other));
      for (const theirs of configRangesOf(other)) {
        if (!isFlatFamily(theirs.cidr, otherCluster)) continue;
        const clash = ours.find(({ cidr }) => rangesOverlap(cidr, theirs.cidr));
        if (!clash) continue;
        found.push(warn(`${clash.field} overlaps flat pod range ${formatCidr(theirs.cidr)} of ${namespaceOf(other)}/${nameOf(other)} (another cluster)`));
        if (found.length === MAX_OTHER_CLUSTER_WARNINGS) return found;
      }
    }
    return found;
  },
};

/**
 * Pod ranges of the configs in a Cluster's namespace that lie outside its pods.cidrBlocks: ranges inside them are
 * judged against the Cluster by C-17/C-18 already.
 */
function configRangesBeyondPodCidrs(cluster: Cluster, facts: ClusterFacts): { config: ClusterCidrConfig; field: string; cidr: Cidr }[] {
  const podCidrs = podCidrsOf(cluster).map(({ value }) => value);
  return clusterCidrConfigsOf(facts, namespaceOf(cluster)).flatMap((config) => configRangesOf(config)
    .filter(({ cidr }) => !podCidrs.some((pods) => rangeContains(pods, cidr)))
    .map(({ field, cidr }) => ({ config, field, cidr })));
}

function clashWithConfigs(entry: OccupiedRange, ranges: ReturnType<typeof configRangesBeyondPodCidrs>): FieldError[] {
  const clash = ranges.find(({ cidr }) => rangesOverlap(cidr, entry.range));
  if (!clash) return [];
  return [invalid(entry.field, entry.text,
    `must not overlap pod range ${formatCidr(clash.cidr)} (${clash.field} of ClusterCIDRConfig "${nameOf(clash.config)}")`)];
}

// X-5 judged on the Cluster (D0: the cause is on the object being judged): an added pool, VIP, node or service range
// that falls into an existing config's pod range.
export const clusterAddressesAvoidPodRanges: Rule<Cluster> = {
  id: 'X-5',
  check({ object, facts }) {
    if (!factsAvailable(facts, 'ClusterCIDRConfig')) return [];
    const ranges = configRangesBeyondPodCidrs(object, facts);
    if (ranges.length === 0) return [];
    return rangesOccupiedByCluster(object).flatMap((entry) => clashWithConfigs(entry, ranges));
  },
};

// X-5 judged on a NodePool: its node addresses must stay out of the pod ranges of its cluster's configs.
export const nodePoolAddressesAvoidPodRanges: Rule<NodePool> = {
  id: 'X-5',
  check({ object, facts }) {
    if (!factsAvailable(facts, 'ClusterCIDRConfig') || !factsAvailable(facts, 'Cluster')) return [];
    const cluster = readableClusterIn(facts, namespaceOf(object));
    if (!cluster) return [];
    const ranges = configRangesBeyondPodCidrs(cluster, facts);
    if (ranges.length === 0) return [];
    const owner = `NodePool "${nameOf(object)}"`;
    return nodePoolAddressesOf(object).flatMap(({ field, value }) => clashWithConfigs({
      category: 'node address', range: rangeOfAddress(value), text: formatIp(value), field, owner,
    }, ranges));
  },
};
