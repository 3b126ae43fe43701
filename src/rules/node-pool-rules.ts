// PLACEHOLDER until the rules of this kind land: schema only.
import { type Judgement } from './judgement.js';
import { type NodePool } from './objects.js';
import { type RuleContext } from './rule.js';
import { checkSchema } from './schema-check.js';

export function judgeNodePool(context: RuleContext<NodePool>): Judgement {
  return { causes: checkSchema('NodePool', context.object), warnings: [], patch: [] };
}
