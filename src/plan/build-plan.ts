import {
  type IpFamily, type IpRange, IP_FAMILIES, familyBits, formatCidr, formatIp, rangeContains, rangeSize,
} from '../net/index.js';
import { type SourceIndex, identityOf } from '../documents/object-identity.js';
import { addressesPerNode, bindingOf, type Cluster, type ClusterCidrConfig, clusterCidrConfigsOf, type ClusterFacts, clusterNodeAddressesOf, configRangesOf, isFlatIpv4, isReadable, isRecord, type KubernetesObject, maxPodsPerNodeOf, nameOf, namespaceOf, nodeBlocks, nodeCountOf, nodePoolAddressesOf, nodePoolsOf, nodesOfCluster, nodesServedBy, perNodeIpv4PrefixFor, podEntriesOf, podsFor, poolEntriesOf, readableEntries, recommendedMaxNodes, selectorOf, serviceEntriesOf, usableBlocksOf, vipsOf, withViews } from '../rules/index.js';
import { type Figure, figure, powerOfTwo, sum } from './figure.js';
import { avoidedBuggyIps } from './buggy-ips.js';
import {
  type ClusterPlan, type ConfigCapacity, type FamilyCapacity, type Overlap, type PlannedRange, type Source,
} from './plan-model.js';
import { usableClusterIps } from './service-allocator.js';

export interface PlanOptions {
  readonly facts: ClusterFacts;
  readonly sources: SourceIndex;
  /** `--nodes N`: the node count to plan for instead of the declared nodes. */
  readonly nodes?: number;
}

function sourceOf(sources: SourceIndex, kind: string, object: KubernetesObject, field: string): Source {
  const identity = identityOf(object);
  const where = (identity === undefined ? undefined : sources.get(identity)) ?? { file: '', line: 0 };
  return { kind, name: nameOf(object), field, ...where };
}

function addressesOf(range: IpRange, prefix?: number): Figure {
  if (prefix !== undefined) return powerOfTwo(familyBits(range.family), prefix);
  const size = rangeSize(range);
  if (size === 1n) return figure(1n, '1');
  return figure(size, `${formatIp({ family: range.family, value: range.last })} − ${formatIp({ family: range.family, value: range.first })} + 1 = ${size}`);
}

function selectorText(config: ClusterCidrConfig): string {
  const selector = selectorOf(config);
  if (selector.catchAll) return 'every node';
  const labels = selector.labels.map(([key, value]) => `${key}=${value}`);
  const expressions = selector.expressions.length ? [`${selector.expressions.length} matchExpressions`] : [];
  return [...labels, ...expressions].join(', ');
}

function perNodeOf(family: IpFamily, prefix: number, maskSize: number): NonNullable<PlannedRange['perNode']> {
  const bits = familyBits(family);
  const blocks = nodeBlocks(prefix, maskSize);
  return {
    maskSize,
    addresses: figure(addressesPerNode(family, maskSize), `2^(${bits}−${maskSize}) = ${addressesPerNode(family, maskSize)}`),
    nodeBlocks: figure(blocks, `2^(${maskSize}−${prefix}) = ${blocks}`),
  };
}

