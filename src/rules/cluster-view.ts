import {
  type Cidr, type IpAddress, type IpFamily, type IpRange, type Parsed, type ParsedCidr, type PoolEntry, parseCidr, parseIp,
  parsePoolEntry,
} from '../net/index.js';
import { type ClusterChoice, type ClusterFacts } from './facts.js';
import { viewPerObject, viewPerObjectPair } from './object-memo.js';
import {
  type AddressPool, type Cluster, type ClusterCidrConfig, type NodePool, type ServiceCidr, nameOf, namespaceOf,
} from './objects.js';

/**
 * Read-only views of a Cluster and the facts around it, shared by the rules of every kind. Unparseable values are
 * skipped here (CIDR lists keep them as entries for the rule that owns the field: C-16 reports them); the others judge
 * only what they can read.
 */
export interface Located<T> {
  readonly field: string;
  readonly value: T;
}

/** Facts are not schema-checked: a list field may hold anything, so views read only real arrays. */
function listOf<T>(value: readonly T[] | undefined | unknown): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [];
}

/** One entry of a CIDR list as written, with its parse result (the rule that owns the field reports unparseable ones). */
export interface CidrEntry {
  readonly field: string;
  readonly index: number;
  readonly text: unknown;
  readonly parsed: Parsed<ParsedCidr>;
}

export type ReadableCidrEntry = CidrEntry & { readonly cidr: ParsedCidr };

const entriesOfList = viewPerObjectPair((list: readonly unknown[], field: string): readonly CidrEntry[] =>
  list.map((text, index) => ({ field: `${field}[${index}]`, index, text, parsed: parseCidr(text) })));

/** A CIDR list as written, each entry with its field path and parse result. */
export function cidrEntriesOf(field: string, list: readonly unknown[] | undefined | unknown): readonly CidrEntry[] {
  return Array.isArray(list) ? entriesOfList(list, field) : [];
}

/** Parsed entries only, each with its parse. */
export const readableEntries = viewPerObject((entries: readonly CidrEntry[]): readonly ReadableCidrEntry[] => {
  const readable: ReadableCidrEntry[] = [];
  for (const { field, index, text, parsed } of entries) {
    // Written out: V8 spends ~0.8 µs on a spread that adds a property (`{ ...entry, cidr }`), 40 times a literal.
    if (parsed.ok) readable.push({ field, index, text, parsed, cidr: parsed.value });
  }
  return readable;
});

export function podEntriesOf(cluster: Cluster | undefined): readonly CidrEntry[] {
  return cidrEntriesOf('spec.clusterNetwork.pods.cidrBlocks', cluster?.spec?.clusterNetwork?.pods?.cidrBlocks);
}

export function serviceEntriesOf(cluster: Cluster | undefined): readonly CidrEntry[] {
  return cidrEntriesOf('spec.clusterNetwork.services.cidrBlocks', cluster?.spec?.clusterNetwork?.services?.cidrBlocks);
}

const located = viewPerObject((entries: readonly CidrEntry[]): readonly Located<Cidr>[] =>
  readableEntries(entries).map((entry) => ({ field: entry.field, value: entry.cidr.cidr })));

export function serviceCidrsOf(cluster: Cluster | undefined): readonly Located<Cidr>[] {
  return located(serviceEntriesOf(cluster));
}

export function podCidrsOf(cluster: Cluster | undefined): readonly Located<Cidr>[] {
  return located(podEntriesOf(cluster));
}

/** Distinct families in the order they first appear: the first one is the primary family. */
export function familiesOf(cidrs: readonly Located<Cidr>[] | readonly Cidr[]): IpFamily[] {
  const families: IpFamily[] = [];
  for (const entry of cidrs) {
    const family = 'value' in entry ? entry.value.family : entry.family;
    if (!families.includes(family)) families.push(family);
  }
  return families;
}

export function isDualStack(cluster: Cluster | undefined): boolean {
  return familiesOf(serviceCidrsOf(cluster)).length === 2;
}

export function isFlatIpv4(cluster: Cluster | undefined): boolean {
  return cluster?.spec?.clusterNetwork?.flatIPv4 === true;
}

/** The Cluster a namespaced object belongs to: bmctl keeps one Cluster per namespace. */
export function clusterInNamespace(facts: ClusterFacts, namespace: string): Cluster | undefined {
  return facts.clusters.find((cluster) => namespaceOf(cluster) === namespace);
}

export function nodePoolsOf(facts: ClusterFacts, cluster: Cluster): NodePool[] {
  const namespace = namespaceOf(cluster);
  return facts.nodePools.filter((pool) => namespaceOf(pool) === namespace);
}

export function clusterCidrConfigsOf(facts: ClusterFacts, namespace: string): ClusterCidrConfig[] {
  return facts.clusterCidrConfigs.filter((config) => namespaceOf(config) === namespace);
}

type NodeEntry = { address?: string; k8sIP?: string };

