import { list } from './cel-expressions.js';
import { type CelRule } from './cel-rule.js';
import { nodeAddressChecks } from './node-address-cel.js';

/** The CEL of the NodePool rules (src/rules/node-pool-rules.ts and X-1), keyed by rule ID. */
const NODES = 'spec.nodes';
const nodes = (root: string) => list(root, NODES);

export const NODE_POOL_CEL: readonly CelRule[] = [
  { id: 'C-38', kind: 'NodePool', action: 'deny', validations: () => nodeAddressChecks(NODES, nodes) },
];
