import { type IpFamily } from '../../net/index.js';
import { formatCount } from '../../rules/index.js';
import { type Figure } from '../../plan/figure.js';
import { type ClusterPlan, type FamilyCapacity, type PlannedRange, type Source } from '../../plan/plan-model.js';

/** One table of the plan, as the text and Markdown writers both print it. */
export interface PlanTable {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export function sourceText(source: Source): string {
  const where = source.file ? ` (${source.file}:${source.line})` : '';
  return `${source.kind} ${source.name} ${source.field}${where}`;
}

function count(value: Figure | undefined): string {
  return value ? formatCount(value.value) : '-';
}

function bindingText(binding: readonly IpFamily[], families: readonly IpFamily[]): string {
  if (binding.length === 0) return '-';
  if (families.length > 1 && binding.length === families.length) return `${binding.join(', ')} (tie)`;
  return binding.join(', ');
}

function rangeRows(ranges: readonly PlannedRange[], extra: (range: PlannedRange) => string[]): string[][] {
  return ranges.map((range) => [range.family, range.value, count(range.addresses), ...extra(range), range.addresses.formula, sourceText(range.source)]);
}

function capacityRows(label: string, capacity: FamilyCapacity, families: readonly IpFamily[]): string[][] {
  const rows = families.map((family) => [label, family, count(capacity.perFamily.get(family)), capacity.perFamily.get(family)?.formula ?? '']);
  if (families.length > 1 && capacity.dualStack) {
    rows.push([label, `dual-stack, binding ${bindingText(capacity.binding, families)}`, count(capacity.dualStack), capacity.dualStack.formula]);
  }
  return rows;
}

/** The tables of one Cluster's plan, in reading order. */
export function planTables(plan: ClusterPlan): PlanTable[] {
  const of = (...roles: PlannedRange['role'][]) => plan.ranges.filter((range) => roles.includes(range.role));
  const pods = of('pods', 'cluster-cidr-config');
  const { capacity } = plan;
  const nodeLabel = 'nodes';
  const tables: PlanTable[] = [
    {
      title: 'Pod ranges',
      headers: ['family', 'range', 'addresses', 'selector', 'per node', 'node blocks', 'formula (addresses; node blocks)', 'source'],
      rows: pods.map((range) => [
        range.family, range.value, count(range.addresses), range.selector ?? '(island pods.cidrBlocks)',
        range.perNode ? `/${range.perNode.maskSize} = ${formatCount(range.perNode.addresses.value)}` : '-',
        count(range.perNode?.nodeBlocks),
        `${range.addresses.formula}; ${range.perNode?.nodeBlocks.formula ?? '-'}`,
        sourceText(range.source),
      ]),
    },
    {
      title: 'Service ranges',
      headers: ['family', 'range', 'addresses', 'usable ClusterIPs', 'formula (addresses)', 'source'],
      rows: rangeRows(of('services'), (range) => [`${count(range.usable)}: ${range.usable?.formula ?? ''}`])
        .map((row) => [row[0]!, row[1]!, row[2]!, row[3]!, row[4]!, row[5]!]),
    },
    {
      title: 'LoadBalancer pools',
      headers: ['family', 'pool', 'addresses', 'taken by', 'free', 'formula (addresses; free)', 'source'],
      rows: of('load-balancer-pool').map((range) => [
        range.family, `${range.pool?.name ?? ''} ${range.value}`, count(range.addresses),
        [...(range.pool?.takenBy ?? []), ...(range.pool?.avoided ? [`${range.pool.avoided} .0/.255 (avoidBuggyIPs)`] : [])].join(', ') || '-',
        count(range.pool?.free), `${range.addresses.formula}; ${range.pool?.free.formula ?? ''}`, sourceText(range.source),
      ]),
    },
    {
      title: 'Node addresses and VIPs',
      headers: ['family', 'address', 'role', 'source'],
      rows: of('node', 'vip').map((range) => [range.family, range.value, range.role === 'vip' ? 'VIP' : 'node', sourceText(range.source)]),
    },
    {
      title: 'Capacity',
      headers: ['quantity', 'family', 'count', 'formula'],
      rows: [
        ...capacityRows(nodeLabel, capacity.nodes, plan.families),
        ['nodes', capacity.plannedNodes === capacity.declaredNodes ? 'declared' : 'planned (--nodes)', formatCount(capacity.plannedNodes),
          capacity.plannedNodes === capacity.declaredNodes ? 'control plane + load balancer + NodePools' : `declared: ${capacity.declaredNodes}`],
        ['nodes', 'headroom', count(capacity.headroom), capacity.headroom?.formula ?? '-'],
        ['pods', 'max', count(capacity.pods), capacity.pods ? `nodes × maxPodsPerNode = ${capacity.pods.formula}` : '-'],
        ['pods', 'recommended nodes (15,000 pods)', count(capacity.recommendedMaxNodes), capacity.recommendedMaxNodes.formula],
        ...capacityRows('Service ClusterIPs', capacity.services, plan.families),
        ...capacityRows('LoadBalancer addresses', capacity.loadBalancer, plan.families),
      ],
    },
  ];
  if (capacity.configs.length > 0) {
    tables.push({
      title: 'Nodes per ClusterCIDRConfig',
      headers: ['config', 'selector', ...plan.families, 'nodes', 'binding', 'nodes it serves'],
      rows: capacity.configs.map((config) => [
        config.name, config.selector, ...plan.families.map((family) => count(config.nodes.perFamily.get(family))),
        count(config.nodes.dualStack), bindingText(config.nodes.binding, plan.families), String(config.served),
      ]),
    });
  }
  tables.push({
    title: 'Overlaps',
    headers: ['family', 'range', 'source', 'overlaps', 'source'],
    rows: plan.overlaps.map((overlap) => [overlap.family, overlap.first.value, sourceText(overlap.first.source), overlap.second.value, sourceText(overlap.second.source)]),
  });
  return tables;
}

export function planHeading(plan: ClusterPlan): string {
  const effective = plan.capacity.nodes.dualStack;
  const binding = bindingText(plan.capacity.nodes.binding, plan.families);
  const families = plan.families.length ? plan.families.join(' + ') : 'no families';
  return `Cluster ${plan.namespace}/${plan.name} (${families}): ${effective ? `${formatCount(effective.value)} nodes` : 'no node capacity'}`
    + `${plan.families.length > 1 && effective ? `, binding family ${binding}` : ''}`;
}
