import { CIDR_EXAMPLE, familyBits } from '../../net/index.js';
import { nonCanonicalCidrDetail } from '../canonical-cidr.js';
import { invalid, required } from '../field-errors.js';
import { type ClusterCidrConfig } from '../objects.js';
import { type Finding, type Rule, warn } from '../rule.js';
import { perNodeHostBits } from '../capacity.js';
import { type FamilyBlockView, familyBlockOf, familyBlocksOf, usableBlocksOf } from '../cluster-cidr-config-view.js';

// R-2 (K-CCC, KR-1): a config hands out at least one family.
export const atLeastOneFamily: Rule<ClusterCidrConfig> = {
  id: 'R-2',
  check({ object }) {
    if (familyBlocksOf(object).length > 0) return [];
    return [required('spec', 'one or both of `ipv4` and `ipv6` must be specified')];
  },
};

const EXAMPLES = { IPv4: '10.9.8.0/24', IPv6: '2001:db8::/64' } as const;

function cidrFinding(view: FamilyBlockView): Finding[] {
  const field = `${view.field}.cidr`;
  const wanted = `must be a valid ${view.family} CIDR`;
  if (!view.parsed.ok) {
    const reason = view.parsed.reason;
    if (reason === CIDR_EXAMPLE) return [invalid(field, view.cidrText, `${wanted} (e.g. ${EXAMPLES[view.family]})`)];
    const detail = reason.startsWith(`${CIDR_EXAMPLE}: `) ? reason.slice(CIDR_EXAMPLE.length + 2) : reason;
    return [invalid(field, view.cidrText, `${wanted}: ${detail}`)];
  }
  if (view.parsed.value.canonical === view.cidrText) return [];
  return [invalid(field, view.cidrText, nonCanonicalCidrDetail(view.parsed.value))];
}

// R-3 (REF, K-CCC KR-2..KR-5, C-16): the cidr parses strictly as the block's family and is canonical. Required
// fields and types are the schema's (tagged R-3 there).
export const validFamilyCidr: Rule<ClusterCidrConfig> = {
  id: 'R-3',
  check({ object }) {
    return familyBlocksOf(object).flatMap(cidrFinding);
  },
};

// R-4 (K-CCC KR-6): a node block can't be wider than the range nor narrower than one address.
export const perNodeMaskWithinRange: Rule<ClusterCidrConfig> = {
  id: 'R-4',
  check({ object }) {
    return familyBlocksOf(object).flatMap((view) => {
      const mask = view.maskValue;
      if (typeof mask !== 'number') return [];
      const bits = familyBits(view.family);
      const field = `${view.field}.perNodeMaskSize`;
      if (mask > bits) return [invalid(field, mask, `must be less than or equal to ${bits} for ${view.family}`)];
      if (view.parsed.ok && mask < view.parsed.value.cidr.prefix) {
        const prefix = view.parsed.value.cidr.prefix;
        return [invalid(field, mask, `must be greater than or equal to ${prefix}, the prefix length of ${view.field}.cidr (a node block cannot be wider than the range)`)];
      }
      return [];
    });
  },
};

// R-5 (seed doc, K-CCC, KEP2593): both families must hand each node the same number of addresses.
export const equalPerNodeSizes: Rule<ClusterCidrConfig> = {
  id: 'R-5',
  check({ object }) {
    const ipv4 = familyBlockOf(object, 'ipv4');
    const ipv6 = familyBlockOf(object, 'ipv6');
    const v4 = ipv4?.maskValue;
    const v6 = ipv6?.maskValue;
    if (typeof v4 !== 'number' || typeof v6 !== 'number' || v4 > 32 || v6 > 128) return [];
    const v4Bits = perNodeHostBits('IPv4', v4);
    if (v4Bits === perNodeHostBits('IPv6', v6)) return [];
    return [invalid('spec.ipv6.perNodeMaskSize', v6,
      `must give each node as many addresses as ipv4.perNodeMaskSize ${v4} does (2^${v4Bits})`)];
  },
};

// K-CIDRSET: kube-controller-manager's bitmap of node blocks holds at most 2^16 entries (clusterSubnetMaxDiff).
const MAX_NODE_BLOCK_BITS = 16;

// R-6 (K-CIDRSET, KR-8): for IPv6 the allocator refuses a range split into more than 2^16 node blocks. Upstream only
// fails at allocation time; denying here catches it at apply time (an inference for GDC's allocator).
export const ipv6NodeBlockCount: Rule<ClusterCidrConfig> = {
  id: 'R-6',
  check({ object }) {
    const block = usableBlocksOf(object).find((view) => view.family === 'IPv6');
    if (!block || block.perNodeMaskSize - block.cidr.prefix <= MAX_NODE_BLOCK_BITS) return [];
    const widest = block.cidr.prefix + MAX_NODE_BLOCK_BITS;
    return [invalid('spec.ipv6.perNodeMaskSize', block.perNodeMaskSize,
      `must be at most ${widest}: the node IPAM allocator splits spec.ipv6.cidr (/${block.cidr.prefix}) into at most 2^16 node blocks`)];
  },
};

// R-7 (K-ADM, K-CIDRSET, D8): kubeadm forbids an IPv4 range split into more than 2^16 blocks; kube-controller-manager allows it.
export const ipv4NodeBlockCount: Rule<ClusterCidrConfig> = {
  id: 'R-7',
  check({ object }) {
    const block = usableBlocksOf(object).find((view) => view.family === 'IPv4');
    if (!block || block.perNodeMaskSize - block.cidr.prefix <= MAX_NODE_BLOCK_BITS) return [];
    return [warn(`spec.ipv4: /${block.perNodeMaskSize} per node splits /${block.cidr.prefix} into 2^${block.perNodeMaskSize - block.cidr.prefix} blocks; kubeadm allows at most 2^16`)];
  },
};

// R-8 (K-CC minPerNodeHostBits = 4, D14): the later upstream ClusterCIDR refused fewer than 16 addresses per node.
const MIN_HOST_BITS = 4;

export const minimumHostBits: Rule<ClusterCidrConfig> = {
  id: 'R-8',
  check({ object }) {
    return familyBlocksOf(object).flatMap((view) => {
      const mask = view.maskValue;
      const bits = familyBits(view.family);
      if (typeof mask !== 'number' || mask > bits || bits - mask >= MIN_HOST_BITS) return [];
      return [warn(`${view.field}.perNodeMaskSize ${mask} leaves ${bits - mask} host bits per node; use at most /${bits - MIN_HOST_BITS} (16 addresses)`)];
    });
  },
};

export const familyBlockRules: Rule<ClusterCidrConfig>[] = [
  atLeastOneFamily, validFamilyCidr, perNodeMaskWithinRange, equalPerNodeSizes, ipv6NodeBlockCount, ipv4NodeBlockCount,
  minimumHostBits,
];
