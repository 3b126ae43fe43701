import {
  type IpRange, formatCidr, formatIp, rangeOfAddress,
} from '../../net/index.js';
import { type ClusterFacts } from '../facts.js';
import { type Cluster, nameOf, namespaceOf } from '../objects.js';
import {
  clusterNodeAddressesOf, nodePoolAddressesOf, poolEntriesOf, serviceCidrsOf, vipsOf,
} from '../cluster-view.js';
import { readableNodePoolsIn } from '../cluster-cidr-config-view.js';
import { viewPerObject } from '../object-memo.js';

/** An address range a Cluster already uses for something other than pods, with where it is written. */
export interface OccupiedRange {
  readonly category: 'service range' | 'node address' | 'VIP' | 'load-balancer pool entry';
  readonly range: IpRange;
  /** The value as it is best written. */
  readonly text: string;
  /** Field path inside its own object. */
  readonly field: string;
  /** `Cluster "dual-stack"`, `NodePool "workers"`. */
  readonly owner: string;
}

/** What a Cluster's own spec occupies: service ranges, control-plane and load-balancer nodes, VIPs, pool entries. */
export const rangesOccupiedByCluster = viewPerObject((cluster: Cluster): readonly OccupiedRange[] => {
  const owner = `Cluster "${nameOf(cluster)}"`;
  return [
    ...serviceCidrsOf(cluster).map(({ field, value }) => ({
      category: 'service range' as const, range: value, text: formatCidr(value), field, owner,
    })),
    ...clusterNodeAddressesOf(cluster).map(({ field, value }) => ({
      category: 'node address' as const, range: rangeOfAddress(value), text: formatIp(value), field, owner,
    })),
    ...vipsOf(cluster).map(({ field, value }) => ({
      category: 'VIP' as const, range: rangeOfAddress(value), text: formatIp(value), field, owner,
    })),
    ...poolEntriesOf(cluster).map(({ field, value }) => ({
      category: 'load-balancer pool entry' as const, range: value.range, text: value.canonical, field, owner,
    })),
  ];
});

/** Node addresses of the NodePools of a Cluster's namespace in the facts. */
export function rangesOccupiedByNodePools(cluster: Cluster, facts: ClusterFacts): OccupiedRange[] {
  return readableNodePoolsIn(facts, namespaceOf(cluster)).flatMap((pool) => nodePoolAddressesOf(pool).map(({ field, value }) => ({
    category: 'node address' as const, range: rangeOfAddress(value), text: formatIp(value), field, owner: `NodePool "${nameOf(pool)}"`,
  })));
}
