import { list, path, quoted } from './cel-expressions.js';
import { type CelRule, fieldCheck } from './cel-rule.js';
import { nodeAddressChecks } from './node-address-cel.js';

/** The CEL of the NodePool rules (src/rules/node-pool-rules.ts and X-1), keyed by rule ID. */
const NODES = 'spec.nodes';
const nodes = (root: string) => list(root, NODES);

export const NODE_POOL_CEL: readonly CelRule[] = [
  { id: 'C-38', kind: 'NodePool', action: 'deny', validations: () => nodeAddressChecks(NODES, nodes) },
  {
    // X-1 (node-pool-membership.ts): `params` is the Cluster of the pool's namespace; none there is kube-apiserver's
    // own denial (parameterNotFoundAction: Deny, VP-2), where the webhook names metadata.namespace.
    id: 'X-1', kind: 'NodePool', action: 'deny', params: { notFound: 'Deny' },
    validations: () => {
      const name = (root: string) => path(root, 'spec.clusterName', "''");
      return [
        fieldCheck({
          field: 'spec.clusterName', value: name, ratchet: false,
          bad: () => `oldObject != null && ${name('oldObject')} != ${name('object')}`,
          message: `'Invalid value: ' + ${quoted(name('object'))} + ': field is immutable (was ' + ${quoted(name('oldObject'))} + ')'`,
        }),
        fieldCheck({
          field: 'spec.clusterName', value: name, bad: (root) => `type(${name(root)}) != string || ${name(root)} == ''`,
          message: `'Required value: must name the Cluster in the NodePool\\'s namespace'`,
        }),
        fieldCheck({
          field: 'spec.clusterName', value: name,
          bad: (root) => `type(${name(root)}) == string && ${name(root)} != '' && ${name(root)} != params.metadata.name`,
          message: `'Invalid value: ' + ${quoted(name('object'))} + ': must be "' + params.metadata.name + '", the Cluster in namespace "' + object.metadata.namespace + '"'`,
        }),
      ];
    },
  },
];
