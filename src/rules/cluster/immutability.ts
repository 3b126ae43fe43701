import { rangeContains, sameCidr } from '../../net/index.js';
import { forbidden, immutable, invalid } from '../field-errors.js';
import { type Cluster, type NodeAddress } from '../objects.js';
import { type Finding, type Rule } from '../rule.js';
import { DEFAULT_MAX_PODS_PER_NODE } from '../pod-density.js';
import { readableEntries, serviceEntriesOf } from '../cluster-view.js';
import {
  CONTROL_PLANE_NODES, LOAD_BALANCER_NODES, MAX_PODS_PER_NODE, PODS, controlPlaneNodesOf, loadBalancerNodesOf,
} from './cluster-fields.js';
import { sameJson } from '../same-json.js';
import { addressKey, cidrKey, mapList } from './values.js';

/** One field C-20 governs: how to read it, its documented default, and how values compare. */
interface Governed {
  readonly field: string;
  read(cluster: Cluster): unknown;
  /** The value an unset field stands for: an UPDATE that spells out the default is no change. */
  readonly unset?: unknown;
  readonly key?: (value: unknown) => unknown;
  readonly why?: string;
}

// C-20 (REF "Mutable: No", NET). C-23: only these fields are compared, so controller-populated fields
// (nodeConfig.registryMirrors, anthosBareMetalVersion on upgrade, ...) never block an update.
const GOVERNED: readonly Governed[] = [
  { field: 'spec.type', read: (cluster) => cluster.spec?.type },
  {
    field: PODS, read: (cluster) => cluster.spec?.clusterNetwork?.pods?.cidrBlocks,
    key: (value) => mapList(value, cidrKey),
  },
  {
    field: 'spec.clusterNetwork.flatIPv4', read: (cluster) => cluster.spec?.clusterNetwork?.flatIPv4, unset: false,
    why: 'flat IPv4 mode can be enabled only at cluster creation and cannot be disabled',
  },
  { field: 'spec.clusterNetwork.advancedNetworking', read: (cluster) => cluster.spec?.clusterNetwork?.advancedNetworking, unset: false },
  {
    field: 'spec.clusterNetwork.multipleNetworkInterfaces',
    read: (cluster) => cluster.spec?.clusterNetwork?.multipleNetworkInterfaces, unset: false,
  },
  { field: 'spec.clusterNetwork.forwardMode', read: (cluster) => cluster.spec?.clusterNetwork?.forwardMode, unset: 'snat' },
  {
    field: MAX_PODS_PER_NODE, read: (cluster) => cluster.spec?.nodeConfig?.podDensity?.maxPodsPerNode,
    unset: DEFAULT_MAX_PODS_PER_NODE,
  },
  { field: 'spec.loadBalancer.mode', read: (cluster) => cluster.spec?.loadBalancer?.mode },
  { field: 'spec.loadBalancer.type', read: (cluster) => cluster.spec?.loadBalancer?.type, unset: 'layer2' },
  {
    field: 'spec.loadBalancer.ports.controlPlaneLBPort', read: (cluster) => cluster.spec?.loadBalancer?.ports?.controlPlaneLBPort,
  },
  { field: 'spec.loadBalancer.vips.controlPlaneVIP', read: (cluster) => cluster.spec?.loadBalancer?.vips?.controlPlaneVIP, key: addressKey },
  { field: 'spec.loadBalancer.vips.ingressVIP', read: (cluster) => cluster.spec?.loadBalancer?.vips?.ingressVIP, key: addressKey },
  {
    // Setting it from unset is the 1.32+ load-balancer split (C-22, D12); once set it stays.
    field: 'spec.controlPlane.loadBalancer.mode', read: (cluster) => cluster.spec?.controlPlane?.loadBalancer?.mode,
  },
];


function governedChanges(object: Cluster, oldObject: Cluster): Finding[] {
  return GOVERNED.flatMap((governed) => {
    const rawBefore = governed.read(oldObject);
    // A field without a documented default that the old object lacks has no value to protect: a controller may fill
    // it in (controlPlaneLBPort), an old object may predate it, and the rules on the new object judge what is added.
    // Removing a set value is still a change.
    if (rawBefore === undefined && governed.unset === undefined) return [];
    const before = rawBefore ?? governed.unset;
    const after = governed.read(object) ?? governed.unset;
    // Most UPDATEs leave these fields as they were: equal as written is equal as the network sees them.
    if (sameJson(before, after)) return [];
    const key = governed.key ?? ((value: unknown) => value);
    if (sameJson(key(before), key(after))) return [];
    return [immutable(governed.field, governed.read(object), rawBefore ?? governed.unset, governed.why)];
  });
}

