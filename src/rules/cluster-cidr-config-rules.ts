import { type Judgement } from './judgement.js';
import { type ClusterCidrConfig } from './objects.js';
import { type Rule, type RuleContext, runRules } from './rule.js';
import { judgeBehindSchema } from './schema-gate.js';
import { clusterCidrConfigCrossObjectRules } from './cross-object-rules.js';
import {
  flatIpv4SubnetUnchecked, islandIpv4MatchesPodCidr, ipv6NeedsDualStackCluster, namespaceOfCluster, ownerFactsMissing,
  perNodeBlockFitsPods,
} from './cluster-cidr-config/cluster-fit-rules.js';
import {
  atLeastOneFamily, equalPerNodeSizes, ipv4NodeBlockCount, ipv6NodeBlockCount, minimumHostBits, perNodeMaskWithinRange,
  validFamilyCidr,
} from './cluster-cidr-config/family-block-rules.js';
import {
  deleteKeepsAllocations, familyBlocksImmutable, selectorChangeKeepsAllocations,
} from './cluster-cidr-config/lifecycle-rules.js';
import { ambiguousTwin, documentedSelector, labelSyntax } from './cluster-cidr-config/selector-rules.js';

/** docs/rules.md §2, in catalog order. */
export const clusterCidrConfigRules: Rule<ClusterCidrConfig>[] = [
  namespaceOfCluster, atLeastOneFamily, validFamilyCidr, perNodeMaskWithinRange, equalPerNodeSizes, ipv6NodeBlockCount,
  ipv4NodeBlockCount, minimumHostBits, perNodeBlockFitsPods, islandIpv4MatchesPodCidr, familyBlocksImmutable,
  selectorChangeKeepsAllocations, documentedSelector, ambiguousTwin, ipv6NeedsDualStackCluster, deleteKeepsAllocations,
  flatIpv4SubnetUnchecked, labelSyntax, ownerFactsMissing,
];

export function judgeClusterCidrConfig(context: RuleContext<ClusterCidrConfig>): Judgement {
  // A DELETE is never denied (R-16 only warns): a refused delete would strand the config and its namespace.
  if (context.operation === 'DELETE') {
    return { ...runRules([deleteKeepsAllocations], context), causes: [] };
  }
  // A metadata-only update (the IPAM controller's finalizer, labels) of a config that breaks a rule gets through as
  // D19's existing violation (registry.ts), so a config stored before this webhook can still lose its finalizer.
  return judgeBehindSchema('ClusterCIDRConfig', context,
    () => runRules([...clusterCidrConfigRules, ...clusterCidrConfigCrossObjectRules], context));
}
