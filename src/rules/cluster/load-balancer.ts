import {
  type IpAddress, type IpFamily, cidrOf, formatIp, parseIp, parsePoolEntry, rangeContains, rangesOverlap,
} from '../../net/index.js';
import { type LocatedPoolEntry, isDualStack, poolEntriesOf } from '../cluster-view.js';
import { duplicate, forbidden, invalid, required } from '../field-errors.js';
import { type AddressPool, type Cluster } from '../objects.js';
import { type Finding, type Rule, warn } from '../rule.js';
import {
  CONTROL_PLANE_VIP, INGRESS_VIP, POOLS, controlPlaneNodesOf, isAdminCluster, isUserCluster, loadBalancerNodesOf,
  loadBalancerTypeOf,
} from './cluster-fields.js';
import { sameJson } from '../same-json.js';
import { poolEntryKey } from './values.js';

function poolsOf(cluster: Cluster | undefined): readonly AddressPool[] {
  return cluster?.spec?.loadBalancer?.addressPools ?? [];
}

function isBundled(cluster: Cluster): boolean {
  return cluster.spec?.loadBalancer?.mode === 'bundled';
}

const IPV4_ONLY = 'must be an IPv4 address';

// C-25 (REF): a manual control-plane load balancer needs a manual load balancer. D0 names the control-plane field.
export const controlPlaneModeMatches: Rule<Cluster> = {
  id: 'C-25',
  check({ object }) {
    const mode = object.spec?.loadBalancer?.mode;
    if (object.spec?.controlPlane?.loadBalancer?.mode !== 'manual' || mode === 'manual') return [];
    return [invalid('spec.controlPlane.loadBalancer.mode', 'manual', `requires spec.loadBalancer.mode: manual (it is ${String(mode)})`)];
  },
};

// C-26 (REF, UPD): BGP load balancing is an advanced-networking feature; BGP peers are IPv4.
export const bgpNeedsAdvancedNetworking: Rule<Cluster> = {
  id: 'C-26',
  check({ object }) {
    const findings: Finding[] = [];
    if (loadBalancerTypeOf(object) === 'bgp' && object.spec?.clusterNetwork?.advancedNetworking !== true) {
      findings.push(invalid('spec.loadBalancer.type', 'bgp', 'requires spec.clusterNetwork.advancedNetworking: true'));
    }
    (object.spec?.loadBalancer?.bgpPeers ?? []).forEach((peer, index) => {
      const field = `spec.loadBalancer.bgpPeers[${index}].ip`;
      if (peer.ip === undefined) {
        findings.push(required(field));
        return;
      }
      const address = parseIp(peer.ip);
      if (!address.ok) findings.push(invalid(field, peer.ip, address.reason));
      else if (address.value.family !== 'IPv4') findings.push(invalid(field, peer.ip, IPV4_ONLY));
    });
    return findings;
  },
};

// C-27 (REF, MLB): address pools belong to bundled mode in non-admin clusters.
export const poolsOnlyWhenBundled: Rule<Cluster> = {
  id: 'C-27',
  check({ object }) {
    if (poolsOf(object).length === 0) return [];
    if (!isBundled(object)) return [forbidden(POOLS, 'only valid with spec.loadBalancer.mode: bundled; remove it in manual mode')];
    if (isAdminCluster(object)) return [forbidden(POOLS, 'not allowed in admin clusters')];
    return [];
  },
};

// Sorted sweep: each entry is compared with the widest-reaching earlier entry of its family, O(n log n). The sort
// orders positions, so each entry keeps its place in the list for "earlier" and "later".
function poolOverlaps(entries: readonly LocatedPoolEntry[]): Finding[] {
  const rangeAt = (position: number) => entries[position]!.value.range;
  const positions = entries.map((_entry, position) => position).sort((a, b) => {
    const [left, right] = [rangeAt(a), rangeAt(b)];
    if (left.family !== right.family) return left.family < right.family ? -1 : 1;
    return left.first < right.first ? -1 : left.first > right.first ? 1 : a - b;
  });
  const findings: Finding[] = [];
  let reach: number | undefined;
  for (const position of positions) {
    if (reach !== undefined && rangesOverlap(rangeAt(reach), rangeAt(position))) {
      const [earlier, later] = reach < position ? [entries[reach]!, entries[position]!] : [entries[position]!, entries[reach]!];
      findings.push(invalid(later.field, later.value.canonical, `overlaps ${earlier.field} (${earlier.value.canonical}): `
        + 'address pool ranges must not overlap'));
    }
    if (reach === undefined || rangeAt(reach).family !== rangeAt(position).family || rangeAt(position).last > rangeAt(reach).last) {
      reach = position;
    }
  }
  return findings;
}