// A node's k8sIP stands for its address when unset; nodes are matched by address, so adding or removing nodes is free.
function k8sIpChanges(field: string, nodes: readonly NodeAddress[], oldNodes: readonly NodeAddress[]): Finding[] {
  const before = new Map<unknown, unknown>();
  for (const node of oldNodes) before.set(addressKey(node?.address), addressKey(node?.k8sIP ?? node?.address));
  return nodes.flatMap((node, index) => {
    const address = addressKey(node.address);
    if (!before.has(address)) return [];
    const was = before.get(address);
    if (sameJson(was, addressKey(node.k8sIP ?? node.address))) return [];
    return [immutable(`${field}[${index}].k8sIP`, node.k8sIP, was)];
  });
}

export const immutableFields: Rule<Cluster> = {
  id: 'C-20',
  check({ object, oldObject, operation }) {
    if (operation !== 'UPDATE' || !oldObject) return [];
    return [
      ...governedChanges(object, oldObject),
      ...k8sIpChanges(CONTROL_PLANE_NODES, controlPlaneNodesOf(object), controlPlaneNodesOf(oldObject)),
      ...k8sIpChanges(LOAD_BALANCER_NODES, loadBalancerNodesOf(object), loadBalancerNodesOf(oldObject)),
    ];
  },
};

// C-21, D6 (REF, NET, UPD): the IPv4 service range may only grow to a range containing the old one; the IPv6 range
// has no documented mutability, so it is immutable. Family changes are C-6's.
export const serviceRangeChanges: Rule<Cluster> = {
  id: 'C-21',
  check({ object, oldObject, operation }) {
    if (operation !== 'UPDATE' || !oldObject) return [];
    const before = readableEntries(serviceEntriesOf(oldObject));
    const after = readableEntries(serviceEntriesOf(object));
    const findings: Finding[] = [];
    for (const entry of after) {
      const old = before.find((candidate) => candidate.cidr.cidr.family === entry.cidr.cidr.family);
      if (!old) continue;
      const was = old.cidr.canonical;
      if (entry.cidr.cidr.family === 'IPv6') {
        if (!sameCidr(entry.cidr.cidr, old.cidr.cidr)) {
          findings.push(immutable(entry.field, entry.text, was, 'the IPv6 service range cannot change'));
        }
      } else if (entry.cidr.cidr.prefix > old.cidr.cidr.prefix) {
        findings.push(invalid(entry.field, entry.text, `can't shrink the IPv4 service range from ${was}: `
          + `it may only grow (prefix /${old.cidr.cidr.prefix} or shorter, containing ${was})`));
      } else if (!rangeContains(entry.cidr.cidr, old.cidr.cidr)) {
        findings.push(invalid(entry.field, entry.text, `must contain the current range ${was}: the IPv4 service range may only grow`));
      }
    }
    // The first range is the primary Service family (K-SVCALLOC): swapping the entries would change it.
    const [firstBefore] = before;
    const [firstAfter] = after;
    if (firstBefore && firstAfter && before.length === 2 && after.length === 2
      && firstBefore.cidr.cidr.family !== firstAfter.cidr.cidr.family) {
      findings.push(invalid(firstAfter.field, firstAfter.text,
        `the first service range sets the primary Service family and can't change from ${firstBefore.cidr.cidr.family}`));
    }
    return findings;
  },
};

/** `1.32.0`, `1.32.100-gke.5` → [1, 32]; anything else is unknown. */
function minorVersionOf(version: unknown): [number, number] | undefined {
  if (typeof version !== 'string') return undefined;
  const match = /^v?(\d{1,4})\.(\d{1,4})(\.|$)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function before132(version: unknown): boolean {
  const parsed = minorVersionOf(version);
  if (!parsed) return false;
  const [major, minor] = parsed;
  return major < 1 || (major === 1 && minor < 32);
}

// C-22, D12 (REF, LB): a cluster created without loadBalancer.nodePoolSpec can't get one later, except in the 1.32+
// load-balancer split, which sets controlPlane.loadBalancer.mode: bundled at the same time.
export const loadBalancerNodePoolAdded: Rule<Cluster> = {
  id: 'C-22',
  check({ object, oldObject, operation }) {
    if (operation !== 'UPDATE' || !oldObject) return [];
    if (oldObject.spec?.loadBalancer?.nodePoolSpec !== undefined) return [];
    if (object.spec?.loadBalancer?.nodePoolSpec === undefined) return [];
    const split = object.spec?.controlPlane?.loadBalancer?.mode === 'bundled';
    if (split && !before132(object.spec?.anthosBareMetalVersion)) return [];
    return [forbidden('spec.loadBalancer.nodePoolSpec', split
      ? `the load-balancer split needs version 1.32 or later (anthosBareMetalVersion is ${String(object.spec?.anthosBareMetalVersion)})`
      : "can't be added to a cluster created without it, except with spec.controlPlane.loadBalancer.mode: bundled "
        + '(1.32+ load-balancer split)')];
  },
};

export const immutabilityRules: readonly Rule<Cluster>[] = [immutableFields, serviceRangeChanges, loadBalancerNodePoolAdded];
