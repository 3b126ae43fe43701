import { isIp, isIpOfFamily, quoted } from './cel-expressions.js';
import { entryCheck } from './cel-rule.js';

const NODE_KEYS = ['address', 'k8sIP'] as const;

/** C-38 (src/rules/cluster/nodes.ts nodeAddressErrors): a node list of a Cluster or a NodePool. */
export function nodeAddressChecks(field: string, nodes: (root: string) => string) {
  return [
    entryCheck({
      path: field, suffix: '.address', list: nodes, variable: 'n',
      bad: (n) => `!${n}.?address.hasValue()`, message: () => `'Required value'`,
    }),
    ...NODE_KEYS.flatMap((key) => [
      entryCheck({
        path: field, suffix: `.${key}`, list: nodes, variable: 'n',
        bad: (n) => `${n}.?${key}.hasValue() && !${isIp(`${n}.${key}`)}`,
        message: (n) => `'Invalid value: ' + ${quoted(`${n}.${key}`)} + ': must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'`,
      }),
      entryCheck({
        path: field, suffix: `.${key}`, list: nodes, variable: 'n',
        bad: (n) => `${n}.?${key}.hasValue() && ${isIpOfFamily(`${n}.${key}`, 6)}`,
        message: (n) => `'Invalid value: ' + ${quoted(`${n}.${key}`)} + ': must be an IPv4 address: node addresses are IPv4, also in dual-stack clusters'`,
      }),
    ]),
  ];
}

