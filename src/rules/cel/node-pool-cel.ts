import { type CelRule } from './cel-rule.js';

/** The CEL of the NodePool rules (src/rules/node-pool-rules.ts and X-1), keyed by rule ID. */
export const NODE_POOL_CEL: readonly CelRule[] = [];
