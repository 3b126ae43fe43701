// PLACEHOLDER until the rules of this kind land: schema only.
import { type Judgement } from './judgement.js';
import { type ClusterCidrConfig } from './objects.js';
import { type RuleContext } from './rule.js';
import { checkSchema } from './schema-check.js';

export function judgeClusterCidrConfig(context: RuleContext<ClusterCidrConfig>): Judgement {
  return { causes: checkSchema('ClusterCIDRConfig', context.object), warnings: [], patch: [] };
}
