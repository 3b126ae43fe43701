// Generated from docs/rules.md by scripts/rule-catalog.ts; do not edit by hand.
import { type CatalogRuleRow, type CatalogSource } from './rule-catalog-types.js';

export const CATALOG_SOURCES: Readonly<Record<string, CatalogSource>> = {
  "REF": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/reference/cluster-config-ref",
    "title": "Google's Cluster field reference: each field, whether it is required and whether it may change."
  },
  "NET": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/concepts/network-reqs",
    "title": "Network requirements: pod and service range sizes, what may not overlap, the max-pods table."
  },
  "DS": {
    "url": "https://cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/how-to/dual-stack-networking",
    "title": "The dual-stack how-to: the baseline rules of a dual-stack cluster."
  },
  "CCC": {
    "url": "https://cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/reference/cluster-cidr-config",
    "title": "The ClusterCIDRConfig page, with its table of network modes."
  },
  "FLAT": {
    "url": "https://cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/how-to/flat-network",
    "title": "Static flat IPv4 mode."
  },
  "FBGP": {
    "url": "https://cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/how-to/flat-bgp-network",
    "title": "Flat mode with BGP (dynamic flat IP)."
  },
  "LB": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/installing/bundled-lb",
    "title": "The bundled load balancer (MetalLB): address pools and VIPs."
  },
  "MLB": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/installing/manual-lb",
    "title": "The manual load balancer."
  },
  "UPD": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/how-to/update-clusters",
    "title": "Updating clusters: growing the service range; ServiceCIDR objects from 1.34 on."
  },
  "LIM": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/limits",
    "title": "Limits, among them 15,000 pods per user cluster."
  },
  "TOOLS": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/installing/cluster-lifecycle-management-tools",
    "title": "The GKE On-Prem API clients (console, gcloud, Terraform) do not support dual-stack or flat IPv4."
  },
  "MNIC": {
    "url": "https://cloud.google.com/anthos/clusters/docs/bare-metal/latest/how-to/multi-nic",
    "title": "Multiple network interfaces: not for admin clusters."
  },
  "OPAPI": {
    "url": "https://googleapis.dev/dotnet/Google.Apis.GKEOnPrem.v1/latest/api/Google.Apis.GKEOnPrem.v1.Data.BareMetalLoadBalancerAddressPool.html",
    "title": "The GKE On-Prem API's field documentation."
  },
  "K-APISRV": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/cmd/kube-apiserver/app/options/validation.go",
    "title": "How kube-apiserver checks the size of its service ranges."
  },
  "K-FG": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/features/kube_features.go",
    "title": "The `DisableAllocatorDualWrite` gate: alpha 1.31, beta 1.33 (off), GA 1.34 (on), locked on in 1.35."
  },
  "K-CIDRSET": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/cidrset/cidr_set.go",
    "title": "The node allocator's `clusterSubnetMaxDiff = 16`, applied to IPv6 only."
  },
  "K-IPAM": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/node_ipam_controller.go",
    "title": "The node IPAM controller: the cluster CIDR's mask must not be longer than the per-node mask of its family."
  },
  "K-ADM": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/apis/kubeadm/validation/validation.go",
    "title": "kubeadm: `MaximumBitsForServiceSubnet=20`, `PodSubnetNodeMaskMaxDiff=16` for both families, node masks /24 and /64 by default."
  },
  "K-SVCVAL": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go",
    "title": "How a Service's family fields are validated."
  },
  "K-SVCALLOC": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/storage/alloc.go",
    "title": "How a Service's family fields are defaulted and checked against the cluster's ranges."
  },
  "K-STORE": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go",
    "title": "The order of a create: defaulting and IP allocation, then validation, then validating admission."
  },
  "K-SCIDR": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/networking/validation/validation_test.go",
    "title": "The ServiceCIDR API refuses non-canonical CIDRs and more than two CIDRs."
  },
  "K-CCC": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/networking/validation/validation.go",
    "title": "The upstream alpha ClusterCIDRConfig, the same shape as Google's (`ipv4`/`ipv6` with `cidr` and `perNodeMaskSize`, `nodeSelector`)."
  },
  "K-CC": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/multi_cidr_range_allocator.go",
    "title": "The later upstream `ClusterCIDR` allocator: its limits and how it picks among matching configs."
  },
  "KEP2593": {
    "url": "https://github.com/kubernetes/enhancements/blob/master/keps/sig-network/2593-multiple-cluster-cidrs",
    "title": "The design of multiple cluster CIDRs: behaviour, finalizer, immutability."
  }
};

