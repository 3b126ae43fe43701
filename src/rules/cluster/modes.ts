import { isDualStack, isFlatIpv4 } from '../cluster-view.js';
import { forbidden, required } from '../field-errors.js';
import { type Cluster, namespaceOf } from '../objects.js';
import { type Rule, warn } from '../rule.js';
import { PODS, isAdminCluster } from './cluster-fields.js';

// C-40 (seed doc, REF): IPv6 is always flat; IPv4 is island unless flatIPv4 is true (default false, see isFlatIpv4).

function hasPodRanges(cluster: Cluster): boolean {
  return (cluster.spec?.clusterNetwork?.pods?.cidrBlocks ?? []).length > 0;
}

// C-41 (FBGP, CCC): with flat IPv4, pods.cidrBlocks "is ignored and can be omitted"; ClusterCIDRConfigs (X-3) rule.
export const flatModeIgnoresPodRanges: Rule<Cluster> = {
  id: 'C-41',
  check({ object }) {
    if (!isFlatIpv4(object) || !hasPodRanges(object)) return [];
    return [warn('pods.cidrBlocks is ignored with flatIPv4: true; pod ranges come from ClusterCIDRConfigs')];
  },
};

// C-42 (CCC): island mode uses pods.cidrBlocks as the native routing CIDR.
export const islandModeNeedsPodRange: Rule<Cluster> = {
  id: 'C-42',
  check({ object }) {
    if (isFlatIpv4(object) || hasPodRanges(object)) return [];
    return [required(PODS, 'island mode (flatIPv4 unset or false) uses it as the native routing CIDR')];
  },
};

// C-43 (FBGP): flat IPv4 with advanced networking is the BGP flat mode, which needs objects of kinds we don't see.
export const flatBgpCompanions: Rule<Cluster> = {
  id: 'C-43',
  check({ object, operation }) {
    if (operation !== 'CREATE' || !isFlatIpv4(object) || object.spec?.clusterNetwork?.advancedNetworking !== true) return [];
    return [warn(`flat BGP mode needs NetworkGatewayGroup and FlatIPMode "default" and BGPPeers in ${namespaceOf(object) || 'the cluster namespace'}`)];
  },
};

// C-44 (MNIC): multi-NIC pods are not allowed in admin clusters.
export const noMultiNicInAdmin: Rule<Cluster> = {
  id: 'C-44',
  check({ object }) {
    if (!isAdminCluster(object) || object.spec?.clusterNetwork?.multipleNetworkInterfaces !== true) return [];
    return [forbidden('spec.clusterNetwork.multipleNetworkInterfaces', 'not allowed for admin clusters')];
  },
};

/**
 * C-45 (TOOLS): GKE On-Prem API clients (console, gcloud, Terraform) don't support dual-stack or flat IPv4. A Cluster
 * managed by that API carries an `onprem.cluster.gke.io/*-cluster-resource-link` annotation (seen on enrolled clusters
 * and in Terraform's ignore_changes lists for google_gkeonprem_bare_metal_cluster); that is the only signal we have.
 */
const ONPREM_API_ANNOTATIONS = [
  'onprem.cluster.gke.io/user-cluster-resource-link',
  'onprem.cluster.gke.io/admin-cluster-resource-link',
];

export const onPremApiUnsupported: Rule<Cluster> = {
  id: 'C-45',
  check({ object }) {
    const annotations = object.metadata?.annotations ?? {};
    if (!ONPREM_API_ANNOTATIONS.some((key) => key in annotations)) return [];
    if (!isDualStack(object) && !isFlatIpv4(object)) return [];
    return [warn('GKE On-Prem API clients (console, gcloud, Terraform) do not support dual-stack or flat IPv4; use bmctl')];
  },
};

export const modeRules: readonly Rule<Cluster>[] = [
  flatModeIgnoresPodRanges, islandModeNeedsPodRange, flatBgpCompanions, noMultiNicInAdmin, onPremApiUnsupported,
];
