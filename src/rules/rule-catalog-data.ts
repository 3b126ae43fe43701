// Generated from RULES.md by scripts/rule-catalog.ts; do not edit by hand.
import { type CatalogRuleRow, type CatalogSource } from './rule-catalog.js';

export const CATALOG_SOURCES: Readonly<Record<string, CatalogSource>> = {
  "REF": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/reference/cluster-config-ref",
    "title": "Cluster configuration field reference (crawl \"Last updated 2026-04-08\"). Required/Mutable table."
  },
  "NET": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/concepts/network-reqs",
    "title": "Network requirements: pod/service limits, overlap rules, max-pods table."
  },
  "DS": {
    "url": "https://cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/how-to/dual-stack-networking",
    "title": "Dual-stack how-to (baseline rules). Newest `.md.txt` adds a SLAAC sub-page link."
  },
  "CCC": {
    "url": "https://cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/reference/cluster-cidr-config",
    "title": "\"Understand the ClusterCIDRConfig custom resource\" (network-mode table)."
  },
  "FLAT": {
    "url": "https://cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/how-to/flat-network",
    "title": "Static flat IPv4 mode."
  },
  "FBGP": {
    "url": "https://cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/how-to/flat-bgp-network",
    "title": "Flat mode with BGP (\"dynamic flat IP\")."
  },
  "LB": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/installing/bundled-lb",
    "title": "Bundled LB with MetalLB."
  },
  "MLB": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/installing/manual-lb",
    "title": "Manual LB."
  },
  "UPD": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/how-to/update-clusters",
    "title": "Update clusters (service range increase, ServiceCIDR objects in 1.34+)."
  },
  "LIM": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/limits",
    "title": "Limits (15,000 pods/user cluster)."
  },
  "TOOLS": {
    "url": "https://docs.cloud.google.com/kubernetes-engine/distributed-cloud/bare-metal/docs/installing/cluster-lifecycle-management-tools",
    "title": "GKE On-Prem API clients don't support dual-stack / flat IPv4."
  },
  "MNIC": {
    "url": "https://cloud.google.com/anthos/clusters/docs/bare-metal/latest/how-to/multi-nic",
    "title": "Multi-NIC: not allowed for admin clusters."
  },
  "OPAPI": {
    "url": "https://googleapis.dev/dotnet/Google.Apis.GKEOnPrem.v1/latest/api/Google.Apis.GKEOnPrem.v1.Data.BareMetalLoadBalancerAddressPool.html",
    "title": "GKE On-Prem API field docs."
  },
  "K-APISRV": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/cmd/kube-apiserver/app/options/validation.go",
    "title": "Service range size check."
  },
  "K-FG": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/features/kube_features.go",
    "title": "`DisableAllocatorDualWrite`: alpha 1.31, beta 1.33 (off), GA 1.34 (on), locked 1.35."
  },
  "K-CIDRSET": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/cidrset/cidr_set.go",
    "title": "`clusterSubnetMaxDiff = 16`, applied to IPv6 only."
  },
  "K-IPAM": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/node_ipam_controller.go",
    "title": "\"mask size of cluster CIDR must be less than or equal to --node-cidr-mask-size configured for CIDR family\"."
  },
  "K-ADM": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/cmd/kubeadm/app/apis/kubeadm/validation/validation.go",
    "title": "`MaximumBitsForServiceSubnet=20`, `PodSubnetNodeMaskMaxDiff=16` (both families), default node masks 24 / 64."
  },
  "K-SVCVAL": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go",
    "title": "Service family validation."
  },
  "K-SVCALLOC": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/storage/alloc.go",
    "title": "Service family defaulting + cluster-config checks."
  },
  "K-STORE": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go",
    "title": "Order: `BeginCreate` (family defaulting/IP alloc) → strategy validate → validating admission."
  },
  "K-SCIDR": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/networking/validation/validation_test.go",
    "title": "ServiceCIDR rejects non-canonical CIDRs (`192.168.0.1/24`, upper-case IPv6, leading zeros); >2 CIDRs."
  },
  "K-CCC": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/networking/validation/validation.go",
    "title": "Upstream alpha ClusterCIDRConfig: same schema shape as Google's (ipv4/ipv6 {cidr, perNodeMaskSize}, nodeSelector)."
  },
  "K-CC": {
    "url": "https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodeipam/ipam/multi_cidr_range_allocator.go",
    "title": "Later `ClusterCIDR` v1alpha1 rules and tie-breaking."
  },
  "KEP2593": {
    "url": "https://github.com/kubernetes/enhancements/blob/master/keps/sig-network/2593-multiple-cluster-cidrs",
    "title": "Expected behaviour, finalizer, immutability."
  },
  "C-20": {
    "url": "https://github.com/C-22/D12/blob/master/controlPlane.nodePoolSpec.nodes[].k8sIP",
    "title": "explicit"
  },
  "R-16": {
    "url": "https://github.com/added/deleted/blob/master/terminating",
    "title": "explicit"
  },
  "S-9": {
    "url": "https://github.com/Prefer/Require/blob/master/BeginCreate",
    "title": "upstream"
  },
  "S-10": {
    "url": "https://github.com/Prefer/Require/blob/master/manualAssign",
    "title": "inferred"
  },
  "X-7": {
    "url": "https://github.com/S-3/S-4/blob/master/services.cidrBlocks",
    "title": "inferred"
  }
};