// C-28 (LB, OPAPI): a pool has a unique name and addresses written as a CIDR or `a-b`; ranges never overlap
// (inferred: also across pools, since one address can't be handed out by two pools).
export const poolEntriesWellFormed: Rule<Cluster> = {
  id: 'C-28',
  check({ object }) {
    const findings: Finding[] = [];
    const names = new Set<string>();
    poolsOf(object).forEach((pool, index) => {
      const field = `${POOLS}[${index}]`;
      if (!pool.name) findings.push(required(`${field}.name`));
      else if (names.has(pool.name)) findings.push(duplicate(`${field}.name`, pool.name));
      else names.add(pool.name);
      if (!pool.addresses || pool.addresses.length === 0) findings.push(required(`${field}.addresses`));
      (pool.addresses ?? []).forEach((text, entry) => {
        const parsed = parsePoolEntry(text);
        if (!parsed.ok) findings.push(invalid(`${field}.addresses[${entry}]`, text, parsed.reason));
      });
    });
    return [...findings, ...poolOverlaps(poolEntriesOf(object))];
  },
};

const MUTABLE_POOL_FIELDS = new Set(['name', 'avoidBuggyIPs', 'manualAssign']);

function sortedEntries(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map(poolEntryKey).map((key) => JSON.stringify(key)).sort();
}

// C-29, D7 (REF, LB): pools may be added; an existing pool stays, and only avoidBuggyIPs and manualAssign change.
export const existingPoolsKept: Rule<Cluster> = {
  id: 'C-29',
  check({ object, oldObject, operation }) {
    if (operation !== 'UPDATE' || !oldObject) return [];
    const findings: Finding[] = [];
    const pools = poolsOf(object);
    for (const old of poolsOf(oldObject)) {
      if (typeof old?.name !== 'string' || old.name === '') continue;
      const index = pools.findIndex((pool) => pool.name === old.name);
      if (index < 0) {
        findings.push(forbidden(POOLS, `existing pool "${old.name}" can't be removed or renamed`));
        continue;
      }
      const pool = pools[index] as Record<string, unknown>;
      const before = old as Record<string, unknown>;
      for (const key of new Set([...Object.keys(before), ...Object.keys(pool)])) {
        if (MUTABLE_POOL_FIELDS.has(key)) continue;
        const same = key === 'addresses'
          ? sameJson(sortedEntries(before[key]), sortedEntries(pool[key]))
          : sameJson(before[key], pool[key]);
        if (!same) {
          findings.push(invalid(`${POOLS}[${index}].${key}`, pool[key] ?? null,
            "can't change on an existing pool: only avoidBuggyIPs and manualAssign may change"));
        }
      }
    }
    return findings;
  },
};

function poolFamilies(entries: readonly LocatedPoolEntry[]): Set<IpFamily> {
  return new Set(entries.map((entry) => entry.value.range.family));
}

function hasUnreadableEntry(cluster: Cluster): boolean {
  return poolsOf(cluster).some((pool) => (pool.addresses ?? []).some((text) => !parsePoolEntry(text).ok));
}

// C-31 (seed doc): with bundled load balancing, a dual-stack cluster lists IPv4 and IPv6 pool addresses.
export const dualStackPools: Rule<Cluster> = {
  id: 'C-31',
  check({ object }) {
    if (!isDualStack(object) || !isBundled(object) || isAdminCluster(object) || hasUnreadableEntry(object)) return [];
    const families = poolFamilies(poolEntriesOf(object));
    const missing = (['IPv4', 'IPv6'] as const).filter((family) => !families.has(family));
    if (missing.length === 0) return [];
    return [required(POOLS, `must include ${missing.join(' and ')} addresses: a dual-stack cluster with bundled `
      + 'load balancing needs pool addresses of both families')];
  },
};

// C-32 (LB, OPAPI): avoidBuggyIPs skips IPv4 .0 and .255 only.
export const avoidBuggyIpsOnIpv6: Rule<Cluster> = {
  id: 'C-32',
  check({ object }) {
    const entries = poolEntriesOf(object);
    return poolsOf(object).flatMap((pool, index) => {
      if (pool.avoidBuggyIPs !== true) return [];
      const families = poolFamilies(entries.filter((entry) => entry.poolIndex === index));
      if (families.size !== 1 || !families.has('IPv6')) return [];
      return [warn(`pool "${pool.name ?? index}": avoidBuggyIPs only skips IPv4 .0/.255 addresses; it does nothing `
        + 'in this IPv6-only pool')];
    });
  },
};

// C-33 (REF, LB): manualAssign pools are used only for IPs asked for explicitly (C-30: manualAssign defaults false).
export const ipv6PoolsAllManual: Rule<Cluster> = {
  id: 'C-33',
  check({ object }) {
    if (!isDualStack(object) || !isBundled(object)) return [];
    const ipv6 = poolEntriesOf(object).filter((entry) => entry.value.range.family === 'IPv6');
    if (ipv6.length === 0 || !ipv6.every((entry) => entry.pool.manualAssign === true)) return [];
    return [warn('every IPv6 pool is manualAssign: dual-stack LoadBalancer Services get no IPv6 address automatically')];
  },
};

function poolHolding(entries: readonly LocatedPoolEntry[], address: IpAddress): LocatedPoolEntry | undefined {
  return entries.find((entry) => rangeContains(entry.value.range, address));
}