export const CATALOG_RULES: readonly CatalogRuleRow[] = [
  {
    "id": "C-1",
    "rule": "A cluster is dual-stack exactly when `services.cidrBlocks` holds one IPv4 and one IPv6 range. Other rules use this; it refuses nothing itself.",
    "basis": "explicit",
    "response": "none (classification)",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "C-2",
    "rule": "`services.cidrBlocks` has one or two ranges, and two ranges are of different families. The messages are kube-apiserver's for its own flag (\"must not contain more than two entries\", \"[0] and [1] must be of different IP family\").",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-APISRV"
    ]
  },
  {
    "id": "C-3",
    "rule": "`services.cidrBlocks` includes an IPv4 range: there are no IPv6-only clusters. REF calls the field a range of IPv4 addresses, and DS knows only IPv4-only and dual-stack clusters.",
    "basis": "inferred",
    "response": "deny",
    "sources": [
      "REF",
      "DS"
    ]
  },
  {
    "id": "C-4",
    "rule": "The IPv4 range should come first. The first service range is the cluster's primary Service family, every documented example lists IPv4 first, and pods are IPv4-primary.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "K-SVCALLOC",
      "DS"
    ]
  },
  {
    "id": "C-5",
    "rule": "`pods.cidrBlocks` holds one IPv4 range and nothing else; a dual-stack cluster's IPv6 pod range is declared in a ClusterCIDRConfig.",
    "basis": "explicit / inferred (count)",
    "response": "deny",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "C-6",
    "rule": "Dual-stack is chosen when the cluster is created: an UPDATE may not change the families of `services.cidrBlocks`, neither add IPv6 nor drop it.",
    "basis": "explicit (add) / inferred (drop)",
    "response": "deny",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "C-7",
    "rule": "The IPv4 pod range is between **/8 and /18**, both included (16,384 to 16,777,216 addresses). The documentation's example uses /16.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "C-8",
    "rule": "The IPv4 service range is between **/12 and /24**, both included (256 to 1,048,576 addresses). The documentation's example uses /20.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "C-9",
    "rule": "The IPv6 service range has at most 20 host bits, so its prefix is **/108 or longer**: Google gives no limit, but kube-apiserver refuses wider ranges (\"for 128-bit addresses, the mask must be >= 108\") unless both `MultiCIDRServiceAllocator` and `DisableAllocatorDualWrite` are on (the default from Kubernetes 1.34), and kubeadm has the same 20-bit limit. The limit is a setting, /108 by default (D4).",
    "basis": "upstream",
    "response": "deny (configurable)",
    "sources": [
      "K-APISRV",
      "K-FG",
      "K-ADM"
    ]
  },
  {
    "id": "C-10",
    "rule": "An IPv6 service range with fewer than 256 addresses (a prefix longer than /120) is suspiciously small; no source gives a minimum, so this mirrors the IPv4 /24 minimum.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "C-11",
    "rule": "`nodeConfig.podDensity.maxPodsPerNode` is 32 to 250 on user clusters and on HA self-managed clusters (admin, hybrid, standalone), **64 to 250** on a self-managed cluster that is not HA; unset means **110**.",
    "basis": "explicit",
    "response": "deny out of range; default 110",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "C-12",
    "rule": "Each node's IPv4 pod block follows from the max pods: up to 32 pods get a /26 (64 addresses), 33 to 64 a /25, 65 to 128 a /24, 129 to 250 a /23. With 250 pods and a /16 pod range that makes 2^(23−16) = 128 nodes at most.",
    "basis": "explicit",
    "response": "none (used by C-13, R-9)",
    "sources": [
      "NET"
    ]
  },
  {
    "id": "C-13",
    "rule": "In IPv4 island mode, the control-plane, load-balancer and NodePool nodes together fit into the pod range: at most 2^(node block prefix − pod range prefix) nodes.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "NET"
    ]
  },
  {
    "id": "C-14",
    "rule": "A user cluster should run at most 15,000 pods (maxPodsPerNode × nodes).",
    "basis": "explicit (recommendation)",
    "response": "warn",
    "sources": [
      "LIM"
    ]
  },
  {
    "id": "C-15",
    "rule": "The IPv4 pod and service ranges should be private (RFC 1918) space.",
    "basis": "explicit (recommendation)",
    "response": "warn",
    "sources": [
      "NET",
      "OPAPI"
    ]
  },
  {
    "id": "C-16",
    "rule": "Every CIDR is written canonically: no host bits (`10.96.0.0/12`, not `10.96.0.1/12`), IPv6 in lower case and compressed, IPv4 octets without leading zeros. From 1.34 GDC turns the Cluster's ranges into ServiceCIDR objects (UPD), and that API refuses anything else. The message names the canonical form (D5).",
    "basis": "upstream / inferred",
    "response": "deny, naming the canonical form (D5)",
    "sources": [
      "K-SCIDR",
      "UPD"
    ]
  },
  {
    "id": "C-17",
    "rule": "The pod and service ranges do not contain node addresses, VIPs (control plane and load balancer) or load-balancer pool addresses; Google's preflight checks block creation and upgrades on such an overlap. DNS and NTP servers must stay outside too, but the Cluster does not name them.",
    "basis": "explicit",
    "response": "deny (what the spec shows; DNS/NTP are not in it)",
    "sources": [
      "NET"
    ]
  },
  {
    "id": "C-18",
    "rule": "The pod range and the service range do not overlap: the node allocator reserves the service range inside the cluster CIDR, and upstream's own test of a service range inside the cluster CIDR runs out of node blocks.",
    "basis": "inferred",
    "response": "deny",
    "sources": [
      "K-IPAM",
      "NET"
    ]
  },
  {
    "id": "C-19",
    "rule": "Pod addresses that are also used outside the cluster cannot be reached from pods (the island is NATed). The only outside addresses a Cluster names are its BGP peers.",
    "basis": "explicit",
    "response": "warn (informational)",
    "sources": [
      "NET"
    ]
  },
  {
    "id": "C-20",
    "rule": "These fields keep their value once the Cluster exists: `clusterNetwork.pods.cidrBlocks`, `flatIPv4` (flat mode is chosen at creation and cannot be turned off), `advancedNetworking`, `multipleNetworkInterfaces`, `forwardMode` (`dsr` or `snat`, SNAT when unset), `nodeConfig.podDensity` and its `maxPodsPerNode`, `loadBalancer.mode`, `loadBalancer.type`, `loadBalancer.ports.controlPlaneLBPort`, `loadBalancer.vips.controlPlaneVIP`, `loadBalancer.vips.ingressVIP`, `controlPlane.loadBalancer.mode` once it is set (setting it the first time belongs to the 1.32+ load-balancer split, C-22 and D12), the `k8sIP` of each control-plane and load-balancer node, and `type`. `anthosBareMetalVersion` changes only with an upgrade, which edits the spec as well, so it is not blocked.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "C-21",
    "rule": "Since 1.15 the IPv4 service range may grow but not shrink or move: the new IPv4 range contains the old one. The IPv6 service range is not documented as mutable, so it stays as it is (D6).",
    "basis": "explicit (IPv4) / inferred (containment, IPv6)",
    "response": "deny",
    "sources": [
      "REF",
      "NET",
      "UPD",
      "OPAPI"
    ]
  },
  {
    "id": "C-22",
    "rule": "`loadBalancer.nodePoolSpec` cannot be added to a Cluster created without it, except together with `controlPlane.loadBalancer.mode: bundled` on 1.32+ clusters, the documented way to split the load-balancer roles (D12).",
    "basis": "explicit",
    "response": "deny (unless the 1.32+ split pattern)",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-23",
    "rule": "Fields the cluster operator fills in itself (such as `nodeConfig.registryMirrors`) are never compared: only the fields of C-6, C-20, C-21, C-22 and C-29 are.",
    "basis": "explicit (behaviour)",
    "response": "none (implementation note)",
    "sources": [
      "UPD"
    ]
  },
  {
    "id": "C-24",
    "rule": "`loadBalancer.mode` is required and is `bundled` or `manual`; `loadBalancer.type` is `layer2` or `bgp`, `layer2` when unset.",
    "basis": "explicit",
    "response": "deny; default `type: layer2`",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "C-25",
    "rule": "`controlPlane.loadBalancer.mode` is `bundled` or `manual`, and `manual` there needs `loadBalancer.mode: manual`.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "C-26",
    "rule": "`loadBalancer.type: bgp` needs `clusterNetwork.advancedNetworking: true` (the BGP load balancer is an advanced-networking feature), and each `bgpPeers[].ip` is IPv4.",
    "basis": "inferred / explicit (IPv4)",
    "response": "deny",
    "sources": [
      "REF",
      "UPD"
    ]
  },
  {
    "id": "C-27",
    "rule": "`addressPools` belongs to `mode: bundled` on clusters other than admin clusters; a manual load balancer has none.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "MLB"
    ]
  },
  {
    "id": "C-28",
    "rule": "Each pool has a `name`, which never changes, and `addresses`, each a CIDR or a range `first-last` with no spaces around the dash. Both ends of a range are of one family and the first is not after the last. No two entries overlap, in one pool or across pools.",
    "basis": "explicit / inferred (family, order, cross-pool)",
    "response": "deny",
    "sources": [
      "LB",
      "OPAPI"
    ]
  },
  {
    "id": "C-29",
    "rule": "Pools may be added, but an existing pool may not be removed, and only its `avoidBuggyIPs` and `manualAssign` may change (1.16 and later; D7).",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-30",
    "rule": "`avoidBuggyIPs` and `manualAssign` are false when unset.",
    "basis": "explicit",
    "response": "default",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-31",
    "rule": "A dual-stack cluster with the bundled load balancer has IPv4 and IPv6 addresses in its pools (admin clusters have no pools, so not there).",
    "basis": "explicit / inferred (admin)",
    "response": "deny",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "C-32",
    "rule": "`avoidBuggyIPs` skips IPv4 `.0` and `.255` addresses only; on a pool with IPv6 addresses alone it does nothing.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "LB",
      "OPAPI"
    ]
  },
  {
    "id": "C-33",
    "rule": "When every IPv6 pool address is in a `manualAssign: true` pool, dual-stack LoadBalancer Services get no IPv6 address on their own.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-34",
    "rule": "`controlPlaneVIP` is required and lies outside every address pool.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-35",
    "rule": "`ingressVIP` is IPv4, is not set in an admin cluster, and with the bundled load balancer lies inside an address pool.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-36",
    "rule": "With the manual load balancer, a user cluster still needs both a control-plane VIP and an ingress VIP, in an IPv4 subnet the load balancer can route to.",
    "basis": "explicit",
    "response": "deny if missing",
    "sources": [
      "MLB"
    ]
  },
  {
    "id": "C-37",
    "rule": "With the bundled layer-2 load balancer, VIPs and pool addresses sit in the subnet of the load-balancer and control-plane nodes. The spec has no subnet, so this is a guess from the node addresses.",
    "basis": "explicit",
    "response": "warn (heuristic)",
    "sources": [
      "NET",
      "LB"
    ]
  },
  {
    "id": "C-38",
    "rule": "The `address` and `k8sIP` of every control-plane, load-balancer and NodePool node is IPv4, in dual-stack clusters too: a node's IPv6 address comes from the host.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "C-39",
    "rule": "A node address belongs to one node pool only; overlapping node addresses block cluster creation.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-40",
    "rule": "IPv6 pod addressing is always flat; IPv4 is island mode unless `flatIPv4: true` (false when unset).",
    "basis": "explicit",
    "response": "default `flatIPv4: false`",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "C-41",
    "rule": "With `flatIPv4: true`, `pods.cidrBlocks` is ignored and may be left out; the IPv4 pod ranges come from ClusterCIDRConfigs (X-3).",
    "basis": "explicit",
    "response": "warn if pods set; deny if no ClusterCIDRConfig (X-3)",
    "sources": [
      "FBGP",
      "CCC"
    ]
  },
  {
    "id": "C-42",
    "rule": "In island mode (`flatIPv4` false) `pods.cidrBlocks` is required: it is the native routing CIDR.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "CCC"
    ]
  },
  {
    "id": "C-43",
    "rule": "Flat mode with BGP needs `advancedNetworking: true` and, in the cluster namespace, a `NetworkGatewayGroup` and a `FlatIPMode` both named `default` and the `BGPPeer`s; it is chosen at creation. The documentation's variant is \"IPv4 island, IPv6 dynamic flat IP\". The webhook does not police those other kinds.",
    "basis": "explicit",
    "response": "warn (other kinds are out of scope)",
    "sources": [
      "FBGP"
    ]
  },
  {
    "id": "C-44",
    "rule": "`multipleNetworkInterfaces: true` is not allowed on `type: admin`.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "MNIC"
    ]
  },
  {
    "id": "C-45",
    "rule": "Dual-stack and flat IPv4 clusters cannot be managed with the GKE On-Prem API clients (console, gcloud, Terraform); use bmctl.",
    "basis": "explicit",
    "response": "warn (if detectable)",
    "sources": [
      "TOOLS"
    ]
  },
  {
    "id": "R-1",
    "rule": "A ClusterCIDRConfig lives in its Cluster's namespace.",
    "basis": "explicit",
    "response": "deny (X-1)",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "R-2",
    "rule": "It has `spec.ipv4`, `spec.ipv6` or both.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "K-CCC"
    ]
  },
  {
    "id": "R-3",
    "rule": "A family block has both `cidr` and `perNodeMaskSize`; `cidr` is a range of that block's family, written canonically (C-16).",
    "basis": "explicit (required) / upstream",
    "response": "deny",
    "sources": [
      "REF",
      "K-CCC"
    ]
  },
  {
    "id": "R-4",
    "rule": "`perNodeMaskSize` is at least the range's prefix and at most 32 (IPv4) or 128 (IPv6).",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-CCC"
    ]
  },
  {
    "id": "R-5",
    "rule": "With both families, each node gets as many IPv6 as IPv4 addresses: `32 − ipv4.perNodeMaskSize` equals `128 − ipv6.perNodeMaskSize` (upstream: \"must allocate the same number of IPs\").",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "DS",
      "K-CCC",
      "KEP2593"
    ]
  },
  {
    "id": "R-6",
    "rule": "For IPv6, `perNodeMaskSize − prefix` is at most 16: the node allocator's bitmap cannot hold more node blocks (upstream applies the limit to IPv6 only). That GDC's allocator has the same limit is our inference.",
    "basis": "upstream / inferred",
    "response": "deny (configurable)",
    "sources": [
      "K-CIDRSET"
    ]
  },
  {
    "id": "R-7",
    "rule": "For IPv4, `perNodeMaskSize − prefix` over 16 is refused by kubeadm but accepted by kube-controller-manager (D8).",
    "basis": "upstream",
    "response": "warn",
    "sources": [
      "K-ADM",
      "K-CIDRSET"
    ]
  },
  {
    "id": "R-8",
    "rule": "Each node block should have at least 4 host bits (IPv4 /28 or wider, IPv6 /124 or wider); the later upstream `ClusterCIDR` required it (D14).",
    "basis": "upstream",
    "response": "warn (D14)",
    "sources": [
      "K-CC"
    ]
  },
  {
    "id": "R-9",
    "rule": "A node block should hold more addresses than `maxPodsPerNode` and be no smaller than C-12's table gives (110 pods: IPv4 /24 or wider, IPv6 /120 or wider; D13).",
    "basis": "explicit / inferred (table)",
    "response": "warn (D13)",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "R-10",
    "rule": "In IPv4 island mode, a config without a nodeSelector has `ipv4.cidr` equal to the Cluster's pod range; a config with a nodeSelector has it inside the pod range (D3).",
    "basis": "explicit / inferred (selector)",
    "response": "deny",
    "sources": [
      "REF",
      "DS"
    ]
  },
  {
    "id": "R-11",
    "rule": "`ipv4` and `ipv6`, with their `cidr` and `perNodeMaskSize`, never change after creation; Google marks `nodeSelector.matchLabels` as mutable (D1).",
    "basis": "explicit",
    "response": "deny on ipv4/ipv6 change; allow selector change",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "R-12",
    "rule": "A changed selector does not take ranges back from nodes that have them (pod CIDRs are never reallocated); it only steers later nodes.",
    "basis": "explicit (upstream design)",
    "response": "warn on selector change",
    "sources": [
      "KEP2593"
    ]
  },
  {
    "id": "R-13",
    "rule": "Only `nodeSelector.matchLabels` is documented (an empty selector is the default for every node), and only the labels `baremetal.cluster.gke.io/node-pool` and `baremetal.cluster.gke.io/k8s-ip`.",
    "basis": "explicit",
    "response": "warn on `matchExpressions` / unknown label keys",
    "sources": [
      "REF",
      "DS"
    ]
  },
  {
    "id": "R-14",
    "rule": "A node takes at most one range per family, all from one matching config. Among several matching configs, upstream prefers the most matching labels, then the fewest allocatable blocks, then the smallest node block, then the selector's text, then the CIDR's text (the KEP orders this differently). Two configs with the same selector leave the choice to those tie-breaks (D2).",
    "basis": "upstream",
    "response": "warn",
    "sources": [
      "K-CC",
      "KEP2593"
    ]
  },
  {
    "id": "R-15",
    "rule": "A config with `ipv6` in a cluster without an IPv6 service range (not dual-stack) is refused.",
    "basis": "inferred",
    "response": "deny",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "R-16",
    "rule": "Configs may come and go after creation (flat mode); deleting one that nodes use leaves it terminating behind its finalizer until those nodes are gone.",
    "basis": "explicit",
    "response": "warn on DELETE",
    "sources": [
      "FLAT",
      "KEP2593"
    ]
  },
  {
    "id": "R-17",
    "rule": "In static flat IPv4 mode a config's ranges come from the nodes' own subnet (one L2 domain, ARP) and are unique across clusters and other subnets; the webhook has no subnet data to check this.",
    "basis": "explicit",
    "response": "warn (not checkable without subnet data)",
    "sources": [
      "FLAT"
    ]
  },
  {
    "id": "R-18",
    "rule": "`nodeSelector.matchLabels` keys and values are valid label syntax: a key is an optional lower-case DNS-1123 subdomain (at most 253 characters) and `/`, then a name of at most 63 characters that starts and ends alphanumeric with `-`, `_` or `.` between; a value is empty or such a name. A selector that breaks this matches no node. The messages are upstream's `ValidateLabels` ones (\"name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character …\"); the cause is at `spec.nodeSelector.matchLabels` or its entry `spec.nodeSelector.matchLabels[key]`, with the bad key or value as the value.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-CCC"
    ]
  },
  {
    "id": "S-1",
    "rule": "`ipFamilyPolicy` is `SingleStack`, `PreferDualStack` or `RequireDualStack`; `ipFamilies` holds `IPv4` and/or `IPv6`, at most two, none twice.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCVAL"
    ]
  },
  {
    "id": "S-2",
    "rule": "`SingleStack` with two `ipFamilies` or two `clusterIPs` is refused: \"must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified\".",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCALLOC"
    ]
  },
  {
    "id": "S-3",
    "rule": "`RequireDualStack` on a cluster without both service families is refused: \"this cluster is not configured for dual-stack services\". A headless Service without a selector is exempt.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCALLOC"
    ]
  },
  {
    "id": "S-4",
    "rule": "A family the Service asks for, directly or through a `clusterIPs` entry, that the cluster has no service range for is refused: \"not configured on this cluster\".",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCALLOC"
    ]
  },
  {
    "id": "S-5",
    "rule": "`clusterIPs` has at most two entries, `clusterIPs[0]` equals `clusterIP`, `None` only stands alone, two addresses are one per family, and `clusterIPs[i]` is of family `ipFamilies[i]`.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCVAL"
    ]
  },
  {
    "id": "S-6",
    "rule": "A requested cluster IP lies inside its family's service range.",
    "basis": "upstream (allocator) / inferred",
    "response": "deny",
    "sources": [
      "K-SVCALLOC"
    ]
  },
  {
    "id": "S-7",
    "rule": "A `type: ExternalName` Service sets none of `ipFamilies`, `ipFamilyPolicy`, `clusterIP`, `clusterIPs` (\"may not be set for ExternalName services\").",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCVAL"
    ]
  },
  {
    "id": "S-8",
    "rule": "On UPDATE, `clusterIPs[0]` and `ipFamilies[0]` stay as they were; dropping the second address or family needs `ipFamilyPolicy: SingleStack`; a headless Service may change its families.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCVAL"
    ]
  },
  {
    "id": "S-9",
    "rule": "kube-apiserver's defaults: an unset policy is `SingleStack` on create (`RequireDualStack` for a headless Service without selector) and the old value on update; unset families are the cluster's primary family; `PreferDualStack` or `RequireDualStack` on a dual-stack cluster adds the second family. **A mutating webhook sees the Service before these defaults, a validating webhook after them** (the family defaults are set in `BeginCreate`, before validating admission). The webhook's mutation sets the same values (D16).",
    "basis": "upstream",
    "response": "default (optional; only if policy wants it)",
    "sources": [
      "K-SVCALLOC",
      "K-STORE"
    ]
  },
  {
    "id": "S-10",
    "rule": "A dual-stack `type: LoadBalancer` Service (Prefer or Require) in a bundled-load-balancer cluster whose pools have no IPv6 addresses (or only `manualAssign` ones) gets no IPv6 external address.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "S-11",
    "rule": "A requested load-balancer IP in a `manualAssign` pool is only handed out when asked for by name, and one outside every pool cannot be served by the bundled load balancer.",
    "basis": "explicit / inferred",
    "response": "warn",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "X-1",
    "rule": "ClusterCIDRConfigs and NodePools live in their Cluster's namespace, and a NodePool's `spec.clusterName` names that Cluster and never changes.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "X-2",
    "rule": "A dual-stack cluster has at least one ClusterCIDRConfig with an `ipv6` block.",
    "basis": "explicit",
    "response": "deny at cluster create if the bundle is visible, otherwise warn (D15)",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "X-3",
    "rule": "A `flatIPv4: true` cluster has ClusterCIDRConfigs with `ipv4` blocks (per node, per node pool or for the whole cluster).",
    "basis": "explicit",
    "response": "deny / warn as X-2",
    "sources": [
      "FBGP",
      "CCC"
    ]
  },
  {
    "id": "X-4",
    "rule": "In a dual-stack cluster every node (control plane, load balancer, NodePool) should match a config that has both families: a node takes all its ranges from one config.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "KEP2593"
    ]
  },
  {
    "id": "X-5",
    "rule": "ClusterCIDRConfig ranges do not overlap service ranges, node addresses, VIPs or pool addresses. Two ClusterCIDRConfigs may overlap upstream (the KEP's example reuses 10.0.0.0/8), so that is only a warning.",
    "basis": "explicit / inferred",
    "response": "deny (other ranges); warn (CCC vs CCC)",
    "sources": [
      "FLAT",
      "NET",
      "KEP2593"
    ]
  },
  {
    "id": "X-6",
    "rule": "A config's `ipv4.perNodeMaskSize` against the Cluster's `maxPodsPerNode` (R-9), and each config's node blocks against the nodes it serves (C-13 per config).",
    "basis": "explicit / inferred",
    "response": "warn (D13)",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "X-7",
    "rule": "Service checks S-3, S-4, S-6 and S-10 need the owning Cluster's service ranges and pools, but Cluster and ClusterCIDRConfig objects live in the admin (or self-managed) cluster while Services live in the workload cluster. Where those facts are missing the object gets a warning tagged `[X-7]` (D9, D18).",
    "basis": "inferred",
    "response": "design input (see D9)",
    "sources": []
  },
  {
    "id": "X-8",
    "rule": "From 1.34 the cluster operator creates the `ServiceCIDR` objects from the Cluster and refuses manual edits to them, so the webhook never manages ServiceCIDRs.",
    "basis": "explicit",
    "response": "none (implementation note)",
    "sources": [
      "UPD"
    ]
  },
  {
    "id": "X-9",
    "rule": "Host prerequisites of dual-stack (RHEL with SELinux needs `IPv6_rpfilter=no`; SLAAC nodes need extra IPv6 set-up) are outside what the webhook sees.",
    "basis": "explicit",
    "response": "none / docs",
    "sources": [
      "DS"
    ]
  }
];