function podRanges(cluster: Cluster, configs: readonly ClusterCidrConfig[], options: PlanOptions): PlannedRange[] {
  const nodePrefix = perNodeIpv4PrefixFor(maxPodsPerNodeOf(cluster) as number);
  const island = readableEntries(podEntriesOf(cluster)).map((entry): PlannedRange => {
    const cidr = entry.cidr.cidr;
    const perNode = cidr.family === 'IPv4' && !isFlatIpv4(cluster) && nodePrefix !== undefined && nodePrefix >= cidr.prefix
      ? { perNode: perNodeOf('IPv4', cidr.prefix, nodePrefix) } : {};
    return {
      family: cidr.family, role: 'pods', value: formatCidr(cidr), range: cidr, addresses: addressesOf(cidr, cidr.prefix),
      source: sourceOf(options.sources, 'Cluster', cluster, entry.field), ...perNode,
    };
  });
  const fromConfigs = configs.flatMap((config) => {
    const usable = usableBlocksOf(config);
    return configRangesOf(config).map(({ field, cidr }): PlannedRange => {
      const block = usable.find((candidate) => `${candidate.field}.cidr` === field);
      return {
        family: cidr.family, role: 'cluster-cidr-config', value: formatCidr(cidr), range: cidr,
        addresses: addressesOf(cidr, cidr.prefix), source: sourceOf(options.sources, 'ClusterCIDRConfig', config, field),
        selector: selectorText(config),
        ...(block ? { perNode: perNodeOf(cidr.family, cidr.prefix, block.perNodeMaskSize) } : {}),
      };
    });
  });
  return [...island, ...fromConfigs];
}

function serviceRanges(cluster: Cluster, options: PlanOptions): PlannedRange[] {
  return readableEntries(serviceEntriesOf(cluster)).map(({ cidr: { cidr }, field }) => ({
    family: cidr.family, role: 'services', value: formatCidr(cidr), range: cidr, addresses: addressesOf(cidr, cidr.prefix),
    usable: usableClusterIps(cidr), source: sourceOf(options.sources, 'Cluster', cluster, field),
  }));
}

function poolRanges(cluster: Cluster, options: PlanOptions): PlannedRange[] {
  const vips = vipsOf(cluster);
  return poolEntriesOf(cluster).map((entry): PlannedRange => {
    const { range } = entry.value;
    const avoid = isRecord(entry.pool) && entry.pool.avoidBuggyIPs === true;
    const avoided = avoid ? avoidedBuggyIps(range) : 0n;
    const taken = vips.filter((vip) => vip.value.family === range.family && range.first <= vip.value.value
      && vip.value.value <= range.last && !(avoid && avoidedBuggyIps({ ...range, first: vip.value.value, last: vip.value.value }) > 0n));
    const addresses = addressesOf(range, entry.value.form === 'cidr' ? (range as { prefix?: number }).prefix : undefined);
    const free = addresses.value - avoided - BigInt(taken.length);
    const parts = [`${addresses.value}`, ...(avoided ? [`${avoided} (.0/.255, avoidBuggyIPs)`] : []),
      ...(taken.length ? [`${taken.length} (VIP)`] : [])];
    return {
      family: range.family, role: 'load-balancer-pool', value: entry.value.canonical, range, addresses,
      source: sourceOf(options.sources, 'Cluster', cluster, entry.field),
      pool: {
        name: isRecord(entry.pool) && typeof entry.pool.name === 'string' ? entry.pool.name : `#${entry.poolIndex}`,
        takenBy: taken.map((vip) => vip.field.slice(vip.field.lastIndexOf('.') + 1)),
        avoided,
        free: figure(free, parts.length > 1 ? `${parts.join(' − ')} = ${free}` : `${free}`),
      },
    };
  });
}

function addressRanges(cluster: Cluster, options: PlanOptions): PlannedRange[] {
  const single = (role: 'node' | 'vip', kind: string, object: KubernetesObject, field: string, value: { family: IpFamily; value: bigint }): PlannedRange => {
    const range = { family: value.family, first: value.value, last: value.value };
    return { family: value.family, role, value: formatIp(value), range, addresses: figure(1n, '1'), source: sourceOf(options.sources, kind, object, field) };
  };
  return [
    ...clusterNodeAddressesOf(cluster).map((entry) => single('node', 'Cluster', cluster, entry.field, entry.value)),
    ...nodePoolsOf(options.facts, cluster).filter(isRecord).flatMap((pool) =>
      nodePoolAddressesOf(pool).map((entry) => single('node', 'NodePool', pool, entry.field, entry.value))),
    ...vipsOf(cluster).map((entry) => single('vip', 'Cluster', cluster, entry.field, entry.value)),
  ];
}