// C-34 (REF, LB): every cluster has a control-plane VIP, and it is not handed out by a pool.
export const controlPlaneVipOutsidePools: Rule<Cluster> = {
  id: 'C-34',
  check({ object }) {
    const text = object.spec?.loadBalancer?.vips?.controlPlaneVIP;
    if (text === undefined) return [required(CONTROL_PLANE_VIP)];
    const address = parseIp(text);
    if (!address.ok) return [invalid(CONTROL_PLANE_VIP, text, address.reason)];
    const pool = poolHolding(poolEntriesOf(object), address.value);
    if (!pool) return [];
    return [invalid(CONTROL_PLANE_VIP, text, `must not be inside address pool "${String(pool.pool.name)}" `
      + `(${pool.field}: ${pool.value.canonical})`)];
  },
};

// C-35 (REF, LB): the ingress VIP is IPv4, absent from admin clusters, and in bundled mode inside an address pool.
export const ingressVipPlacement: Rule<Cluster> = {
  id: 'C-35',
  check({ object }) {
    const text = object.spec?.loadBalancer?.vips?.ingressVIP;
    if (text === undefined) return [];
    if (isAdminCluster(object)) return [forbidden(INGRESS_VIP, 'not allowed in admin clusters')];
    const address = parseIp(text);
    if (!address.ok) return [invalid(INGRESS_VIP, text, address.reason)];
    if (address.value.family !== 'IPv4') return [invalid(INGRESS_VIP, text, IPV4_ONLY)];
    if (!isBundled(object) || poolHolding(poolEntriesOf(object), address.value)) return [];
    return [invalid(INGRESS_VIP, text, `must be inside one of ${POOLS} in bundled mode`)];
  },
};

// C-36 (MLB): with manual load balancing, user clusters need both VIPs, in "any IPv4 subnet routable from the load balancer".
export const manualModeVips: Rule<Cluster> = {
  id: 'C-36',
  check({ object }) {
    if (object.spec?.loadBalancer?.mode !== 'manual' || !isUserCluster(object)) return [];
    const findings: Finding[] = [];
    if (object.spec.loadBalancer.vips?.ingressVIP === undefined) {
      findings.push(required(INGRESS_VIP, 'a user cluster with manual load balancing needs an ingress VIP'));
    }
    const controlPlaneVip = parseIp(object.spec.loadBalancer.vips?.controlPlaneVIP);
    if (controlPlaneVip.ok && controlPlaneVip.value.family !== 'IPv4') {
      findings.push(invalid(CONTROL_PLANE_VIP, object.spec.loadBalancer.vips?.controlPlaneVIP,
        `${IPV4_ONLY} in manual mode (an IPv4 subnet routable from the load balancer)`));
    }
    return findings;
  },
};

/**
 * C-37 (NET, LB), heuristic: bundled layer 2 VIPs and pools sit in the load-balancer nodes' L2 subnet. The spec has
 * no subnet masks, so we only flag IPv4 VIPs and pool ranges that share not even a /16 with any load-balancer node
 * (the load-balancer node pool, or the control plane when there is none).
 */
const SAME_SUBNET_HINT = 16;

export const layer2AddressesNearNodes: Rule<Cluster> = {
  id: 'C-37',
  check({ object }) {
    if (!isBundled(object) || loadBalancerTypeOf(object) !== 'layer2') return [];
    const nodes = loadBalancerNodesOf(object).length > 0 ? loadBalancerNodesOf(object) : controlPlaneNodesOf(object);
    const subnets = nodes.flatMap((node) => {
      const address = parseIp(node.k8sIP ?? node.address);
      return address.ok && address.value.family === 'IPv4' ? [cidrOf(address.value, SAME_SUBNET_HINT)] : [];
    });
    if (subnets.length === 0) return [];
    const near = (address: IpAddress) => subnets.some((subnet) => rangeContains(subnet, address));
    const far: string[] = [];
    for (const key of ['controlPlaneVIP', 'ingressVIP'] as const) {
      const address = parseIp(object.spec?.loadBalancer?.vips?.[key]);
      if (address.ok && address.value.family === 'IPv4' && !near(address.value)) far.push(`${key} ${formatIp(address.value)}`);
    }
    for (const entry of poolEntriesOf(object)) {
      const first = { family: entry.value.range.family, value: entry.value.range.first };
      if (first.family === 'IPv4' && !near(first)) far.push(`pool ${entry.value.canonical}`);
    }
    if (far.length === 0) return [];
    return [warn(`${far[0]}${far.length > 1 ? ` (+${far.length - 1} more)` : ''} shares no /16 with the load-balancer `
      + 'nodes; layer 2 needs their subnet')];
  },
};

export const loadBalancerRules: readonly Rule<Cluster>[] = [
  controlPlaneModeMatches, bgpNeedsAdvancedNetworking, poolsOnlyWhenBundled, poolEntriesWellFormed, existingPoolsKept,
  dualStackPools, avoidBuggyIpsOnIpv6, ipv6PoolsAllManual, controlPlaneVipOutsidePools, ingressVipPlacement,
  manualModeVips, layer2AddressesNearNodes,
];
