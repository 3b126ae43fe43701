import { type Cidr, type IpAddress, formatCidr, formatIp, parseIp } from '../../net/index.js';
import { type ServiceNetwork } from '../cluster-view.js';
import { type Cause, causeOf } from '../judgement.js';
import { usableRange } from './allocator-range.js';
import { invalidList } from './go-values.js';
import { CLUSTER_IPS } from './service-state.js';

/** What the registry's allocator is asked for: `clusterIPs` padded with "" markers, and the indices it allocates. */
export interface AllocationPlan {
  readonly clusterIPs: readonly string[];
  readonly indices: readonly number[];
}

function notInRange(address: IpAddress, cidr: Cidr): string {
  return `the provided IP (${formatIp(address)}) is not in the valid range. The range of valid IPs is ${formatCidr(cidr)}`;
}

/** The allocator's refusal of one requested IP, in its words, or undefined when it would take it. */
/**
 * Whether the request is a dry run, and if so whether the webhook sees it before kube-apiserver's allocation (mutating
 * admission: the IPs as requested) or after it (validating admission: dry-run placeholders in place).
 */
export type DryRun = false | 'before-allocation' | 'after-allocation';

function refusalOf(address: IpAddress, network: ServiceNetwork, dryRun: DryRun): string | undefined {
  const ranges = network.cidrs.filter((cidr) => cidr.family === address.family);
  // A dry run "allocates" the range's network address as a placeholder (allocateNext: `if dryRun { return
  // a.CIDR().IP }`), and the validating webhooks see it in clusterIPs after allocation: not a request to refuse.
  if (dryRun === 'after-allocation' && ranges.some((cidr) => cidr.first === address.value)) return undefined;
  if (network.source === 'Cluster') {
    // One bitmap allocator per family, built from the first range of that family (ipallocator.ErrNotInRange).
    const range = ranges[0];
    if (!range) return undefined;
    const { first, last } = usableRange(range, true);
    return address.value < first || address.value > last ? notInRange(address, range) : undefined;
  }
  // MultiCIDRServiceAllocator: a ServiceCIDR that holds the IP (servicecidr.PrefixContainsIP: never its network
  // address, nor the IPv4 broadcast address), or ErrMismatchedNetwork.
  const holding = ranges.find((cidr) => {
    const { first, last } = usableRange(cidr, false);
    return first <= address.value && address.value <= last;
  });
  if (holding) return undefined;
  // A dry run asks MetaAllocator.DryRun(), one per-range allocator of the family ("a random allocator" upstream: Go
  // map order), which knows no ErrMismatchedNetwork and refuses the IP as outside its own range. With one
  // ServiceCIDR per family that is the first range; with several, an IP inside another one is refused only by chance
  // upstream, and we admit it as a real create would.
  return dryRun !== false && ranges[0] ? notInRange(address, ranges[0]) : 'the provided network does not match the current range';
}

/**
 * S-6 (KS-21): a requested clusterIP must lie in its family's service range. The registry stops at the first IP its
 * allocator refuses, with one error at `spec.clusterIPs` naming the padded list. "IP in use" needs allocator state
 * and is left to kube-apiserver. A dry run (`?dryRun=All`, `kubectl apply --dry-run=server`) asks the allocator's
 * dry-run form, whose words differ for an IP outside every range (docs/kube-apiserver-services.md KS-21).
 */
export function checkRequestedClusterIps(plan: AllocationPlan, network: ServiceNetwork, dryRun: DryRun = false): Cause[] {
  for (const index of plan.indices) {
    const text = plan.clusterIPs[index] ?? '';
    if (text === '') continue;
    const address = parseIp(text);
    if (!address.ok) continue;
    const refusal = refusalOf(address.value, network, dryRun);
    if (refusal) return [causeOf('S-6', invalidList(CLUSTER_IPS, plan.clusterIPs, `failed to allocate IP ${text}: ${refusal}`))];
  }
  return [];
}