function familyCapacity(families: readonly IpFamily[], counts: ReadonlyMap<IpFamily, Figure>): FamilyCapacity {
  const present = new Map(families.map((family) => [family, counts.get(family)?.value ?? 0n] as const));
  const binding = bindingOf(present);
  const perFamily = new Map(families.map((family) => [family, counts.get(family) ?? figure(0n, '0')] as const));
  if (!binding) return { perFamily, dualStack: undefined, binding: [] };
  const formula = families.length === 1
    ? `${binding.least}`
    : `min(${families.map((family) => `${family} ${present.get(family)}`).join(', ')}) = ${binding.least}`;
  return { perFamily, dualStack: figure(binding.least, formula), binding: binding.binding };
}

function nodeCapacity(cluster: Cluster, families: readonly IpFamily[], pods: readonly PlannedRange[], configs: readonly ClusterCidrConfig[], facts: ClusterFacts) {
  const nodes = nodesOfCluster(cluster, facts);
  const perConfig: ConfigCapacity[] = configs.map((config) => {
    const counts = new Map(pods.filter((range) => range.role === 'cluster-cidr-config' && range.source.name === nameOf(config) && range.perNode)
      .map((range) => [range.family, range.perNode!.nodeBlocks] as const));
    return {
      name: nameOf(config),
      selector: selectorText(config),
      nodes: familyCapacity(families, counts),
      served: nodesServedBy(config, nodes, configs.filter((other) => other !== config)).length,
    };
  });
  // Configs whose range lies inside one already counted share its node blocks: counting them again would promise
  // nodes the allocator cannot place.
  const counted: IpRange[] = [];
  const contributions = configs.map((config) => new Map(pods
    .filter((range) => range.role === 'cluster-cidr-config' && range.source.name === nameOf(config) && range.perNode)
    .map((range) => {
      const shared = counted.some((other) => rangeContains(other, range.range));
      if (!shared) counted.push(range.range);
      return [range.family, shared ? figure(0n, `0 (inside a range counted before)`) : range.perNode!.nodeBlocks] as const;
    })));
  // A family without ClusterCIDRConfigs gets its node blocks from the island pod range (IPv4, C-13) or from nowhere.
  const totals = new Map<IpFamily, Figure>();
  for (const family of families) {
    const fromConfigs = contributions.flatMap((counts) => counts.get(family) ?? []);
    const configured = pods.some((range) => range.role === 'cluster-cidr-config' && range.family === family);
    const island = pods.filter((range) => range.role === 'pods' && range.family === family && range.perNode).slice(0, 1);
    totals.set(family, configured ? sum(fromConfigs) : sum(island.map((range) => range.perNode!.nodeBlocks)));
  }
  const overall = familyCapacity(families, totals);
  if (perConfig.length <= 1 || !overall.dualStack) return { nodes: overall, configs: perConfig };
  // Each config serves its own nodes, so the cluster holds the sum of what each config holds in every family.
  const effective = sum(contributions.map((counts) => familyCapacity(families, counts).dualStack ?? figure(0n, '0')));
  return { nodes: { ...overall, dualStack: figure(effective.value, `Σ per config ${effective.formula}`) }, configs: perConfig };
}

/**
 * Pairs of ranges that share addresses and should not: the island range and its config's copy (R-10), and VIPs in
 * pools, are meant. A sweep in address order, so thousands of node addresses cost no quadratic pass.
 */
