import { type RuleId } from '../judgement.js';
import { type CelRule } from './cel-rule.js';
import { CLUSTER_CIDR_CONFIG_CEL } from './cluster-cidr-config-cel.js';
import { CLUSTER_CEL } from './cluster-cel.js';
import { NODE_POOL_CEL } from './node-pool-cel.js';

export {
  type CelKind, type CelRule, type CelSettings, type CelValidation, type CostGuard, renderVariables,
} from './cel-rule.js';

/** Every rule with CEL, by kind, in catalog order. */
export const CEL_RULES: readonly CelRule[] = [...CLUSTER_CEL, ...NODE_POOL_CEL, ...CLUSTER_CIDR_CONFIG_CEL];

/**
 * VP-1: the deny/warn rules of Clusters, NodePools and ClusterCIDRConfigs that CEL can judge on one object (and the
 * old object): the 50 that `vap` is measured against.
 */
export const ONE_OBJECT_RULES: readonly RuleId[] = [
  'C-2', 'C-3', 'C-4', 'C-5', 'C-6', 'C-7', 'C-8', 'C-9', 'C-10', 'C-11', 'C-15', 'C-16', 'C-17', 'C-18', 'C-19',
  'C-20', 'C-21', 'C-22', 'C-24', 'C-25', 'C-26', 'C-27', 'C-28', 'C-29', 'C-31', 'C-32', 'C-33', 'C-34', 'C-35',
  'C-36', 'C-37', 'C-38', 'C-39', 'C-41', 'C-42', 'C-43', 'C-44', 'C-45',
  'R-2', 'R-3', 'R-4', 'R-5', 'R-6', 'R-7', 'R-8', 'R-11', 'R-12', 'R-13', 'R-16', 'R-18',
];

/** VP-1/VP-2: the rules that need the Cluster of the object's namespace, which a policy reads as its params. */
export const PARAM_RULES: readonly RuleId[] = ['R-1', 'R-9', 'R-10', 'R-15', 'X-1'];

/**
 * Every catalog rule (docs/rules.md) that `vap` does not render, with the reason; a rule rendered for one kind but
 * not another says which part is left. test/rules/cel/coverage.test.ts holds that each catalog rule is rendered or
 * listed here.
 */
export const LEFT_TO_WEBHOOK: Readonly<Record<string, string>> = {
  'C-1': 'a classification (dual-stack or not), no answer of its own',
  'C-12': 'a table the other rules read (per-node block for maxPodsPerNode), no answer of its own',
  'C-13': 'sums nodes over the NodePools of the namespace: no CEL over other objects (VP-1)',
  'C-14': 'sums pods over the NodePools of the namespace: no CEL over other objects (VP-1)',
  'C-23': 'how C-20 compares (only the governed fields), no answer of its own',
  'C-30': 'a default the rules assume, never written (D5)',
  'C-40': 'a default the rules assume, never written (D5)',
  'R-14': 'compares with the other ClusterCIDRConfigs of the namespace: params are ANDed, no "exists" (VP-2)',
  'R-17': 'a warning about facts no object holds (the nodes\' L2 subnet); the webhook says it',
  'X-2': 'an "exists" over other objects (some ClusterCIDRConfig with ipv6): not expressible (VP-1)',
  'X-3': 'an "exists" over other objects (some ClusterCIDRConfig with ipv4): not expressible (VP-1)',
  'X-4': 'nodes × configs of the namespace: not expressible (VP-1)',
  'X-5': 'needs the node IPs of every NodePool of the namespace besides the Cluster: a policy\'s params are of one kind',
  'X-6': 'nodes × configs of the namespace: not expressible (VP-1)',
  'X-7': 'about the webhook\'s own facts (none supplied), not about the object',
  'X-8': 'an implementation note (ServiceCIDRs are the operator\'s)',
  'X-9': 'host prerequisites no object shows',
  'S-1': 'Service: kube-apiserver refuses it itself before validating admission runs (VP-1)',
  'S-2': 'Service: kube-apiserver refuses it itself before validating admission runs (VP-1)',
  'S-3': 'Service: kube-apiserver decides it from its own Service CIDRs before validating admission runs (VP-1)',
  'S-4': 'Service: kube-apiserver decides it from its own Service CIDRs before validating admission runs (VP-1)',
  'S-5': 'Service: kube-apiserver refuses it itself before validating admission runs (VP-1)',
  'S-6': 'Service: kube-apiserver\'s allocator refuses it before validating admission runs (VP-1)',
  'S-7': 'Service: kube-apiserver refuses it itself before validating admission runs (VP-1)',
  'S-8': 'Service: kube-apiserver refuses it itself before validating admission runs (VP-1)',
  'S-9': 'Service defaulting: kube-apiserver\'s own (D16\'s PreferDualStack default is the webhook\'s /mutate)',
  'S-10': 'facts in another cluster\'s API (the pools of the Cluster in the admin cluster): not expressible (VP-1)',
  'S-11': 'facts in another cluster\'s API (the pools of the Cluster in the admin cluster): not expressible (VP-1)',
};

/** Rules rendered for one kind whose other kind's part stays with the webhook. */
export const PARTLY_LEFT_TO_WEBHOOK: Readonly<Record<string, string>> = {
  'C-17': 'NodePool part: needs the Cluster\'s pod and service ranges as params; rendered for Clusters only',
  'C-39': 'NodePool part: compares with the other NodePools of the namespace (not expressible); rendered for Clusters only',
};
