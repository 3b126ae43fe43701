import { canonicalCidr, isCidrOfFamily, path, prefixOf, quoted } from './cel-expressions.js';
import { type CelRule, type CelValidation, fieldCheck } from './cel-rule.js';

/**
 * The CEL of the ClusterCIDRConfig rules (src/rules/cluster-cidr-config/*.ts), keyed by rule ID, in catalog order.
 */
type FamilyKey = 'ipv4' | 'ipv6';
const FAMILIES: readonly { key: FamilyKey; family: 4 | 6; bits: number; name: string }[] = [
  { key: 'ipv4', family: 4, bits: 32, name: 'IPv4' },
  { key: 'ipv6', family: 6, bits: 128, name: 'IPv6' },
];

const block = (root: string, key: FamilyKey) => `${root}.?spec.?${key}`;
const hasBlock = (root: string, key: FamilyKey) => `${block(root, key)}.hasValue()`;
const cidrOf = (root: string, key: FamilyKey) => path(root, `spec.${key}.cidr`);
const maskOf = (root: string, key: FamilyKey) => path(root, `spec.${key}.perNodeMaskSize`);
/** The block's cidr parses as its family (R-3), so its prefix can be read. */
const readableCidr = (root: string, key: FamilyKey, family: 4 | 6) => `${hasBlock(root, key)} && type(${cidrOf(root, key)}) == string && ${isCidrOfFamily(cidrOf(root, key), family)}`;
const hasMask = (root: string, key: FamilyKey) => `type(${maskOf(root, key)}) == int`;

function perFamily(build: (family: (typeof FAMILIES)[number]) => CelValidation[]): CelValidation[] {
  return FAMILIES.flatMap(build);
}

export const CLUSTER_CIDR_CONFIG_CEL: readonly CelRule[] = [
  {
    id: 'R-2', kind: 'ClusterCIDRConfig', action: 'deny',
    validations: () => [fieldCheck({
      field: 'spec', value: (root) => `${root}.?spec.orValue(null)`,
      bad: (root) => `!${hasBlock(root, 'ipv4')} && !${hasBlock(root, 'ipv6')}`,
      message: `'Required value: one or both of \`ipv4\` and \`ipv6\` must be specified'`,
    })],
  },
  {
    id: 'R-3', kind: 'ClusterCIDRConfig', action: 'deny',
    validations: () => perFamily(({ key, family, name }) => [
      fieldCheck({
        field: `spec.${key}.cidr`, value: (root) => cidrOf(root, key),
        bad: (root) => `${hasBlock(root, key)} && !${block(root, key)}.?cidr.hasValue()`,
        message: `'Required value'`,
      }),
      fieldCheck({
        field: `spec.${key}.perNodeMaskSize`, value: (root) => maskOf(root, key),
        bad: (root) => `${hasBlock(root, key)} && !${block(root, key)}.?perNodeMaskSize.hasValue()`,
        message: `'Required value'`,
      }),
      // The schema's bounds on perNodeMaskSize (schemas/cluster-cidr-config.schema.json, tagged R-3).
      fieldCheck({
        field: `spec.${key}.perNodeMaskSize`, value: (root) => maskOf(root, key),
        bad: (root) => `${hasBlock(root, key)} && ${hasMask(root, key)} && (${maskOf(root, key)} < 0 || ${maskOf(root, key)} > 128)`,
        message: `'Invalid value: ' + string(${maskOf('object', key)}) + ': must be between 0 and 128'`,
      }),
      fieldCheck({
        field: `spec.${key}.cidr`, value: (root) => cidrOf(root, key),
        bad: (root) => `${hasBlock(root, key)} && type(${cidrOf(root, key)}) == string && !${isCidrOfFamily(cidrOf(root, key), family)}`,
        message: `'Invalid value: ' + ${quoted(cidrOf('object', key))} + ': must be a valid ${name} CIDR'`,
      }),
      fieldCheck({
        field: `spec.${key}.cidr`, value: (root) => cidrOf(root, key),
        bad: (root) => `${readableCidr(root, key, family)} && ${canonicalCidr(cidrOf(root, key))} != ${cidrOf(root, key)}`,
        message: `'Invalid value: ' + ${quoted(cidrOf('object', key))} + ': must be in canonical form; did you mean ' + ${canonicalCidr(cidrOf('object', key))} + '?'`,
      }),
    ]),
  },
  {
    id: 'R-4', kind: 'ClusterCIDRConfig', action: 'deny',
    validations: () => perFamily(({ key, family, bits, name }) => [
      fieldCheck({
        field: `spec.${key}.perNodeMaskSize`, value: (root) => maskOf(root, key),
        bad: (root) => `${hasBlock(root, key)} && ${hasMask(root, key)} && ${maskOf(root, key)} <= 128 && (${maskOf(root, key)} > ${bits} || (${readableCidr(root, key, family)} && ${maskOf(root, key)} < ${prefixOf(cidrOf(root, key))}))`,
        message: `'Invalid value: ' + string(${maskOf('object', key)}) + (${maskOf('object', key)} > ${bits} ? ': must be less than or equal to ${bits} for ${name}' : ': must be greater than or equal to ' + string(${prefixOf(cidrOf('object', key))}) + ', the prefix length of spec.${key}.cidr (a node block cannot be wider than the range)')`,
      }),
    ]),
  },
  {
    id: 'R-5', kind: 'ClusterCIDRConfig', action: 'deny',
    validations: () => [fieldCheck({
      field: 'spec.ipv6.perNodeMaskSize', value: (root) => maskOf(root, 'ipv6'),
      bad: (root) => `${hasBlock(root, 'ipv4')} && ${hasBlock(root, 'ipv6')} && ${hasMask(root, 'ipv4')} && ${hasMask(root, 'ipv6')}`
        + ` && ${maskOf(root, 'ipv4')} <= 32 && ${maskOf(root, 'ipv6')} <= 128 && 32 - ${maskOf(root, 'ipv4')} != 128 - ${maskOf(root, 'ipv6')}`,
      message: `'Invalid value: ' + string(${maskOf('object', 'ipv6')}) + ': must give each node as many addresses as ipv4.perNodeMaskSize ' + string(${maskOf('object', 'ipv4')}) + ' does'`,
    })],
  },
];