export const CATALOG_RULES: readonly CatalogRuleRow[] = [
  {
    "id": "C-1",
    "rule": "Baseline: dual-stack ⇔ `clusterNetwork.services.cidrBlocks` has one IPv4 **and** one IPv6 CIDR.",
    "basis": "explicit",
    "response": "(classification)",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "C-2",
    "rule": "`services.cidrBlocks` has 1 or 2 entries; with 2 they must be of different families. Upstream flag messages: \"must not contain more than two entries\", \"[0] and [1] must be of different IP family\".",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-APISRV"
    ]
  },
  {
    "id": "C-3",
    "rule": "`services.cidrBlocks` must contain an IPv4 CIDR (no IPv6-only cluster). REF describes the field as a \"Range of IPv4 addresses\"; DS only defines IPv4-only or dual-stack.",
    "basis": "inferred",
    "response": "deny",
    "sources": [
      "REF",
      "DS"
    ]
  },
  {
    "id": "C-4",
    "rule": "IPv4 entry should come first (first service range = cluster's default/primary Service family; all docs examples list IPv4 first; pods are IPv4-primary).",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "K-SVCALLOC",
      "DS"
    ]
  },
  {
    "id": "C-5",
    "rule": "Baseline: `pods.cidrBlocks` holds IPv4 only; IPv6 pod range lives in ClusterCIDRConfig. Also: at most one entry (one per family; only IPv4 allowed).",
    "basis": "explicit / inferred (count)",
    "response": "deny",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "C-6",
    "rule": "Baseline: dual-stack can be enabled only at creation. Extend: on UPDATE, the set of families in `services.cidrBlocks` must not change (no adding IPv6, no dropping it).",
    "basis": "explicit (add) / inferred (drop)",
    "response": "deny",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "C-7",
    "rule": "IPv4 pod CIDR mask between **/8 and /18** inclusive (min 16,384 addresses, max 16,777,216). Prefilled /16.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "C-8",
    "rule": "IPv4 service CIDR mask between **/12 and /24** inclusive (min 256, max 1,048,576 addresses). Prefilled /20.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "C-9",
    "rule": "IPv6 service CIDR: Google docs give no limit. kube-apiserver: host bits ≤ 20, i.e. prefix **≥ /108** (\"for 128-bit addresses, the mask must be >= 108\"; IPv4 equivalent ≥ /12). The check is skipped only when `MultiCIDRServiceAllocator` **and** `DisableAllocatorDualWrite` are both on (defaults on from Kubernetes 1.34). kubeadm applies the same 20-bit rule. Make the limit configurable, default /108.",
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
    "rule": "IPv6 service CIDR too small: no documented minimum. Suggest warning below 256 addresses (prefix > /120), mirroring the IPv4 /24 minimum.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "C-11",
    "rule": "`nodeConfig.podDensity.maxPodsPerNode`: user clusters 32–250; self-managed (admin/hybrid/standalone) 32–250 if HA, **64–250 if non-HA**; default **110**.",
    "basis": "explicit",
    "response": "deny out of range; default 110",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "C-12",
    "rule": "Per-node IPv4 pod block derived from max pods: ≤32 → /26 (64 IPs); 33–64 → /25; 65–128 → /24; 129–250 → /23. Example: 250 pods + /16 pod CIDR ⇒ 2^(23−16)=128 nodes max.",
    "basis": "explicit",
    "response": "(used by C-13, R-9)",
    "sources": [
      "NET"
    ]
  },
  {
    "id": "C-13",
    "rule": "Node capacity: count of control-plane + LB-pool + NodePool nodes must be ≤ 2^(nodeMask − podMask) in IPv4 island mode.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "NET"
    ]
  },
  {
    "id": "C-14",
    "rule": "Recommended ≤ 15,000 pods per user cluster (maxPodsPerNode × nodes).",
    "basis": "explicit (recommendation)",
    "response": "warn",
    "sources": [
      "LIM"
    ]
  },
  {
    "id": "C-15",
    "rule": "Pod/service IPv4 ranges should be RFC 1918 private space.",
    "basis": "explicit (recommendation)",
    "response": "warn",
    "sources": [
      "NET",
      "OPAPI"
    ]
  },
  {
    "id": "C-16",
    "rule": "CIDRs must be canonical: host bits zero (`10.96.0.0/12`, not `10.96.0.1/12`), IPv6 lower-case and compressed, no leading zeros in IPv4 octets. The ServiceCIDR API (which GDC ≥1.34 generates from the Cluster, UPD) rejects non-canonical values.",
    "basis": "upstream / inferred",
    "response": "deny, naming the canonical form (D5)",
    "sources": [
      "K-SCIDR",
      "UPD"
    ]
  },
  {
    "id": "C-17",
    "rule": "Pod and service ranges must not overlap: node IPs of any cluster, VIPs (control plane + LB), DNS/NTP servers. \"Preflight checks block cluster creation and upgrades\" on overlap.",
    "basis": "explicit",
    "response": "deny (nodes/VIPs/pools visible in spec; DNS/NTP not visible)",
    "sources": [
      "NET"
    ]
  },
  {
    "id": "C-18",
    "rule": "Pod CIDR and service CIDR must not overlap each other (the range allocator reserves the service range inside the cluster CIDR; upstream test \"serviceCIDR contains clusterCIDR\" exhausts allocation).",
    "basis": "inferred",
    "response": "deny",
    "sources": [
      "K-IPAM",
      "NET"
    ]
  },
  {
    "id": "C-19",
    "rule": "Pod range addresses that collide with external IPs become unreachable from inside the cluster (island NAT).",
    "basis": "explicit",
    "response": "warn (informational)",
    "sources": [
      "NET"
    ]
  },
  {
    "id": "C-20",
    "rule": "Immutable: `clusterNetwork.pods.cidrBlocks`, `flatIPv4` (\"enable flat mode during cluster creation only… can't disable it\"), `advancedNetworking`, `multipleNetworkInterfaces`, `forwardMode` (`dsr`/`snat`, default SNAT), `nodeConfig.podDensity(.maxPodsPerNode)`, `loadBalancer.mode`, `loadBalancer.type`, `loadBalancer.ports.controlPlaneLBPort`, `loadBalancer.vips.controlPlaneVIP`, `loadBalancer.vips.ingressVIP`, `controlPlane.loadBalancer.mode` (once set; adding it from unset is part of the 1.32+ LB-split migration, see C-22/D12), `controlPlane.nodePoolSpec.nodes[].k8sIP`, `loadBalancer.nodePoolSpec.nodes[].k8sIP`, `type`. (`anthosBareMetalVersion` changes only through an upgrade, which also edits the spec — don't block it.)",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "C-21",
    "rule": "`services.cidrBlocks` is mutable since 1.15 **only to enlarge the IPv4 range**: new IPv4 mask ≤ old mask; \"can't reduce the number of allotted IP addresses or change\" it. Interpret: new IPv4 CIDR must contain the old one. IPv6 entry: no documented mutability ⇒ treat as immutable.",
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
    "rule": "If the cluster was created without `loadBalancer.nodePoolSpec`, it can't be added later (exception: docs describe adding it together with `controlPlane.loadBalancer.mode: bundled` on 1.32+ clusters to split LB roles).",
    "basis": "explicit",
    "response": "deny (unless the 1.32+ split pattern)",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-23",
    "rule": "Don't block controller-populated fields: the reconciler fills e.g. `spec.nodeConfig.registryMirrors`; only diff the governed fields above.",
    "basis": "explicit (behaviour)",
    "response": "(implementation note)",
    "sources": [
      "UPD"
    ]
  },
  {
    "id": "C-24",
    "rule": "`loadBalancer.mode` required: `bundled` | `manual`. `loadBalancer.type`: `layer2` | `bgp`, default `layer2`.",
    "basis": "explicit",
    "response": "deny; default `type: layer2`",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "C-25",
    "rule": "`controlPlane.loadBalancer.mode: manual` ⇒ `loadBalancer.mode` must be `manual`. Allowed values `bundled`|`manual`.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "C-26",
    "rule": "`loadBalancer.type: bgp` ⇒ `clusterNetwork.advancedNetworking: true` (BGP LB is listed as an advanced-networking feature). `bgpPeers[].ip` are IPv4.",
    "basis": "inferred / explicit (IPv4)",
    "response": "deny",
    "sources": [
      "REF",
      "UPD"
    ]
  },
  {
    "id": "C-27",
    "rule": "`addressPools` only valid for `mode: bundled` and non-admin clusters; in manual mode remove it.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "MLB"
    ]
  },
  {
    "id": "C-28",
    "rule": "Pool entry: `name` required + immutable; `addresses` each in CIDR form or range `a-b` (\"no spaces around the dash\"); ranges in the list must not overlap. Add: both ends of a range same family and start ≤ end; no overlap across pools.",
    "basis": "explicit / inferred (family, order, cross-pool)",
    "response": "deny",
    "sources": [
      "LB",
      "OPAPI"
    ]
  },
  {
    "id": "C-29",
    "rule": "Pools: new pools may be added; existing pools can't be removed; on an existing pool only `avoidBuggyIPs` and `manualAssign` may change (1.16+).",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-30",
    "rule": "Defaults: `avoidBuggyIPs: false`, `manualAssign: false`.",
    "basis": "explicit",
    "response": "default",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-31",
    "rule": "Baseline: dual-stack + bundled ⇒ pools contain IPv4 and IPv6 addresses (only for non-admin clusters, since admin clusters have no pools).",
    "basis": "explicit / inferred (admin)",
    "response": "deny",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "C-32",
    "rule": "`avoidBuggyIPs` only skips IPv4 `.0`/`.255`; no effect on IPv6 ranges. Warn if set on a pool that is IPv6-only.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "LB",
      "OPAPI"
    ]
  },
  {
    "id": "C-33",
    "rule": "Dual-stack: if every IPv6 address sits in `manualAssign: true` pools, dual-stack LoadBalancer Services won't get an IPv6 address automatically.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-34",
    "rule": "`controlPlaneVIP` required; must **not** fall inside any `addressPools` range.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-35",
    "rule": "`ingressVIP`: IPv4; \"not allowed in admin cluster configuration files\"; in bundled mode \"must be listed in the address pools\".",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-36",
    "rule": "Manual mode: all user clusters need a control-plane VIP and an ingress VIP, in \"any IPv4 subnet routable from the load balancer\".",
    "basis": "explicit",
    "response": "deny if missing",
    "sources": [
      "MLB"
    ]
  },
  {
    "id": "C-37",
    "rule": "Bundled L2: VIPs and pool addresses in the LB nodes' subnet / same L2 domain as the (k8sIP of) LB nodes and control plane nodes. Not checkable without subnet info; optional heuristic.",
    "basis": "explicit",
    "response": "warn (heuristic)",
    "sources": [
      "NET",
      "LB"
    ]
  },
  {
    "id": "C-38",
    "rule": "Node `address` / `k8sIP` in control-plane, LB and NodePool specs are IPv4 (also in dual-stack; IPv6 node addresses come from the host).",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "C-39",
    "rule": "A node IP appears in only one node pool; \"Overlapping node IP addresses block cluster creation\".",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "C-40",
    "rule": "Baseline: IPv6 always flat; IPv4 island by default (`flatIPv4: false` default).",
    "basis": "explicit",
    "response": "default `flatIPv4: false`",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "C-41",
    "rule": "`flatIPv4: true` ⇒ `pods.cidrBlocks` \"is ignored and can be omitted\"; ClusterCIDRConfig(s) required.",
    "basis": "explicit",
    "response": "warn if pods set; deny if no CCC (X-3)",
    "sources": [
      "FBGP",
      "CCC"
    ]
  },
  {
    "id": "C-42",
    "rule": "Island mode (flatIPv4 false) ⇒ `pods.cidrBlocks` required (\"used as native routing CIDR\").",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "CCC"
    ]
  },
  {
    "id": "C-43",
    "rule": "Flat mode with BGP: `advancedNetworking: true`; plus `NetworkGatewayGroup` named `default`, `FlatIPMode` named `default`, `BGPPeer`s, all in the cluster namespace; enable at creation only. Variant: \"Dual-stack cluster (IPv4 Island, IPv6 Dynamic Flat IP)\".",
    "basis": "explicit",
    "response": "warn (other kinds are out of scope)",
    "sources": [
      "FBGP"
    ]
  },
  {
    "id": "C-44",
    "rule": "`multipleNetworkInterfaces: true` not allowed for `type: admin`.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "MNIC"
    ]
  },
  {
    "id": "C-45",
    "rule": "Dual-stack and flat IPv4 are not supported by GKE On-Prem API clients (console/gcloud/Terraform); use bmctl.",
    "basis": "explicit",
    "response": "warn (if detectable)",
    "sources": [
      "TOOLS"
    ]
  },
  {
    "id": "R-1",
    "rule": "Baseline: namespace = Cluster namespace.",
    "basis": "explicit",
    "response": "deny (X-1)",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "R-2",
    "rule": "At least one of `spec.ipv4` / `spec.ipv6`.",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "REF",
      "K-CCC"
    ]
  },
  {
    "id": "R-3",
    "rule": "When a family block is present, `cidr` and `perNodeMaskSize` are required; `cidr` must parse as that family (\"must be a valid IPv4/IPv6 CIDR\"); canonical form (C-16).",
    "basis": "explicit (required) / upstream",
    "response": "deny",
    "sources": [
      "REF",
      "K-CCC"
    ]
  },
  {
    "id": "R-4",
    "rule": "`cidrPrefix ≤ perNodeMaskSize ≤ 32` (IPv4) / `≤ 128` (IPv6).",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-CCC"
    ]
  },
  {
    "id": "R-5",
    "rule": "Baseline: both present ⇒ `32 − v4.perNodeMaskSize == 128 − v6.perNodeMaskSize` (upstream msg: \"must allocate the same number of IPs\").",
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
    "rule": "IPv6: `perNodeMaskSize − cidrPrefix ≤ 16` (node allocator bitmap limit; IPv6 only). Applying it to GDC's allocator is an inference.",
    "basis": "upstream / inferred",
    "response": "deny (configurable)",
    "sources": [
      "K-CIDRSET"
    ]
  },
  {
    "id": "R-7",
    "rule": "IPv4 `perNodeMaskSize − cidrPrefix > 16`: kubeadm forbids, kube-controller-manager allows.",
    "basis": "upstream",
    "response": "warn",
    "sources": [
      "K-ADM",
      "K-CIDRSET"
    ]
  },
  {
    "id": "R-8",
    "rule": "Recommend ≥ 4 host bits per node (`v4 ≤ /28`, `v6 ≤ /124`); later upstream `ClusterCIDR` enforced `perNodeHostBits ≥ 4`.",
    "basis": "upstream",
    "response": "warn (D14)",
    "sources": [
      "K-CC"
    ]
  },
  {
    "id": "R-9",
    "rule": "Per-node block should hold more addresses than `maxPodsPerNode`, and not be smaller than the C-12 table block (e.g. 110 pods ⇒ v4 ≤ /24, v6 ≤ /120).",
    "basis": "explicit / inferred (table)",
    "response": "warn (D13)",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "R-10",
    "rule": "Baseline: IPv4 island ⇒ a config without nodeSelector has `ipv4.cidr` equal to the Cluster pod CIDR; a config with a nodeSelector has it inside the pod CIDR (D3).",
    "basis": "explicit / inferred (selector)",
    "response": "deny",
    "sources": [
      "REF",
      "DS"
    ]
  },
  {
    "id": "R-11",
    "rule": "Immutable after create: `ipv4`, `ipv4.cidr`, `ipv4.perNodeMaskSize`, `ipv6`, `ipv6.cidr`, `ipv6.perNodeMaskSize`. Google marks `nodeSelector.matchLabels` **mutable**.",
    "basis": "explicit",
    "response": "deny on ipv4/ipv6 change; allow selector change",
    "sources": [
      "REF"
    ]
  },
  {
    "id": "R-12",
    "rule": "Selector change doesn't revoke existing node allocations (PodCIDRs are never reallocated).",
    "basis": "explicit (upstream design)",
    "response": "warn on selector change",
    "sources": [
      "KEP2593"
    ]
  },
  {
    "id": "R-13",
    "rule": "Only `nodeSelector.matchLabels` documented; empty selector = default for all nodes. Documented labels: `baremetal.cluster.gke.io/node-pool`, `baremetal.cluster.gke.io/k8s-ip`.",
    "basis": "explicit",
    "response": "warn on `matchExpressions` / unknown label keys",
    "sources": [
      "REF",
      "DS"
    ]
  },
  {
    "id": "R-14",
    "rule": "A node gets at most one range per family, all from one matching config. Several matching configs: upstream picks most matching labels, then fewest allocatable CIDRs, then smallest per-node block, then selector string, then CIDR string (the KEP text orders it differently). Identical selectors ⇒ ambiguous.",
    "basis": "upstream",
    "response": "warn",
    "sources": [
      "K-CC",
      "KEP2593"
    ]
  },
  {
    "id": "R-15",
    "rule": "`ipv6` present in a cluster that isn't dual-stack (no IPv6 service range) ⇒ reject.",
    "basis": "inferred",
    "response": "deny",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "R-16",
    "rule": "Configs may be added/deleted after creation (flat mode); delete of an in-use config sticks in `terminating` (finalizer) until the nodes using it are gone.",
    "basis": "explicit",
    "response": "warn on DELETE",
    "sources": [
      "FLAT",
      "KEP2593"
    ]
  },
  {
    "id": "R-17",
    "rule": "Static flat IPv4: CCC ranges come from the nodes' own subnet (single L2 domain, ARP); unique, non-overlapping across clusters and other subnets.",
    "basis": "explicit",
    "response": "warn (not checkable without subnet data)",
    "sources": [
      "FLAT"
    ]
  },
  {
    "id": "R-18",
    "rule": "`nodeSelector.matchLabels` keys and values must be valid Kubernetes label syntax: a key is an optional lower-case DNS-1123 subdomain prefix (≤ 253) and `/`, then a name of ≤ 63 characters, alphanumeric at both ends with `-`, `_`, `.` inside; a value is empty or the same name form. A selector that breaks it can never match a node. Upstream ClusterCIDRConfig validation applies `ValidateLabels` with its messages (\"name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character …\"). Cause at `spec.nodeSelector.matchLabels` (or the entry `spec.nodeSelector.matchLabels[key]`), the offending key or value as the value.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-CCC"
    ]
  },
  {
    "id": "S-1",
    "rule": "`ipFamilyPolicy` ∈ {`SingleStack`, `PreferDualStack`, `RequireDualStack`}; `ipFamilies` ⊆ {`IPv4`,`IPv6`}, ≤ 2, no duplicates.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCVAL"
    ]
  },
  {
    "id": "S-2",
    "rule": "`SingleStack` with 2 `ipFamilies` or 2 `clusterIPs` ⇒ \"must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified\".",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCALLOC"
    ]
  },
  {
    "id": "S-3",
    "rule": "`RequireDualStack` on a cluster without both service families ⇒ \"this cluster is not configured for dual-stack services\". Headless + selectorless services are exempt.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCALLOC"
    ]
  },
  {
    "id": "S-4",
    "rule": "Any requested family (or family of a given clusterIP) not present in `services.cidrBlocks` ⇒ \"not configured on this cluster\".",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCALLOC"
    ]
  },
  {
    "id": "S-5",
    "rule": "`clusterIPs`: ≤ 2; `clusterIPs[0]` = `clusterIP`; `None` only as the single value; 2 IPs must be one per family; `clusterIPs[i]` family = `ipFamilies[i]`.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCVAL"
    ]
  },
  {
    "id": "S-6",
    "rule": "A requested clusterIP must lie inside that family's service CIDR.",
    "basis": "upstream (allocator) / inferred",
    "response": "deny",
    "sources": [
      "K-SVCALLOC"
    ]
  },
  {
    "id": "S-7",
    "rule": "`type: ExternalName`: `ipFamilies`, `ipFamilyPolicy`, `clusterIP(s)` must be unset (\"may not be set for ExternalName services\").",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCVAL"
    ]
  },
  {
    "id": "S-8",
    "rule": "UPDATE: `clusterIPs[0]` and `ipFamilies[0]` may not change; removing the secondary IP/family requires `ipFamilyPolicy: SingleStack`; headless services may change families.",
    "basis": "upstream",
    "response": "deny",
    "sources": [
      "K-SVCVAL"
    ]
  },
  {
    "id": "S-9",
    "rule": "Defaults (API server): policy nil ⇒ on create `SingleStack` (headless selectorless ⇒ `RequireDualStack`), on update inherits old; families nil ⇒ cluster primary; Prefer/Require on dual-stack ⇒ second family appended. **A mutating webhook sees pre-default values; a validating webhook sees defaulted ones** (family defaulting runs in `BeginCreate` before validating admission).",
    "basis": "upstream",
    "response": "default (optional; only if policy wants it)",
    "sources": [
      "K-SVCALLOC",
      "K-STORE"
    ]
  },
  {
    "id": "S-10",
    "rule": "`type: LoadBalancer` dual-stack (Prefer/Require) in a bundled-LB cluster whose pools lack IPv6 (or only `manualAssign` IPv6) ⇒ IPv6 external IP can't be assigned.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "S-11",
    "rule": "Requested LB IP in a `manualAssign` pool is used \"only when it is specified explicitly\"; a requested IP outside every pool can't be served by bundled LB.",
    "basis": "explicit / inferred",
    "response": "warn",
    "sources": [
      "REF",
      "LB"
    ]
  },
  {
    "id": "X-1",
    "rule": "ClusterCIDRConfig and NodePool namespace = Cluster namespace; `NodePool.spec.clusterName` = Cluster name (immutable).",
    "basis": "explicit",
    "response": "deny",
    "sources": [
      "DS",
      "REF"
    ]
  },
  {
    "id": "X-2",
    "rule": "Dual-stack cluster needs ≥ 1 ClusterCIDRConfig with an `ipv6` block (\"One or more ClusterCIDRConfig resources\").",
    "basis": "explicit",
    "response": "deny at cluster create if the bundle is visible, otherwise warn",
    "sources": [
      "DS"
    ]
  },
  {
    "id": "X-3",
    "rule": "`flatIPv4: true` needs ClusterCIDRConfig(s) with `ipv4` (per node, per node pool or cluster-wide).",
    "basis": "explicit",
    "response": "deny / warn as X-2",
    "sources": [
      "FBGP",
      "CCC"
    ]
  },
  {
    "id": "X-4",
    "rule": "Dual-stack: every node (CP, LB, NodePool) should match a config that provides both families; a config with both families hands out both ranges together.",
    "basis": "inferred",
    "response": "warn",
    "sources": [
      "KEP2593"
    ]
  },
  {
    "id": "X-5",
    "rule": "CCC ranges must not overlap service CIDRs, node IPs, VIPs or LB pool addresses (\"don't overlap with any other subnets\"). Overlap between two CCCs is allowed upstream (KEP example reuses 10.0.0.0/8).",
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
    "rule": "`ipv4.perNodeMaskSize` vs Cluster `maxPodsPerNode` (R-9); CCC capacity vs node count (C-13 applied to each CCC).",
    "basis": "explicit / inferred",
    "response": "warn (D13)",
    "sources": [
      "REF",
      "NET"
    ]
  },
  {
    "id": "X-7",
    "rule": "Service checks S-3/S-4/S-6/S-10 need the owning Cluster's `services.cidrBlocks` and pools. Cluster/CCC objects live in the admin (or self-managed) cluster; Services live in the workload cluster.",
    "basis": "inferred",
    "response": "design input (see D9)",
    "sources": []
  },
  {
    "id": "X-8",
    "rule": "Since 1.34 the cluster operator creates `ServiceCIDR` objects from the Cluster spec and blocks manual edits (\"managed by cluster operator and cannot be modified directly by users\"). The webhook must not manage ServiceCIDRs itself.",
    "basis": "explicit",
    "response": "(implementation note)",
    "sources": [
      "UPD"
    ]
  },
  {
    "id": "X-9",
    "rule": "Baseline host prerequisite: RHEL + SELinux ⇒ `IPv6_rpfilter=no`; SLAAC nodes need extra IPv6 node config (separate page). Not visible to the webhook.",
    "basis": "explicit",
    "response": "none / docs",
    "sources": [
      "DS"
    ]
  }
];
