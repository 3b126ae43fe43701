/**
 * The shapes of the objects we police, as far as the rules read them. Inputs are untrusted: every object passes its
 * JSON Schema (schemas/) before a rule reads it, so these types hold for the fields the schemas cover.
 */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  generation?: number;
  resourceVersion?: string;
  uid?: string;
}

export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface NodeAddress {
  address?: string;
  k8sIP?: string;
}

export interface NodePoolSpecInline {
  nodes?: NodeAddress[];
  clusterName?: string;
}

export interface AddressPool {
  name?: string;
  addresses?: string[];
  avoidBuggyIPs?: boolean;
  manualAssign?: boolean;
}

export interface ClusterSpec {
  type?: 'admin' | 'user' | 'hybrid' | 'standalone';
  anthosBareMetalVersion?: string;
  controlPlane?: {
    nodePoolSpec?: NodePoolSpecInline;
    loadBalancer?: { mode?: 'bundled' | 'manual' };
  };
  clusterNetwork?: {
    pods?: { cidrBlocks?: string[] };
    services?: { cidrBlocks?: string[] };
    flatIPv4?: boolean;
    advancedNetworking?: boolean;
    multipleNetworkInterfaces?: boolean;
    forwardMode?: 'dsr' | 'snat';
  };
  loadBalancer?: {
    mode?: 'bundled' | 'manual';
    type?: 'layer2' | 'bgp';
    ports?: { controlPlaneLBPort?: number };
    vips?: { controlPlaneVIP?: string; ingressVIP?: string };
    addressPools?: AddressPool[];
    nodePoolSpec?: NodePoolSpecInline;
    bgpPeers?: { ip?: string; asn?: number; controlPlaneNodes?: string[] }[];
  };
  nodeConfig?: {
    podDensity?: { maxPodsPerNode?: number };
    registryMirrors?: unknown[];
  };
}

export interface Cluster extends KubernetesObject {
  spec?: ClusterSpec;
}

export interface NodePool extends KubernetesObject {
  spec?: NodePoolSpecInline;
}

export interface FamilyBlock {
  cidr?: string;
  perNodeMaskSize?: number;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
}

export interface ClusterCidrConfig extends KubernetesObject {
  spec?: {
    ipv4?: FamilyBlock;
    ipv6?: FamilyBlock;
    nodeSelector?: LabelSelector;
  };
}

export type IpFamilyPolicy = 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';

export interface Service extends KubernetesObject {
  spec?: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
    selector?: Record<string, string> | null;
    clusterIP?: string;
    clusterIPs?: string[];
    ipFamilies?: string[];
    ipFamilyPolicy?: string | null;
    loadBalancerIP?: string;
    externalName?: string;
    ports?: unknown[];
  };
  status?: { loadBalancer?: { ingress?: { ip?: string }[] } };
}

/** `networking.k8s.io/v1` ServiceCIDR: the cluster's service ranges, generated from the Cluster spec since 1.34. */
export interface ServiceCidr extends KubernetesObject {
  spec?: { cidrs?: string[] };
}

export const KINDS = {
  cluster: { group: 'baremetal.cluster.gke.io', version: 'v1', kind: 'Cluster' },
  nodePool: { group: 'baremetal.cluster.gke.io', version: 'v1', kind: 'NodePool' },
  clusterCidrConfig: { group: 'baremetal.cluster.gke.io', version: 'v1alpha1', kind: 'ClusterCIDRConfig' },
  service: { group: '', version: 'v1', kind: 'Service' },
  serviceCidr: { group: 'networking.k8s.io', version: 'v1', kind: 'ServiceCIDR' },
} as const;

export function nameOf(object: KubernetesObject | undefined): string {
  return object?.metadata?.name ?? '';
}

export function namespaceOf(object: KubernetesObject | undefined): string {
  return object?.metadata?.namespace ?? '';
}

/** A JSON object (not null, not an array): what every reader of untrusted input checks first. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The API group of an apiVersion: `group/version`, or `` for the core `v1`. */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
}
