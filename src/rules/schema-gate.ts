import { isReadable } from './cluster/readable.js';
import { type Judgement } from './judgement.js';
import { type RuleContext } from './rule.js';
import { type SchemaKind, checkSchema } from './schema-check.js';

/**
 * Every judgement of a Cluster, NodePool or ClusterCIDRConfig starts here: the rules read only objects that pass
 * their schema. With `readPastSchema` (D19's second look at an UPDATE), a readable object is judged by both.
 */
export function judgeBehindSchema<T>(kind: SchemaKind, context: RuleContext<T>, judgeRules: () => Judgement): Judgement {
  const causes = checkSchema(kind, context.object);
  if (causes.length === 0) return judgeRules();
  if (!context.readPastSchema || !isReadable(kind, context.object)) return { causes, warnings: [], patch: [] };
  const judged = judgeRules();
  return { ...judged, causes: [...causes, ...judged.causes] };
}
