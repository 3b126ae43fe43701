// PLACEHOLDER until the rules of this kind land: schema only.
import { type Judgement } from './judgement.js';
import { type Service } from './objects.js';
import { type RuleContext } from './rule.js';
import { checkSchema } from './schema-check.js';

export function judgeService(context: RuleContext<Service>): Judgement {
  return { causes: checkSchema('Service', context.object), warnings: [], patch: [] };
}