function nodeAddressesAt(field: string, nodes: readonly NodeEntry[] | undefined): Located<IpAddress>[] {
  const found: Located<IpAddress>[] = [];
  listOf<NodeEntry>(nodes).forEach((node, index) => {
    for (const key of ['address', 'k8sIP'] as const) {
      const address = parseIp(node?.[key]);
      if (address.ok) found.push({ field: `${field}[${index}].${key}`, value: address.value });
    }
  });
  return found;
}

/** Node addresses of the control plane and load-balancer node pools of a Cluster, with their fields. */
export const clusterNodeAddressesOf = viewPerObject((cluster: Cluster | undefined): readonly Located<IpAddress>[] => [
  ...nodeAddressesAt('spec.controlPlane.nodePoolSpec.nodes', cluster?.spec?.controlPlane?.nodePoolSpec?.nodes),
  ...nodeAddressesAt('spec.loadBalancer.nodePoolSpec.nodes', cluster?.spec?.loadBalancer?.nodePoolSpec?.nodes),
]);

export const nodePoolAddressesOf = viewPerObject((pool: NodePool): readonly Located<IpAddress>[] =>
  nodeAddressesAt('spec.nodes', pool.spec?.nodes));

export const vipsOf = viewPerObject((cluster: Cluster | undefined): readonly Located<IpAddress>[] => {
  const found: Located<IpAddress>[] = [];
  for (const key of ['controlPlaneVIP', 'ingressVIP'] as const) {
    const address = parseIp(cluster?.spec?.loadBalancer?.vips?.[key]);
    if (address.ok) found.push({ field: `spec.loadBalancer.vips.${key}`, value: address.value });
  }
  return found;
});

export interface LocatedPoolEntry extends Located<PoolEntry> {
  readonly pool: AddressPool;
  readonly poolIndex: number;
}

export const poolEntriesOf = viewPerObject((cluster: Cluster | undefined): readonly LocatedPoolEntry[] => {
  const found: LocatedPoolEntry[] = [];
  listOf<AddressPool>(cluster?.spec?.loadBalancer?.addressPools).forEach((pool, poolIndex) => {
    listOf<string>(pool?.addresses).forEach((text, index) => {
      const entry = parsePoolEntry(text);
      if (entry.ok) {
        found.push({ field: `spec.loadBalancer.addressPools[${poolIndex}].addresses[${index}]`, value: entry.value, pool, poolIndex });
      }
    });
  });
  return found;
});

export function rangeOf(located: Located<PoolEntry>): IpRange {
  return located.value.range;
}

/**
 * The cluster's Service network as kube-apiserver sees it (D18): the ServiceCIDR objects when present, the one
 * named `kubernetes` first (its first CIDR's family is primary); otherwise the Cluster's services.cidrBlocks.
 */
export interface ServiceNetwork {
  readonly families: readonly IpFamily[];
  readonly cidrs: readonly Cidr[];
  readonly source: 'ServiceCIDR' | 'Cluster';
  readonly cluster: Cluster | undefined;
}

/**
 * D18: the Cluster whose Services are judged: the one chosen with `--cluster`, else the only one in the facts; never
 * the first of several (an admin cluster's API holds every user cluster's Cluster). `problem` says what to supply.
 */
export function serviceClusterOf(facts: ClusterFacts, choice: ClusterChoice | undefined): { cluster?: Cluster; problem?: string } {
  const clusters = listOf<Cluster>(facts.clusters).filter((entry) => typeof entry === 'object' && entry !== null);
  if (choice) {
    const cluster = clusters.find((entry) => namespaceOf(entry) === choice.namespace && nameOf(entry) === choice.name);
    return cluster ? { cluster } : { problem: `--cluster ${choice.namespace}/${choice.name}: no such Cluster in the facts; ${SKIPPED}` };
  }
  if (clusters.length === 1) return { cluster: clusters[0]! };
  if (clusters.length === 0) return {};
  return { problem: `${clusters.length} Clusters in the facts, none chosen: give --cluster NS/NAME; ${SKIPPED}` };
}

const SKIPPED = 'S-3/S-4/S-6 and family defaults skipped';

/** Kept per facts snapshot: every Service review reads it and it changes only with the facts. */
export const serviceNetworkOf = viewPerObjectPair((facts: ClusterFacts, cluster: Cluster | undefined): ServiceNetwork | undefined => {
  if (facts.serviceCidrs.length > 0) {
    const ordered = listOf<ServiceCidr>(facts.serviceCidrs).filter((entry) => typeof entry === 'object' && entry !== null).sort((a, b) =>
      Number(b.metadata?.name === 'kubernetes') - Number(a.metadata?.name === 'kubernetes'));
    const cidrs = ordered.flatMap((serviceCidr) =>
      located(cidrEntriesOf('spec.cidrs', serviceCidr.spec?.cidrs)).map((entry) => entry.value));
    if (cidrs.length > 0) return { families: familiesOf(cidrs), cidrs, source: 'ServiceCIDR', cluster };
  }
  const cidrs = serviceCidrsOf(cluster).map((entry) => entry.value);
  if (cidrs.length === 0) return undefined;
  return { families: familiesOf(cidrs), cidrs, source: 'Cluster', cluster };
});
