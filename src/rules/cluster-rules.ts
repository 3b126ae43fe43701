// PLACEHOLDER until the rules of this kind land: schema only.
import { type Judgement } from './judgement.js';
import { type Cluster } from './objects.js';
import { type RuleContext } from './rule.js';
import { checkSchema } from './schema-check.js';

export function judgeCluster(context: RuleContext<Cluster>): Judgement {
  return { causes: checkSchema('Cluster', context.object), warnings: [], patch: [] };
}
