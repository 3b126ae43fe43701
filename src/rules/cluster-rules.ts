import { familyShapeRules } from './cluster/family-shape.js';
import { hygieneOverlapRules } from './cluster/hygiene-overlap.js';
import { immutabilityRules } from './cluster/immutability.js';
import { loadBalancerRules } from './cluster/load-balancer.js';
import { modeRules } from './cluster/modes.js';
import { nodeRules } from './cluster/nodes.js';
import { isReadable } from './cluster/readable.js';
import { sizeRules } from './cluster/sizes.js';
import { clusterCrossObjectRules } from './cross-object-rules.js';
import { type Judgement } from './judgement.js';
import { type Cluster } from './objects.js';
import { type Rule, type RuleContext, runRules } from './rule.js';
import { sameSpec } from './same-json.js';
import { judgeBehindSchema } from './schema-gate.js';

/**
 * The Cluster rules of docs/rules.md section 1, in its order. C-1 and C-12 are classifications (isDualStack,
 * perNodeIpv4PrefixFor), C-23 is how C-20 diffs, C-24 is enforced by the schema (loadBalancer.mode/type enums), and
 * C-24/C-30/C-40 defaults are the values the rules assume for unset fields (D5: a Cluster is never rewritten).
 */
export const clusterRules: readonly Rule<Cluster>[] = [
  ...familyShapeRules,
  ...sizeRules,
  ...hygieneOverlapRules,
  ...immutabilityRules,
  ...loadBalancerRules,
  ...nodeRules,
  ...modeRules,
];

export function judgeCluster(context: RuleContext<Cluster>): Judgement {
  return judgeBehindSchema('Cluster', context, () => judgeClusterRules(context));
}

function judgeClusterRules(context: RuleContext<Cluster>): Judgement {
  // The UPDATE diffs (C-6, C-20 to C-22, C-29) compare spec only: an UPDATE that leaves spec as it was (labels,
  // annotations, a finalizer) has nothing for them, and the old object is not read at all. An old object we can't
  // read (stored before this webhook, or hand-made) turns the diffs off, not the webhook.
  const diffs = context.oldObject !== undefined && !sameSpec(context.object, context.oldObject)
    && isReadable('Cluster', context.oldObject);
  const judged = diffs ? context : { ...context, oldObject: undefined };
  return runRules([...clusterRules, ...clusterCrossObjectRules], judged);
}
