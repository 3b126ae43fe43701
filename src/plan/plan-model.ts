import { type IpFamily, type IpRange } from '../net/index.js';
import { type Figure } from './figure.js';

/** Where a value of the plan was written: the object, its field, the document's file and first line. */
export interface Source {
  readonly kind: string;
  readonly name: string;
  readonly field: string;
  readonly file: string;
  readonly line: number;
}

export type RangeRole = 'pods' | 'cluster-cidr-config' | 'services' | 'load-balancer-pool' | 'node' | 'vip';

/** One range of the address plan, of one family. */
export interface PlannedRange {
  readonly family: IpFamily;
  readonly role: RangeRole;
  /** As written, canonical: `192.168.0.0/16`, `10.2.0.212-10.2.0.221`, `10.2.0.5`. */
  readonly value: string;
  readonly range: IpRange;
  readonly addresses: Figure;
  readonly source: Source;
  /** Pod ranges: the per-node block, its addresses and how many blocks the range holds. */
  readonly perNode?: { readonly maskSize: number; readonly addresses: Figure; readonly nodeBlocks: Figure };
  /** ClusterCIDRConfigs: the selector as text, `every node` for a catch-all. */
  readonly selector?: string;
  /** Service ranges: the ClusterIPs kube-apiserver hands out. */
  readonly usable?: Figure;
  /** LoadBalancer pool entries: the pool, addresses the VIPs take, those avoidBuggyIPs skips, and what is left. */
  readonly pool?: {
    readonly name: string;
    readonly takenBy: readonly string[];
    readonly avoided: bigint;
    readonly free: Figure;
  };
}

/** A count per family, the dual-stack count (the least) and the families that bind it. */
export interface FamilyCapacity {
  readonly perFamily: ReadonlyMap<IpFamily, Figure>;
  readonly dualStack: Figure | undefined;
  readonly binding: readonly IpFamily[];
}

/** Nodes one ClusterCIDRConfig can serve, per family, against the nodes its selector picks. */
export interface ConfigCapacity {
  readonly name: string;
  readonly selector: string;
  readonly nodes: FamilyCapacity;
  readonly served: number;
}

export interface Overlap {
  readonly family: IpFamily;
  readonly first: { readonly value: string; readonly source: Source };
  readonly second: { readonly value: string; readonly source: Source };
}

export interface ClusterPlan {
  readonly namespace: string;
  readonly name: string;
  readonly source: Source;
  readonly families: readonly IpFamily[];
  readonly ranges: readonly PlannedRange[];
  readonly capacity: {
    readonly nodes: FamilyCapacity;
    readonly configs: readonly ConfigCapacity[];
    readonly declaredNodes: number;
    /** `--nodes N`, else the declared nodes; headroom = effective − planned. */
    readonly plannedNodes: number;
    readonly headroom: Figure | undefined;
    readonly maxPodsPerNode: number;
    readonly pods: Figure | undefined;
    readonly recommendedMaxNodes: Figure;
    readonly services: FamilyCapacity;
    readonly loadBalancer: FamilyCapacity;
  };
  readonly overlaps: readonly Overlap[];
}
