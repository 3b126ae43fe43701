import { type ParsedCidr, type Parsed, parseCidr } from '../../net/index.js';
import { type Cluster, type NodeAddress } from '../objects.js';
import { DEFAULT_MAX_PODS_PER_NODE } from '../pod-density.js';

/** Field paths the Cluster rules name (D0). */
export const PODS = 'spec.clusterNetwork.pods.cidrBlocks';
export const SERVICES = 'spec.clusterNetwork.services.cidrBlocks';
export const POOLS = 'spec.loadBalancer.addressPools';
export const CONTROL_PLANE_VIP = 'spec.loadBalancer.vips.controlPlaneVIP';
export const INGRESS_VIP = 'spec.loadBalancer.vips.ingressVIP';
export const CONTROL_PLANE_NODES = 'spec.controlPlane.nodePoolSpec.nodes';
export const LOAD_BALANCER_NODES = 'spec.loadBalancer.nodePoolSpec.nodes';
export const MAX_PODS_PER_NODE = 'spec.nodeConfig.podDensity.maxPodsPerNode';

/** One entry of a CIDR list as written, with its parse result (unparseable entries are C-16's to report). */
export interface CidrEntry {
  readonly field: string;
  readonly index: number;
  readonly text: unknown;
  readonly parsed: Parsed<ParsedCidr>;
}

// Every Cluster rule reads these lists again; a review builds each view once (keyed on the list, which never changes
// while it is judged) instead of once per rule. Measured: a third of a Cluster UPDATE review's CPU before.
const entriesByField = new Map<string, WeakMap<readonly unknown[], CidrEntry[]>>();
const readableByEntries = new WeakMap<readonly CidrEntry[], (CidrEntry & { readonly cidr: ParsedCidr })[]>();

export function cidrEntriesOf(field: string, list: readonly unknown[] | undefined): readonly CidrEntry[] {
  if (!Array.isArray(list)) return [];
  let memo = entriesByField.get(field);
  if (!memo) entriesByField.set(field, (memo = new WeakMap()));
  let entries = memo.get(list);
  if (!entries) {
    entries = list.map((text, index) => ({ field: `${field}[${index}]`, index, text, parsed: parseCidr(text) }));
    memo.set(list, entries);
  }
  return entries;
}

export function podEntriesOf(cluster: Cluster | undefined): readonly CidrEntry[] {
  return cidrEntriesOf(PODS, cluster?.spec?.clusterNetwork?.pods?.cidrBlocks);
}

export function serviceEntriesOf(cluster: Cluster | undefined): readonly CidrEntry[] {
  return cidrEntriesOf(SERVICES, cluster?.spec?.clusterNetwork?.services?.cidrBlocks);
}

/** Parsed entries only, each with its parse. */
export function readableEntries(entries: readonly CidrEntry[]): readonly (CidrEntry & { readonly cidr: ParsedCidr })[] {
  let readable = readableByEntries.get(entries);
  if (!readable) {
    readable = entries.flatMap((entry) => (entry.parsed.ok ? [{ ...entry, cidr: entry.parsed.value }] : []));
    readableByEntries.set(entries, readable);
  }
  return readable;
}

export function isAdminCluster(cluster: Cluster): boolean {
  return cluster.spec?.type === 'admin';
}

export function isUserCluster(cluster: Cluster): boolean {
  return cluster.spec?.type === 'user';
}

/** C-11: unset means the documented default of 110. */
export function maxPodsPerNodeOf(cluster: Cluster | undefined): number {
  return cluster?.spec?.nodeConfig?.podDensity?.maxPodsPerNode ?? DEFAULT_MAX_PODS_PER_NODE;
}

/** C-24: `loadBalancer.type` defaults to layer2 (REF). */
export function loadBalancerTypeOf(cluster: Cluster | undefined): 'layer2' | 'bgp' {
  return cluster?.spec?.loadBalancer?.type ?? 'layer2';
}

export function controlPlaneNodesOf(cluster: Cluster | undefined): readonly NodeAddress[] {
  return cluster?.spec?.controlPlane?.nodePoolSpec?.nodes ?? [];
}

export function loadBalancerNodesOf(cluster: Cluster | undefined): readonly NodeAddress[] {
  return cluster?.spec?.loadBalancer?.nodePoolSpec?.nodes ?? [];
}

/** `16777216n` → `16,777,216`: sizes in messages read as the documentation writes them. */
export function formatCount(count: bigint | number): string {
  return count.toLocaleString('en-US');
}
