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