function overlapsOf(ranges: readonly PlannedRange[]): Overlap[] {
  const meant = (a: PlannedRange, b: PlannedRange) => {
    const roles = new Set([a.role, b.role]);
    if (roles.has('pods') && roles.has('cluster-cidr-config') && a.value === b.value) return true;
    if (roles.has('vip') && roles.has('load-balancer-pool')) return true;
    // A node's address and its k8sIP may be the same address.
    return a.role === 'node' && b.role === 'node' && a.source.kind === b.source.kind && a.source.name === b.source.name
      && a.source.field.slice(0, a.source.field.lastIndexOf('.')) === b.source.field.slice(0, b.source.field.lastIndexOf('.'));
  };
  const sorted = [...ranges].sort((a, b) => (a.family !== b.family ? (a.family < b.family ? -1 : 1)
    : a.range.first < b.range.first ? -1 : a.range.first > b.range.first ? 1 : 0));
  const found: Overlap[] = [];
  for (let i = 0; i < sorted.length; i += 1) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.family === a.family && sorted[j]!.range.first <= a.range.last; j += 1) {
      const b = sorted[j]!;
      if (!meant(a, b)) found.push({ family: a.family, first: { value: a.value, source: a.source }, second: { value: b.value, source: b.source } });
    }
  }
  return found;
}

function familiesOfPlan(ranges: readonly PlannedRange[]): IpFamily[] {
  return IP_FAMILIES.filter((family) => ranges.some((range) => range.family === family && (range.role === 'services' || range.role === 'pods' || range.role === 'cluster-cidr-config')));
}

function planOf(cluster: Cluster, options: PlanOptions): ClusterPlan {
  const configs = clusterCidrConfigsOf(options.facts, namespaceOf(cluster)).filter(isRecord);
  const pods = podRanges(cluster, configs, options);
  const services = serviceRanges(cluster, options);
  const pools = poolRanges(cluster, options);
  const ranges = [...pods, ...services, ...pools, ...addressRanges(cluster, options)];
  const families = familiesOfPlan(ranges);
  const { nodes, configs: perConfig } = nodeCapacity(cluster, families, pods, configs, options.facts);
  const declaredNodes = isReadable('Cluster', cluster) ? nodeCountOf(cluster, options.facts) : nodesOfCluster(cluster, options.facts).length;
  const plannedNodes = options.nodes ?? declaredNodes;
  const maxPods = maxPodsPerNodeOf(cluster);
  const validMaxPods = typeof maxPods === 'number' && Number.isInteger(maxPods) && maxPods > 0 && maxPods <= 250;
  const effective = nodes.dualStack;
  const perFamilySum = (list: readonly PlannedRange[], pick: (range: PlannedRange) => Figure | undefined) => new Map(families.map((family) =>
    [family, sum(list.filter((range) => range.family === family).flatMap((range) => pick(range) ?? []))] as const));
  return {
    namespace: namespaceOf(cluster),
    name: nameOf(cluster),
    source: sourceOf(options.sources, 'Cluster', cluster, ''),
    families,
    ranges,
    capacity: {
      nodes,
      configs: perConfig,
      declaredNodes,
      plannedNodes,
      headroom: effective ? figure(effective.value - BigInt(plannedNodes), `${effective.value} − ${plannedNodes} = ${effective.value - BigInt(plannedNodes)}`) : undefined,
      maxPodsPerNode: validMaxPods ? maxPods : 0,
      pods: effective && validMaxPods ? figure(podsFor(maxPods, effective.value), `${effective.value} × ${maxPods} = ${podsFor(maxPods, effective.value)}`) : undefined,
      recommendedMaxNodes: validMaxPods ? figure(recommendedMaxNodes(maxPods), `⌊15000 / ${maxPods}⌋ = ${recommendedMaxNodes(maxPods)}`) : figure(0n, 'maxPodsPerNode unreadable'),
      services: familyCapacity(families, perFamilySum(services, (range) => range.usable)),
      loadBalancer: familyCapacity(families, perFamilySum(pools, (range) => range.pool?.free)),
    },
    overlaps: overlapsOf(ranges),
  };
}

/** The address plan of every Cluster in the facts, in input order. */
export function buildPlans(options: PlanOptions): ClusterPlan[] {
  // The plan reads the rules' views of the same objects many times (every config's selector for every other config):
  // once each, as a judgement does.
  return withViews(options.facts, () => options.facts.clusters.filter(isRecord).map((cluster) => planOf(cluster, options)));
}
