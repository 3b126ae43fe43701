import { type Cluster, type ClusterCidrConfig, type IpFamilyPolicy, type NodePool, type ServiceCidr } from './objects.js';

/**
 * What the rules know about the cluster(s) beyond the object under review (docs/rules.md D9, X-7). It comes from a bmctl
 * cluster configuration file, from the documents given to `check`, or from the API (`serve --watch`).
 */
export interface ClusterFacts {
  readonly clusters: readonly Cluster[];
  readonly nodePools: readonly NodePool[];
  readonly clusterCidrConfigs: readonly ClusterCidrConfig[];
  readonly serviceCidrs: readonly ServiceCidr[];
  /**
   * True when every document of the configuration is visible at once (the offline `check` of a whole bmctl file):
   * then deny instead of warning (D15).
   */
  readonly complete: boolean;
  /** Kinds whose facts could not be loaded (a missing CRD in watch mode); rules needing them fall back as D9 says. */
  readonly unavailable: readonly string[];
}

export const NO_FACTS: ClusterFacts = {
  clusters: [],
  nodePools: [],
  clusterCidrConfigs: [],
  serviceCidrs: [],
  complete: false,
  unavailable: [],
};

/** `--cluster NS/NAME` (D18). */
export interface ClusterChoice {
  readonly namespace: string;
  readonly name: string;
}

/** Operator choices (the command-line options: docs/webhook.md, docs/check.md). */
export interface Settings {
  /** D18: the Cluster whose Services are judged when the facts hold several. */
  readonly cluster?: ClusterChoice | undefined;
  /** D16: policy for Services that leave `ipFamilyPolicy` unset on a dual-stack cluster; undefined = as Kubernetes. */
  readonly defaultIpFamilyPolicy?: Exclude<IpFamilyPolicy, 'SingleStack'> | undefined;
  /** C-9: largest number of host bits in an IPv6 service range; 0 turns the check off. */
  readonly maxServiceHostBits: number;
  /**
   * D19: on UPDATE of a Cluster, NodePool or ClusterCIDRConfig, a cause the old object already had at an unchanged
   * value is a warning, not a denial (`--allow-existing-violations`); false judges every UPDATE in full.
   */
  readonly allowExistingViolations: boolean;
}

export const DEFAULT_SETTINGS: Settings = { maxServiceHostBits: 20, allowExistingViolations: true };
