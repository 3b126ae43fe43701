import { ADMIT, type Judgement } from './judgement.js';
import { type ClusterCidrConfig } from './objects.js';
import { type Rule, type RuleContext, runRules } from './rule.js';
import { checkSchema } from './schema-check.js';
import { sameSpec } from './same-json.js';
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
  // Metadata-only updates (the IPAM controller's finalizer, labels) are admitted as they are, so a config stored
  // before this webhook, or whose Cluster is being torn down, can still lose its finalizer.
  if (context.operation === 'UPDATE' && context.oldObject !== undefined && sameSpec(context.object, context.oldObject)) {
    return ADMIT;
  }
  const causes = checkSchema('ClusterCIDRConfig', context.object);
  if (causes.length > 0) return { causes, warnings: [], patch: [] };
  return runRules([...clusterCidrConfigRules, ...clusterCidrConfigCrossObjectRules], context);
}
