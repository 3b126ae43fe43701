import { DOCUMENTED_LABELS } from '../node-selection.js';
import { DEFAULT_MAX_PODS_PER_NODE } from '../pod-density.js';
import {
  bind, canonicalCidr, cidrContainsCidr, isCidr, isCidrOfFamily, path, prefixOf, quoted, sameCidr,
} from './cel-expressions.js';
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
const cidrOf = (root: string, key: FamilyKey) => path(root, `spec.${key}.cidr`, "''");
const maskOf = (root: string, key: FamilyKey) => path(root, `spec.${key}.perNodeMaskSize`, '-1');
/** The block's cidr parses as its family (R-3), so its prefix can be read. */
const readableCidr = (root: string, key: FamilyKey, family: 4 | 6) => `${hasBlock(root, key)} && ${isCidrOfFamily(cidrOf(root, key), family)}`;
const hasMask = (root: string, key: FamilyKey) => `${block(root, key)}.?perNodeMaskSize.hasValue()`;

function perFamily(build: (family: (typeof FAMILIES)[number]) => CelValidation[]): CelValidation[] {
  return FAMILIES.flatMap(build);
}

const CLUSTER_CIDR_CONFIG_CEL_FIRST: readonly CelRule[] = [
  {
    id: 'R-2', kind: 'ClusterCIDRConfig', action: 'deny',
    validations: () => [fieldCheck({
      field: 'spec', value: (root) => `${root}.?spec`,
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
        bad: (root) => `${hasBlock(root, key)} && ${block(root, key)}.?cidr.hasValue() && !${isCidrOfFamily(cidrOf(root, key), family)}`,
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


/** A block whose cidr parses as its family and whose mask lies between its prefix and the family's bits (UsableBlock). */
const usable = (root: string, key: FamilyKey, family: 4 | 6, bits: number) => `(${readableCidr(root, key, family)} && ${hasMask(root, key)}`
  + ` && ${maskOf(root, key)} <= ${bits} && ${maskOf(root, key)} >= ${prefixOf(cidrOf(root, key))})`;
/** K-CIDRSET: the node allocator's bitmap holds at most 2^16 blocks. */
const MAX_NODE_BLOCK_BITS = 16;
const MIN_HOST_BITS = 4;
// The test CRDs declare no field of nodeSelector (unknown fields are kept): read through dyn(), so that the type check
// against a schema with or without them passes (VP-7).
const selector = (root: string) => `dyn(${root}.?spec.?nodeSelector.orValue(dyn({})))`;
const matchLabels = (root: string) => `${selector(root)}.?matchLabels.orValue({})`;
const matchExpressions = (root: string) => `${selector(root)}.?matchExpressions.orValue([])`;
const DOCUMENTED_LABELS_CEL = `[${DOCUMENTED_LABELS.map((label) => `'${label}'`).join(', ')}]`;

// R-18: upstream's label syntax (label-syntax.ts), as CEL regular expressions.
const NAME = "'^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$'";
const VALUE = "'^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$'";
const SUBDOMAIN = "'^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'";
const validName = (name: string) => `(size(${name}) > 0 && size(${name}) <= 63 && ${name}.matches(${NAME}))`;
const validKey = (key: string) => bind(`${key}.split('/')`, 'parts',
  `size(parts) == 1 ? ${validName('parts[0]')} : size(parts) == 2 && size(parts[0]) > 0 && size(parts[0]) <= 253 && parts[0].matches(${SUBDOMAIN}) && ${validName('parts[1]')}`);
const validValue = (value: string) => `(size(${value}) <= 63 && ${value}.matches(${VALUE}))`;

const CLUSTER_CIDR_CONFIG_CEL_MORE: readonly CelRule[] = [
  {
    id: 'R-6', kind: 'ClusterCIDRConfig', action: 'deny',
    validations: () => [fieldCheck({
      field: 'spec.ipv6.perNodeMaskSize', value: (root) => maskOf(root, 'ipv6'),
      bad: (root) => `${usable(root, 'ipv6', 6, 128)} && ${maskOf(root, 'ipv6')} - ${prefixOf(cidrOf(root, 'ipv6'))} > ${MAX_NODE_BLOCK_BITS}`,
      message: `'Invalid value: ' + string(${maskOf('object', 'ipv6')}) + ': must be at most ' + string(${prefixOf(cidrOf('object', 'ipv6'))} + ${MAX_NODE_BLOCK_BITS}) + ': the node IPAM allocator splits spec.ipv6.cidr into at most 2^16 node blocks'`,
    })],
  },
  {
    id: 'R-7', kind: 'ClusterCIDRConfig', action: 'warn',
    validations: () => [fieldCheck({
      field: 'spec.ipv4', value: (root) => maskOf(root, 'ipv4'), ratchet: false,
      bad: (root) => `${usable(root, 'ipv4', 4, 32)} && ${maskOf(root, 'ipv4')} - ${prefixOf(cidrOf(root, 'ipv4'))} > ${MAX_NODE_BLOCK_BITS}`,
      message: `'/' + string(${maskOf('object', 'ipv4')}) + ' per node splits /' + string(${prefixOf(cidrOf('object', 'ipv4'))}) + ' into more than 2^16 blocks; kubeadm allows at most 2^16'`,
    })],
  },
  {
    id: 'R-8', kind: 'ClusterCIDRConfig', action: 'warn',
    validations: () => FAMILIES.map(({ key, bits }) => fieldCheck({
      field: `spec.${key}.perNodeMaskSize`, value: (root) => maskOf(root, key), ratchet: false,
      bad: (root) => `${hasBlock(root, key)} && ${hasMask(root, key)} && ${maskOf(root, key)} <= ${bits} && ${bits} - ${maskOf(root, key)} < ${MIN_HOST_BITS}`,
      message: `string(${maskOf('object', key)}) + ' leaves ' + string(${bits} - ${maskOf('object', key)}) + ' host bits per node; use at most /${bits - MIN_HOST_BITS} (16 addresses)'`,
    })),
  },
  {
    id: 'R-11', kind: 'ClusterCIDRConfig', action: 'deny', operations: ['UPDATE'],
    validations: () => FAMILIES.flatMap(({ key }) => {
      const both = `oldObject != null && ${hasBlock('object', key)} && ${hasBlock('oldObject', key)}`;
      const cidrs = [cidrOf('object', key), cidrOf('oldObject', key)] as const;
      const sameText = `(${isCidr(cidrs[0])} && ${isCidr(cidrs[1])} ? ${canonicalCidr(cidrs[0])} == ${canonicalCidr(cidrs[1])} : ${cidrs[0]} == ${cidrs[1]})`;
      return [
        { expression: `oldObject == null || ${hasBlock('object', key)} == ${hasBlock('oldObject', key)}`, message: `'spec.${key}: Invalid value: field is immutable'`, field: `spec.${key}` },
        { expression: `!(${both}) || ${sameText}`, message: `'spec.${key}.cidr: Invalid value: field is immutable'`, field: `spec.${key}.cidr` },
        { expression: `!(${both}) || ${maskOf('object', key)} == ${maskOf('oldObject', key)}`, message: `'spec.${key}.perNodeMaskSize: Invalid value: field is immutable'`, field: `spec.${key}.perNodeMaskSize` },
      ];
    }),
  },
  {
    id: 'R-12', kind: 'ClusterCIDRConfig', action: 'warn', operations: ['UPDATE'],
    validations: () => {
      const labels = (root: string) => `${matchLabels(root)}.filter(k, type(${matchLabels(root)}[k]) == string)`;
      const same = `${labels('object')}.all(k, k in ${matchLabels('oldObject')} && ${matchLabels('oldObject')}[k] == ${matchLabels('object')}[k])`
        + ` && ${labels('oldObject')}.all(k, k in ${matchLabels('object')} && ${matchLabels('object')}[k] == ${matchLabels('oldObject')}[k])`
        + ` && ${matchExpressions('object')} == ${matchExpressions('oldObject')}`;
      return [{ expression: `oldObject == null || (${same})`, message: `'spec.nodeSelector: changed: nodes keep the pod ranges already allocated; only new nodes follow it'`, field: 'spec.nodeSelector' }];
    },
  },
  {
    id: 'R-13', kind: 'ClusterCIDRConfig', action: 'warn',
    validations: () => [
      { expression: `size(${matchExpressions('object')}) == 0`, message: `'spec.nodeSelector.matchExpressions is not documented for ClusterCIDRConfig; use matchLabels'`, field: 'spec.nodeSelector.matchExpressions' },
      {
        expression: `${matchLabels('object')}.all(k, type(${matchLabels('object')}[k]) != string || k in ${DOCUMENTED_LABELS_CEL})`,
        message: `'spec.nodeSelector.matchLabels: "' + ${matchLabels('object')}.filter(k, type(${matchLabels('object')}[k]) == string && !(k in ${DOCUMENTED_LABELS_CEL}))[0] + '" is not a documented label (node-pool, k8s-ip)'`,
        field: 'spec.nodeSelector.matchLabels',
      },
    ],
  },
  {
    id: 'R-16', kind: 'ClusterCIDRConfig', action: 'warn', operations: ['DELETE'],
    validations: () => [{
      expression: 'false',
      message: `'"' + ${path('oldObject', 'metadata.name', "''")} + '" stays Terminating while nodes use its ranges; their pod CIDRs are never revoked'`,
      field: 'metadata.name',
    }],
  },
  {
    id: 'R-18', kind: 'ClusterCIDRConfig', action: 'deny',
    validations: () => {
      const field = 'spec.nodeSelector.matchLabels';
      const isString = (root: string, k: string) => `type(${matchLabels(root)}[${k}]) == string`;
      const badKey = (root: string, k: string) => `${isString(root, k)} && !${validKey(k)}`;
      const badValue = (root: string, k: string) => `${isString(root, k)} && !${validValue(`${matchLabels(root)}[${k}]`)}`;
      const oldHas = (k: string) => `oldObject != null && ${k} in ${matchLabels('oldObject')}`;
      const failingKey = (k: string) => `${badKey('object', k)} && !(${oldHas(k)} && ${badKey('oldObject', k)})`;
      const failingValue = (k: string) => `${badValue('object', k)} && !(${oldHas(k)} && ${matchLabels('oldObject')}[${k}] == ${matchLabels('object')}[${k}] && ${badValue('oldObject', k)})`;
      return [
        {
          expression: `!${matchLabels('object')}.exists(k, ${failingKey('k')})`,
          message: `'${field}: Invalid value: ' + ${quoted(`${matchLabels('object')}.filter(k, ${failingKey('k')})[0]`)} + ': name part must consist of alphanumeric characters, \\'-\\', \\'_\\' or \\'.\\', and must start and end with an alphanumeric character (or the prefix is not a DNS-1123 subdomain)'`,
          field,
        },
        {
          expression: `!${matchLabels('object')}.exists(k, ${failingValue('k')})`,
          message: bind(`${matchLabels('object')}.filter(k, ${failingValue('k')})[0]`, 'k',
            `'${field}[' + k + ']: Invalid value: ' + ${quoted(`${matchLabels('object')}[k]`)} + ': a valid label must be an empty string or consist of alphanumeric characters, \\'-\\', \\'_\\' or \\'.\\', and must start and end with an alphanumeric character'`),
          field: `${field}[key]`,
        },
      ];
    },
  },
];

// The param rules: `params` is a Cluster of the config's namespace (VP-2: paramRef selector without namespace).
const clusterPods = `params.?spec.?clusterNetwork.?pods.?cidrBlocks.orValue([])`;
const clusterServices = `params.?spec.?clusterNetwork.?services.?cidrBlocks.orValue([])`;
const clusterFlat = `params.?spec.?clusterNetwork.?flatIPv4.orValue(false) == true`;
const islandPodCidr = `${clusterPods}.filter(c, ${isCidrOfFamily('c', 4)})`;
/** C-12's table: the per-node IPv4 prefix for maxPodsPerNode (0 when out of range). */
const maxPods = `params.?spec.?nodeConfig.?podDensity.?maxPodsPerNode.orValue(${DEFAULT_MAX_PODS_PER_NODE})`;
const tablePrefix = `(${maxPods} < 1 || ${maxPods} > 250 ? 0 : ${maxPods} <= 32 ? 26 : ${maxPods} <= 64 ? 25 : ${maxPods} <= 128 ? 24 : 23)`;
const catchAll = (root: string) => `(${matchLabels(root)}.all(k, type(${matchLabels(root)}[k]) != string) && size(${matchExpressions(root)}) == 0)`;

const CLUSTER_CIDR_CONFIG_PARAM_CEL: readonly CelRule[] = [
  {
    // R-1: no Cluster in the namespace ⇒ kube-apiserver's own denial (parameterNotFoundAction: Deny), which names
    // the policy (dualstack-webhook-r-1) but carries no rule ID of ours (VP-2).
    id: 'R-1', kind: 'ClusterCIDRConfig', action: 'deny', params: { notFound: 'Deny' },
    validations: () => [{ expression: 'true', message: `'metadata.namespace: no Cluster found in this namespace'`, field: 'metadata.namespace' }],
  },
  {
    id: 'R-9', kind: 'ClusterCIDRConfig', action: 'warn', params: { notFound: 'Allow' },
    validations: () => FAMILIES.map(({ key, family, bits }) => fieldCheck({
      field: `spec.${key}.perNodeMaskSize`, value: (root) => maskOf(root, key), ratchet: false,
      bad: (root) => `${tablePrefix} > 0 && ${usable(root, key, family, bits)} && ${bits} - ${maskOf(root, key)} < 32 - ${tablePrefix}`,
      message: `string(${maskOf('object', key)}) + ' gives too few addresses per node; maxPodsPerNode ' + string(${maxPods}) + ' needs /' + string(${bits} - 32 + ${tablePrefix}) + ' or wider'`,
    })),
  },
  {
    id: 'R-10', kind: 'ClusterCIDRConfig', action: 'deny', params: { notFound: 'Allow' },
    validations: () => {
      const cidr = (root: string) => cidrOf(root, 'ipv4');
      const applies = (root: string) => `!(${clusterFlat}) && ${readableCidr(root, 'ipv4', 4)} && size(${islandPodCidr}) > 0`;
      const pods = `${islandPodCidr}[0]`;
      return [
        fieldCheck({
          field: 'spec.ipv4.cidr', value: cidr,
          bad: (root) => `${applies(root)} && ${catchAll(root)} && !${sameCidr(cidr(root), pods)}`,
          message: `'Invalid value: ' + ${quoted(cidr('object'))} + ': must equal the pod CIDR ' + ${canonicalCidr(pods)} + ' of Cluster "' + params.metadata.name + '" in IPv4 island mode when nodeSelector is empty'`,
        }),
        fieldCheck({
          field: 'spec.ipv4.cidr', value: cidr,
          bad: (root) => `${applies(root)} && !${catchAll(root)} && !${cidrContainsCidr(pods, cidr(root))}`,
          message: `'Invalid value: ' + ${quoted(cidr('object'))} + ': must lie inside the pod CIDR ' + ${canonicalCidr(pods)} + ' of Cluster "' + params.metadata.name + '" in IPv4 island mode'`,
        }),
      ];
    },
  },
  {
    id: 'R-15', kind: 'ClusterCIDRConfig', action: 'deny', params: { notFound: 'Allow' },
    validations: () => [fieldCheck({
      field: 'spec.ipv6', value: (root) => `${hasBlock(root, 'ipv6')}`,
      bad: (root) => `${hasBlock(root, 'ipv6')} && !${clusterServices}.exists(c, ${isCidrOfFamily('c', 6)})`,
      message: `'Forbidden: Cluster "' + params.metadata.name + '" is not dual-stack: spec.clusterNetwork.services.cidrBlocks has no IPv6 range'`,
    })],
  },
];

/** Every ClusterCIDRConfig rule's CEL, in catalog order. */
export const CLUSTER_CIDR_CONFIG_CEL: readonly CelRule[] = [
  ...CLUSTER_CIDR_CONFIG_CEL_FIRST, ...CLUSTER_CIDR_CONFIG_CEL_MORE, ...CLUSTER_CIDR_CONFIG_PARAM_CEL,
]
  .sort((a, b) => Number(a.id.slice(2)) - Number(b.id.slice(2)));
