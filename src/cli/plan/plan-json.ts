import { type IpFamily } from '../../net/index.js';
import { type Figure } from '../../plan/figure.js';
import { type ClusterPlan, type FamilyCapacity } from '../../plan/plan-model.js';

/** docs/plan.md `plan --output json`: counts as decimal strings, `binding` a list of families, every formula by its path. */
function clusterJson(plan: ClusterPlan) {
  const formulas: Record<string, string> = {};
  const number = (path: string, value: Figure | undefined): string | null => {
    if (!value) return null;
    formulas[path] = value.formula;
    return value.value.toString();
  };
  const perFamily = (path: string, capacity: FamilyCapacity, dualStackKey: string) => {
    const entries: Record<string, unknown> = {};
    for (const family of ['IPv4', 'IPv6'] as IpFamily[]) entries[family] = number(`${path}.${family}`, capacity.perFamily.get(family));
    entries[dualStackKey] = number(`${path}.${dualStackKey}`, capacity.dualStack);
    entries.binding = capacity.binding;
    return entries;
  };
  const { capacity } = plan;
  const ranges = plan.ranges.map((range, index) => ({
    family: range.family,
    role: range.role,
    value: range.value,
    addresses: number(`ranges[${index}].addresses`, range.addresses),
    ...(range.selector === undefined ? {} : { selector: range.selector }),
    ...(range.perNode ? {
      perNodeMaskSize: range.perNode.maskSize,
      perNodeAddresses: number(`ranges[${index}].perNodeAddresses`, range.perNode.addresses),
      nodeBlocks: number(`ranges[${index}].nodeBlocks`, range.perNode.nodeBlocks),
    } : {}),
    ...(range.usable ? { usable: number(`ranges[${index}].usable`, range.usable) } : {}),
    ...(range.pool ? {
      pool: range.pool.name, takenBy: range.pool.takenBy, avoided: range.pool.avoided.toString(),
      free: number(`ranges[${index}].free`, range.pool.free),
    } : {}),
    source: range.source,
  }));
  const result = {
    namespace: plan.namespace,
    name: plan.name,
    families: plan.families,
    ranges,
    capacity: {
      nodes: {
        ...perFamily('capacity.nodes', capacity.nodes, 'effective'),
        declared: String(capacity.declaredNodes),
        planned: String(capacity.plannedNodes),
        headroom: number('capacity.nodes.headroom', capacity.headroom),
        configs: capacity.configs.map((config, index) => ({
          name: config.name, selector: config.selector, served: String(config.served),
          ...perFamily(`capacity.nodes.configs[${index}]`, config.nodes, 'effective'),
        })),
      },
      pods: {
        maxPodsPerNode: String(capacity.maxPodsPerNode),
        max: number('capacity.pods.max', capacity.pods),
        recommendedMaxNodes: number('capacity.pods.recommendedMaxNodes', capacity.recommendedMaxNodes),
      },
      services: perFamily('capacity.services', capacity.services, 'dualStack'),
      loadBalancer: perFamily('capacity.loadBalancer', capacity.loadBalancer, 'dualStack'),
    },
    overlaps: plan.overlaps,
  };
  return { ...result, formulas };
}

export function formatPlanJson(plans: readonly ClusterPlan[]): string {
  return `${JSON.stringify({ clusters: plans.map(clusterJson) }, null, 2)}\n`;
}
