import {
  CONTROL_PLANE_NODES, CONTROL_PLANE_VIP, INGRESS_VIP, LOAD_BALANCER_NODES, MAX_PODS_PER_NODE, PODS, POOLS, SERVICES,
} from '../cluster/cluster-fields.js';
import { DEFAULT_MAX_PODS_PER_NODE } from '../pod-density.js';
import {
  addressKey, canonicalCidr, canonicalIp, cidrContainsCidr, cidrContainsIp, cidrFamily, cidrKeys, cidrsOverlap,
  addressSpan, bind, isCanonicalCidr, isCidr, isCidrOfFamily, isIp, isIpOfFamily, list, optional, path, prefixOf, quoted,
  sameCidr, spanHolds, spansOverlap,
} from './cel-expressions.js';
import { nodeAddressChecks } from './node-address-cel.js';
import { locatedCidrSpan, poolEntryCanonical, poolEntrySpan } from './pool-entry-cel.js';
import { type CelRule, type CelVariable, entryCheck, fieldCheck, variable } from './cel-rule.js';

/**
 * The CEL of the Cluster rules (src/rules/cluster/*.ts), keyed by rule ID, in catalog order. Each entry says in CEL
 * what the rule of the same ID says in TypeScript; test/rules/cel/*.test.ts hold them to the same answers.
 */
const pods = (root: string) => list(root, 'spec.clusterNetwork.pods.cidrBlocks');
const services = (root: string) => list(root, 'spec.clusterNetwork.services.cidrBlocks');
const flatIpv4 = (root: string) => `${root}.?spec.?clusterNetwork.?flatIPv4.orValue(false) == true`;

function prefixBetween(id: 'C-7' | 'C-8', field: string, entries: (root: string) => string, shortest: number, longest: number): CelRule {
  return {
    id, kind: 'Cluster', action: 'deny',
    validations: () => [entryCheck({
      path: field, list: entries,
      bad: (e) => `${isCidrOfFamily(e, 4)} && (${prefixOf(e)} < ${shortest} || ${prefixOf(e)} > ${longest})`,
      message: (e) => `'Invalid value: ' + ${quoted(e)} + ': must have a prefix length between /${shortest} and /${longest}; it is /' + string(${prefixOf(e)})`,
    })],
  };
}

function canonicalEntries(field: string, entries: (root: string) => string) {
  return entryCheck({
    path: field, list: entries,
    bad: (e) => `!${isCanonicalCidr(e)}`,
    message: (e) => `'Invalid value: ' + ${quoted(e)} + (${isCidr(e)} ? ': must be in canonical form; did you mean ' + ${canonicalCidr(e)} + '?' : ': must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')`,
  });
}

const CLUSTER_CEL_FIRST: readonly CelRule[] = [
  {
    id: 'C-2', kind: 'Cluster', action: 'deny',
    validations: () => [
      fieldCheck({
        field: SERVICES, value: services, bad: (root) => `size(${services(root)}) == 0`,
        message: `'Required value: one IPv4 CIDR, or one IPv4 and one IPv6 CIDR for a dual-stack cluster'`,
      }),
      fieldCheck({
        field: SERVICES, value: services, bad: (root) => `size(${services(root)}) > 2`,
        message: `'Invalid value: must not contain more than two entries'`,
      }),
      fieldCheck({
        field: `${SERVICES}[1]`, value: (root) => `${services(root)}[1]`,
        bad: (root) => `size(${services(root)}) == 2 && ${isCidr(`${services(root)}[0]`)} && ${isCidr(`${services(root)}[1]`)}`
          + ` && ${cidrFamily(`${services(root)}[0]`)} == ${cidrFamily(`${services(root)}[1]`)}`,
        message: `'Invalid value: ' + ${quoted(`${services('object')}[1]`)} + ': [0] and [1] must be of different IP family'`,
      }),
    ],
  },
  {
    id: 'C-3', kind: 'Cluster', action: 'deny',
    validations: () => [fieldCheck({
      field: SERVICES, value: services,
      bad: (root) => `${services(root)}.exists(c, ${isCidr('c')}) && !${services(root)}.exists(c, ${isCidrOfFamily('c', 4)})`,
      message: `'Invalid value: must contain an IPv4 CIDR: a cluster is IPv4 single-stack or IPv4/IPv6 dual-stack, never IPv6-only'`,
    })],
  },
  {
    id: 'C-4', kind: 'Cluster', action: 'warn',
    validations: () => [fieldCheck({
      field: SERVICES, value: services, ratchet: false,
      bad: (root) => `${services(root)}.exists(c, ${isCidrOfFamily('c', 4)}) && ${services(root)}.filter(c, ${isCidr('c')}).exists(c, ${isCidrOfFamily('c', 6)})`
        + ` && ${cidrFamily(`${services(root)}.filter(c, ${isCidr('c')})[0]`)} == 6`,
      message: `'lists IPv6 first, so single-stack Services get IPv6; list the IPv4 range first'`,
    })],
  },
  {
    id: 'C-5', kind: 'Cluster', action: 'deny',
    validations: () => [
      entryCheck({
        path: PODS, list: pods, bad: (e) => isCidrOfFamily(e, 6),
        message: (e) => `'Invalid value: ' + ${quoted(e)} + ': must be an IPv4 CIDR: the IPv6 pod range belongs in a ClusterCIDRConfig'`,
      }),
      fieldCheck({
        field: PODS, value: pods, bad: (root) => `size(${pods(root)}.filter(c, !${isCidrOfFamily('c', 6)})) > 1`,
        message: `'Too many: ' + string(size(${pods('object')}.filter(c, !${isCidrOfFamily('c', 6)}))) + ': must have at most 1 item'`,
      }),
    ],
  },
  prefixBetween('C-7', PODS, pods, 8, 18),
  prefixBetween('C-8', SERVICES, services, 12, 24),
  {
    id: 'C-9', kind: 'Cluster', action: 'deny',
    validations: ({ maxServiceHostBits: limit }) => limit > 0 ? [entryCheck({
      path: SERVICES, list: services,
      bad: (e) => `${isCidrOfFamily(e, 6)} && 128 - ${prefixOf(e)} > ${limit}`,
      message: (e) => `'Invalid value: ' + ${quoted(e)} + ': is too large; for 128-bit addresses, the mask must be >= ${128 - limit}'`
        + ` + ' (at most ${limit} host bits, as kube-apiserver requires); /' + string(${prefixOf(e)}) + ' has ' + string(128 - ${prefixOf(e)})`,
    })] : [],
  },
  {
    id: 'C-10', kind: 'Cluster', action: 'warn',
    validations: () => [entryCheck({
      path: SERVICES, list: services, ratchet: false,
      bad: (e) => `${isCidrOfFamily(e, 6)} && ${prefixOf(e)} > 120`,
      message: (e) => `${canonicalCidr(e)} + ' has only ' + string(128 - ${prefixOf(e)}) + ' host bits; /120 or wider gives at least 256 addresses'`,
    })],
  },
  {
    id: 'C-16', kind: 'Cluster', action: 'deny',
    validations: () => [canonicalEntries(PODS, pods), canonicalEntries(SERVICES, services)],
  },
  {
    id: 'C-18', kind: 'Cluster', action: 'deny',
    validations: () => [entryCheck({
      path: SERVICES, list: services,
      bad: (e, root) => `!(${flatIpv4(root)}) && ${isCidr(e)} && ${pods(root)}.exists(p, ${isCidr('p')} && ${cidrsOverlap('p', e)})`,
      message: (e) => `'Invalid value: ' + ${quoted(e)} + ': must not overlap the pod range ' + ${pods('object')}.filter(p, ${isCidr('p')} && ${cidrsOverlap('p', e)})[0]`,
    })],
  },
];


const servicesDualStack = (root: string) => `(${services(root)}.exists(c, ${isCidrOfFamily('c', 4)}) && ${services(root)}.exists(c, ${isCidrOfFamily('c', 6)}))`;
const clusterType = (root: string) => path(root, 'spec.type', "''");
const isAdmin = (root: string) => `${clusterType(root)} == 'admin'`;
const lbMode = (root: string) => path(root, 'spec.loadBalancer.mode', "''");
const lbType = (root: string) => path(root, 'spec.loadBalancer.type', "'layer2'");
const pools = (root: string) => list(root, 'spec.loadBalancer.addressPools');
const controlPlaneNodes = (root: string) => list(root, 'spec.controlPlane.nodePoolSpec.nodes');
const loadBalancerNodes = (root: string) => list(root, 'spec.loadBalancer.nodePoolSpec.nodes');
/** The ranges node IPs, VIPs and pools must avoid (C-17): pods (not in flat IPv4 mode, C-41) and services. */
const podAndServiceRanges = (root: string) => `((${flatIpv4(root)}) ? [] : ${pods(root)}.filter(r, ${isCidr('r')})) + ${services(root)}.filter(r, ${isCidr('r')})`;
const NODE_LISTS = [
  { field: CONTROL_PLANE_NODES, nodes: controlPlaneNodes },
  { field: LOAD_BALANCER_NODES, nodes: loadBalancerNodes },
] as const;
const NODE_KEYS = ['address', 'k8sIP'] as const;
const RFC_1918 = "['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']";

/** Every pool's entries as located spans `[text, family, first, last]` (`[text]` when unreadable), parsed once. */
const POOL_ENTRIES: CelVariable = {
  name: 'poolEntries',
  expression: (root) => `${pools(root)}.map(p, p.?addresses.orValue([]).map(a, ${poolEntrySpan('a')}))`,
};
const poolEntries = (root: string) => variable(root, 'poolEntries');
/** The pod (not in flat IPv4 mode) and service ranges as located spans: what pools must not overlap (C-17). */
const RANGE_SPANS: CelVariable = {
  name: 'rangeSpans',
  expression: (root) => `(${podAndServiceRanges(root)}).map(r, ${locatedCidrSpan('r')})`,
};

/** One C-20 field: how it reads, its documented default (an UPDATE that spells it out is no change), how it compares. */
interface GovernedCel {
  readonly field: string;
  readonly unset?: string;
  readonly key?: (value: string) => string;
}

const GOVERNED: readonly GovernedCel[] = [
  { field: 'spec.type' },
  { field: PODS, key: (value) => cidrKeys(value) },
  { field: 'spec.clusterNetwork.flatIPv4', unset: 'false' },
  { field: 'spec.clusterNetwork.advancedNetworking', unset: 'false' },
  { field: 'spec.clusterNetwork.multipleNetworkInterfaces', unset: 'false' },
  { field: 'spec.clusterNetwork.forwardMode', unset: "'snat'" },
  { field: MAX_PODS_PER_NODE, unset: String(DEFAULT_MAX_PODS_PER_NODE) },
  { field: 'spec.loadBalancer.mode' },
  { field: 'spec.loadBalancer.type', unset: "'layer2'" },
  { field: 'spec.loadBalancer.ports.controlPlaneLBPort' },
  { field: CONTROL_PLANE_VIP, key: addressKey },
  { field: INGRESS_VIP, key: addressKey },
  { field: 'spec.controlPlane.loadBalancer.mode' },
];

function governedChange({ field, unset, key = (value) => value }: GovernedCel) {
  const old = optional('oldObject', field);
  const now = optional('object', field);
  const changed = unset === undefined
    ? `${old}.hasValue() && (!${now}.hasValue() || ${key(`${now}.value()`)} != ${key(`${old}.value()`)})`
    : `${key(`${now}.orValue(${unset})`)} != ${key(`${old}.orValue(${unset})`)}`;
  return {
    expression: `oldObject == null || !(${changed})`,
    message: `'${field}: Invalid value: field is immutable'`,
    field,
  };
}

/** C-20's node k8sIPs: nodes are matched by address; a node's k8sIP stands for its address when unset. */
const K8S_IP_NODES_BOUND = 250;

function k8sIpChanges(field: string, nodes: (root: string) => string) {
  const ipOf = (node: string) => addressKey(`${node}.?k8sIP.orValue(${node}.?address.orValue(''))`);
  const changed = (n: string) => `${nodes('oldObject')}.exists(m, ${addressKey(`m.?address.orValue('')`)} == ${addressKey(`${n}.?address.orValue('')`)} && ${ipOf('m')} != ${ipOf(n)})`;
  const check = entryCheck({
    path: field, suffix: '.k8sIP', list: nodes, ratchet: false, variable: 'n',
    bad: (n) => `oldObject != null && ${changed(n)}`,
    message: () => `'Invalid value: field is immutable'`,
  });
  return {
    ...check,
    expression: `size(${nodes('object')}) > ${K8S_IP_NODES_BOUND} || size(${nodes('oldObject')}) > ${K8S_IP_NODES_BOUND} || ${check.expression}`,
  };
}

function addressesInRanges(field: string, nodes: (root: string) => string) {
  return NODE_KEYS.map((key) => entryCheck({
    path: field, suffix: `.${key}`, list: nodes, variable: 'n',
    bad: (n, root) => `${n}.?${key}.hasValue() && ${isIp(`${n}.${key}`)} && (${podAndServiceRanges(root)}).exists(r, ${cidrContainsIp('r', `${n}.${key}`)})`,
    message: (n) => `'Invalid value: "' + ${canonicalIp(`${n}.${key}`)} + '": must not overlap ' + (${podAndServiceRanges('object')}).filter(r, ${cidrContainsIp('r', `${n}.${key}`)})[0] + ': node IPs, VIPs and load-balancer pools must lie outside the pod and service ranges'`,
  }));
}

function vipInRanges(field: string) {
  const vip = (root: string) => optional(root, field);
  return fieldCheck({
    field, value: (root) => `${vip(root)}.orValue('')`,
    bad: (root) => `${vip(root)}.hasValue() && ${isIp(`${vip(root)}.value()`)} && (${podAndServiceRanges(root)}).exists(r, ${cidrContainsIp('r', `${vip(root)}.value()`)})`,
    message: `'Invalid value: "' + ${canonicalIp(`${vip('object')}.value()`)} + '": must not overlap ' + (${podAndServiceRanges('object')}).filter(r, ${cidrContainsIp('r', `${vip('object')}.value()`)})[0] + ': node IPs, VIPs and load-balancer pools must lie outside the pod and service ranges'`,
  });
}

const ONPREM_API_ANNOTATIONS = "['onprem.cluster.gke.io/user-cluster-resource-link', 'onprem.cluster.gke.io/admin-cluster-resource-link']";

const CLUSTER_CEL_MORE: readonly CelRule[] = [
  {
    id: 'C-6', kind: 'Cluster', action: 'deny', operations: ['UPDATE'], whenSpecChanges: true,
    validations: () => ([4, 6] as const).flatMap((family) => {
      const readable = (root: string) => `${services(root)}.exists(c, ${isCidr('c')})`;
      const has = (root: string) => `${services(root)}.exists(c, ${isCidrOfFamily('c', family)})`;
      const name = family === 4 ? 'IPv4' : 'IPv6';
      return [
        entryCheck({
          path: SERVICES, list: services, ratchet: false,
          bad: (e) => `oldObject != null && ${readable('oldObject')} && ${isCidrOfFamily(e, family)} && !${has('oldObject')}`
            + ` && ${e} == ${services('object')}.filter(c, ${isCidrOfFamily('c', family)})[0]`,
          message: (e) => `'Invalid value: ' + ${quoted(e)} + ': can\\'t add an ${name} service range after creation: dual-stack can be enabled only when the cluster is created'`,
        }),
        fieldCheck({
          field: SERVICES, value: services, ratchet: false,
          bad: () => `oldObject != null && ${readable('object')} && ${has('oldObject')} && !${has('object')}`,
          message: `'Invalid value: can\\'t remove the ${name} service range: the service families are fixed at creation'`,
        }),
      ];
    }),
  },
  {
    id: 'C-11', kind: 'Cluster', action: 'deny',
    validations: () => {
      const value = (root: string) => optional(root, MAX_PODS_PER_NODE);
      const minimum = (root: string) => `(${clusterType(root)} in ['', 'user'] || size(${controlPlaneNodes(root)}) > 1 ? 32 : 64)`;
      return [fieldCheck({
        field: MAX_PODS_PER_NODE, value: (root) => `${value(root)}.orValue(0)`,
        bad: (root) => `${value(root)}.hasValue() && (${value(root)}.value() < ${minimum(root)} || ${value(root)}.value() > 250)`,
        message: `'Invalid value: ' + string(${value('object')}.value()) + ': must be between ' + string(${minimum('object')}) + ' and 250'`,
      })];
    },
  },
  {
    id: 'C-15', kind: 'Cluster', action: 'warn',
    validations: () => [[PODS, pods], [SERVICES, services]].map(([field, entries]) => entryCheck({
      path: field as string, list: entries as (root: string) => string, ratchet: false,
      bad: (e) => `${isCidrOfFamily(e, 4)} && !${RFC_1918}.exists(r, ${cidrContainsCidr('r', e)})`,
      message: (e) => `${canonicalCidr(e)} + ' is not RFC 1918 private space (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)'`,
    })),
  },
  {
    id: 'C-17', kind: 'Cluster', action: 'deny', variables: [POOL_ENTRIES, RANGE_SPANS],
    validations: () => [
      vipInRanges(CONTROL_PLANE_VIP), vipInRanges(INGRESS_VIP),
      ...NODE_LISTS.flatMap(({ field, nodes }) => addressesInRanges(field, nodes)),
      ...poolEntriesOverlappingRanges(),
    ],
  },
  {
    id: 'C-19', kind: 'Cluster', action: 'warn',
    validations: () => [entryCheck({
      path: 'spec.loadBalancer.bgpPeers', suffix: '.ip', list: (root) => list(root, 'spec.loadBalancer.bgpPeers'), ratchet: false, variable: 'b',
      bad: (b, root) => `!(${flatIpv4(root)}) && ${b}.?ip.hasValue() && ${isIp(`${b}.ip`)} && ${pods(root)}.exists(p, ${isCidr('p')} && ${cidrContainsIp('p', `${b}.ip`)})`,
      message: (b) => `'BGP peer ' + ${canonicalIp(`${b}.ip`)} + ' is inside the pod range: pods cannot reach it in island mode'`,
    })],
  },
  {
    id: 'C-20', kind: 'Cluster', action: 'deny', operations: ['UPDATE'], whenSpecChanges: true,
    costNote: `the k8sIP check compares nodes by address only while each node list has at most ${K8S_IP_NODES_BOUND} nodes (pairwise); larger lists are left to the webhook`,
    validations: () => [
      ...GOVERNED.map(governedChange),
      ...NODE_LISTS.map(({ field, nodes }) => k8sIpChanges(field, nodes)),
    ],
  },
  {
    id: 'C-21', kind: 'Cluster', action: 'deny', operations: ['UPDATE'], whenSpecChanges: true,
    validations: () => {
      const before = (e: string) => `${services('oldObject')}.filter(c, ${isCidr('c')} && ${cidrFamily('c')} == ${cidrFamily(e)})`;
      const was = (e: string) => `${before(e)}[0]`;
      const hasBefore = (e: string) => `oldObject != null && ${isCidr(e)} && size(${before(e)}) > 0`;
      const readableNow = `${services('object')}.filter(c, ${isCidr('c')})`;
      const readableBefore = `${services('oldObject')}.filter(c, ${isCidr('c')})`;
      return [
        entryCheck({
          path: SERVICES, list: services, ratchet: false,
          bad: (e) => `${hasBefore(e)} && ${cidrFamily(e)} == 6 && !${sameCidr(e, was(e))}`,
          message: (e) => `'Invalid value: ' + ${quoted(e)} + ': field is immutable (was "' + ${canonicalCidr(was(e))} + '"): the IPv6 service range cannot change'`,
        }),
        entryCheck({
          path: SERVICES, list: services, ratchet: false,
          bad: (e) => `${hasBefore(e)} && ${cidrFamily(e)} == 4 && (${prefixOf(e)} > ${prefixOf(was(e))} || !${cidrContainsCidr(e, was(e))})`,
          message: (e) => `'Invalid value: ' + ${quoted(e)} + ': must contain the current range ' + ${canonicalCidr(was(e))} + ': the IPv4 service range may only grow'`,
        }),
        fieldCheck({
          field: SERVICES, value: services, ratchet: false,
          bad: () => `oldObject != null && size(${readableBefore}) == 2 && size(${readableNow}) == 2 && ${cidrFamily(`${readableBefore}[0]`)} != ${cidrFamily(`${readableNow}[0]`)}`,
          message: `'Invalid value: the first service range sets the primary Service family and can\\'t change'`,
          // The cause names the first readable entry, as the webhook's does.
          at: `'${SERVICES}[' + string(${services('object')}.indexOf(${readableNow}[0])) + ']'`,
        }),
      ];
    },
  },
  {
    id: 'C-22', kind: 'Cluster', action: 'deny', operations: ['UPDATE'], whenSpecChanges: true,
    validations: () => {
      const version = path('object', 'spec.anthosBareMetalVersion', "''");
      const numbers = `${version}.substring(${version}.startsWith('v') ? 1 : 0).split('.')`;
      const before132 = `(type(${version}) == string && ${version}.matches('^v?[0-9]{1,4}[.][0-9]{1,4}([.]|$)') && (int(${numbers}[0]) < 1 || (int(${numbers}[0]) == 1 && int(${numbers}[1]) < 32)))`;
      const split = `${path('object', 'spec.controlPlane.loadBalancer.mode', "''")} == 'bundled'`;
      return [fieldCheck({
        field: 'spec.loadBalancer.nodePoolSpec', value: (root) => `${optional(root, 'spec.loadBalancer.nodePoolSpec')}.hasValue()`, ratchet: false,
        bad: () => `oldObject != null && !${optional('oldObject', 'spec.loadBalancer.nodePoolSpec')}.hasValue() && ${optional('object', 'spec.loadBalancer.nodePoolSpec')}.hasValue() && !(${split} && !${before132})`,
        message: `'Forbidden: can\\'t be added to a cluster created without it, except with spec.controlPlane.loadBalancer.mode: bundled (1.32+ load-balancer split)'`,
      })];
    },
  },
  {
    id: 'C-24', kind: 'Cluster', action: 'deny',
    validations: () => [
      fieldCheck({
        field: 'spec.loadBalancer', value: (root) => `${optional(root, 'spec.loadBalancer')}.hasValue()`,
        bad: (root) => `${optional(root, 'spec')}.hasValue() && !${optional(root, 'spec.loadBalancer')}.hasValue()`, message: `'Required value'`,
      }),
      fieldCheck({
        field: 'spec.loadBalancer.mode', value: (root) => lbMode(root),
        bad: (root) => `${optional(root, 'spec.loadBalancer')}.hasValue() && !${optional(root, 'spec.loadBalancer.mode')}.hasValue()`, message: `'Required value'`,
      }),
      fieldCheck({
        field: 'spec.loadBalancer.mode', value: (root) => lbMode(root),
        bad: (root) => `${optional(root, 'spec.loadBalancer.mode')}.hasValue() && !(${lbMode(root)} in ['bundled', 'manual'])`,
        message: `'Unsupported value: ' + ${quoted(lbMode('object'))} + ': supported values: "bundled", "manual"'`,
      }),
      fieldCheck({
        field: 'spec.loadBalancer.type', value: (root) => lbType(root),
        bad: (root) => `!(${lbType(root)} in ['layer2', 'bgp'])`,
        message: `'Unsupported value: ' + ${quoted(lbType('object'))} + ': supported values: "layer2", "bgp"'`,
      }),
    ],
  },
  {
    id: 'C-25', kind: 'Cluster', action: 'deny',
    validations: () => {
      const mode = (root: string) => path(root, 'spec.controlPlane.loadBalancer.mode', "''");
      return [
        fieldCheck({
          field: 'spec.controlPlane.loadBalancer.mode', value: mode,
          bad: (root) => `${mode(root)} == 'manual' && ${lbMode(root)} != 'manual'`,
          message: `'Invalid value: "manual": requires spec.loadBalancer.mode: manual'`,
        }),
        fieldCheck({
          field: 'spec.controlPlane.loadBalancer.mode', value: mode,
          bad: (root) => `${optional(root, 'spec.controlPlane.loadBalancer.mode')}.hasValue() && !(${mode(root)} in ['bundled', 'manual'])`,
          message: `'Unsupported value: ' + ${quoted(mode('object'))} + ': supported values: "bundled", "manual"'`,
        }),
      ];
    },
  },
  {
    id: 'C-26', kind: 'Cluster', action: 'deny',
    validations: () => {
      const peers = (root: string) => list(root, 'spec.loadBalancer.bgpPeers');
      const peer = { path: 'spec.loadBalancer.bgpPeers', suffix: '.ip', list: peers, variable: 'b' };
      return [
        fieldCheck({
          field: 'spec.loadBalancer.type', value: lbType,
          bad: (root) => `${lbType(root)} == 'bgp' && ${path(root, 'spec.clusterNetwork.advancedNetworking', 'false')} != true`,
          message: `'Invalid value: "bgp": requires spec.clusterNetwork.advancedNetworking: true'`,
        }),
        entryCheck({ ...peer, bad: (b) => `!${b}.?ip.hasValue()`, message: () => `'Required value'` }),
        entryCheck({
          ...peer, bad: (b) => `${b}.?ip.hasValue() && !${isIpOfFamily(`${b}.ip`, 4)}`,
          message: (b) => `'Invalid value: ' + ${quoted(`${b}.ip`)} + ': must be an IPv4 address'`,
        }),
      ];
    },
  },
  {
    id: 'C-27', kind: 'Cluster', action: 'deny',
    validations: () => [
      fieldCheck({
        field: POOLS, value: pools, bad: (root) => `size(${pools(root)}) > 0 && ${lbMode(root)} == 'manual'`,
        message: `'Forbidden: only valid with spec.loadBalancer.mode: bundled; remove it in manual mode'`,
      }),
      fieldCheck({
        field: POOLS, value: pools, bad: (root) => `size(${pools(root)}) > 0 && ${lbMode(root)} == 'bundled' && ${isAdmin(root)}`,
        message: `'Forbidden: not allowed in admin clusters'`,
      }),
    ],
  },
  {
    id: 'C-36', kind: 'Cluster', action: 'deny',
    validations: () => {
      const manualUser = (root: string) => `${lbMode(root)} == 'manual' && ${clusterType(root)} == 'user'`;
      const vip = (root: string) => optional(root, CONTROL_PLANE_VIP);
      return [
        fieldCheck({
          field: INGRESS_VIP, value: (root) => `${optional(root, INGRESS_VIP)}.hasValue()`,
          bad: (root) => `${manualUser(root)} && !${optional(root, INGRESS_VIP)}.hasValue()`,
          message: `'Required value: a user cluster with manual load balancing needs an ingress VIP'`,
        }),
        fieldCheck({
          field: CONTROL_PLANE_VIP, value: (root) => `${vip(root)}.orValue('')`,
          bad: (root) => `${manualUser(root)} && ${vip(root)}.hasValue() && ${isIpOfFamily(`${vip(root)}.value()`, 6)}`,
          message: `'Invalid value: ' + ${quoted(`${vip('object')}.value()`)} + ': must be an IPv4 address in manual mode (an IPv4 subnet routable from the load balancer)'`,
        }),
      ];
    },
  },
  {
    id: 'C-38', kind: 'Cluster', action: 'deny',
    validations: () => NODE_LISTS.flatMap(({ field, nodes }) => nodeAddressChecks(field, nodes)),
  },
  {
    id: 'C-41', kind: 'Cluster', action: 'warn',
    validations: () => [fieldCheck({
      field: PODS, value: pods, ratchet: false, bad: (root) => `${flatIpv4(root)} && size(${pods(root)}) > 0`,
      message: `'is ignored with flatIPv4: true; pod ranges come from ClusterCIDRConfigs'`,
    })],
  },
  {
    id: 'C-42', kind: 'Cluster', action: 'deny',
    validations: () => [fieldCheck({
      field: PODS, value: pods, bad: (root) => `!(${flatIpv4(root)}) && size(${pods(root)}) == 0`,
      message: `'Required value: island mode (flatIPv4 unset or false) uses it as the native routing CIDR'`,
    })],
  },
  {
    id: 'C-43', kind: 'Cluster', action: 'warn', operations: ['CREATE'],
    validations: () => [fieldCheck({
      field: 'spec.clusterNetwork', value: (root) => `${optional(root, 'spec.clusterNetwork')}.hasValue()`, ratchet: false,
      bad: (root) => `${flatIpv4(root)} && ${path(root, 'spec.clusterNetwork.advancedNetworking', 'false')} == true`,
      message: `'flat BGP mode needs NetworkGatewayGroup and FlatIPMode "default" and BGPPeers in ' + ${path('object', 'metadata.namespace', "'the cluster namespace'")}`,
    })],
  },
  {
    id: 'C-44', kind: 'Cluster', action: 'deny',
    validations: () => [fieldCheck({
      field: 'spec.clusterNetwork.multipleNetworkInterfaces', value: (root) => path(root, 'spec.clusterNetwork.multipleNetworkInterfaces', 'false'),
      bad: (root) => `${isAdmin(root)} && ${path(root, 'spec.clusterNetwork.multipleNetworkInterfaces', 'false')} == true`,
      message: `'Forbidden: not allowed for admin clusters'`,
    })],
  },
  {
    id: 'C-45', kind: 'Cluster', action: 'warn',
    validations: () => [fieldCheck({
      field: 'metadata.annotations', value: (root) => path(root, 'metadata.annotations', '{}'), ratchet: false,
      bad: (root) => `${ONPREM_API_ANNOTATIONS}.exists(k, k in ${path(root, 'metadata.annotations', '{}')}) && (${servicesDualStack(root)} || ${flatIpv4(root)})`,
      message: `'GKE On-Prem API clients (console, gcloud, Terraform) do not support dual-stack or flat IPv4; use bmctl'`,
    })],
  },
];

/**
 * A cause on a pool entry, `spec.loadBalancer.addressPools[i].addresses[j]`: `bad(span, root)` over the entry's
 * located span. D19 as entryCheck: an entry the old pools also hold, broken the same way in the old object, is an
 * existing violation.
 */
function poolEntryCheck(spec: {
  bad: (span: string, root: string) => string;
  message: (span: string) => string;
  ratchet?: boolean;
  /** Report the last failing entry (the later of an overlapping pair, as the webhook does). */
  last?: boolean;
}) {
  const old = (e: string) => `(oldObject != null && ${poolEntries('oldObject')}.exists(m, m.exists(was, was[0] == ${e}[0])) && ${spec.bad(e, 'oldObject')})`;
  const failing = (e: string) => (spec.ratchet ?? true) ? `(${spec.bad(e, 'object')} && !${old(e)})` : `(${spec.bad(e, 'object')})`;
  const all = poolEntries('object');
  const pick = (listExpression: string) => spec.last ? bind(listExpression, 'picked', 'picked[size(picked) - 1]') : `${listExpression}[0]`;
  const pool = pick(`${all}.filter(l, l.exists(e, ${failing('e')}))`);
  return {
    expression: `!${all}.exists(l, l.exists(e, ${failing('e')}))`,
    message: bind(pool, 'l', bind(pick(`l.filter(e, ${failing('e')})`), 'e',
      `'${POOLS}[' + string(${all}.indexOf(l)) + '].addresses[' + string(l.indexOf(e)) + ']: ' + ${spec.message('e')}`)),
    field: `${POOLS}[i].addresses[j]`,
  };
}

const readable = (span: string) => `size(${span}) == 4`;
/** Some readable pool entry of `root` holds the address (a readable IP text). */
const inSomePool = (root: string, address: string) => bind(addressSpan(address), 'x',
  `${poolEntries(root)}.exists(l, l.exists(e, ${spanHolds('e', 'x')}))`);
const hasUnreadableEntry = (root: string) => `${poolEntries(root)}.exists(l, l.exists(e, !(${readable('e')})))`;
const someEntryOfFamily = (root: string, family: 4 | 6) => `${poolEntries(root)}.exists(l, l.exists(e, ${readable('e')} && e[1] == '${family}'))`;
const isBundled = (root: string) => `${lbMode(root)} == 'bundled'`;
/** The entries of pool `p` (an element of the pools list). */
const entriesOfPool = (root: string, p: string) => `${poolEntries(root)}[${pools(root)}.indexOf(${p})]`;

function poolEntriesOverlappingRanges() {
  return [poolEntryCheck({
    bad: (e, root) => `${readable(e)} && ${variable(root, 'rangeSpans')}.exists(r, ${spansOverlap(e, 'r')})`,
    message: (e) => `'Invalid value: "' + ${poolEntryCanonical(`${e}[0]`)} + '": must not overlap ' + ${variable('object', 'rangeSpans')}.filter(r, ${spansOverlap(e, 'r')})[0][0] + ': node IPs, VIPs and load-balancer pools must lie outside the pod and service ranges'`,
  })];
}

/** VP-6: pairwise pool overlap fails kube-apiserver's cost limit between 150 and 200 entries. */
const MAX_POOL_ENTRIES = 128;
/** How many entries of all pools hold the same text (an entry written twice overlaps itself). */
const timesWritten = (root: string, text: string) => `${poolEntries(root)}.map(l, size(l.filter(x, x[0] == ${text}))).sum()`;

const CLUSTER_POOL_CEL: readonly CelRule[] = [
  {
    id: 'C-28', kind: 'Cluster', action: 'deny', variables: [POOL_ENTRIES],
    guard: () => ({
      expression: `${pools('object')}.map(p, size(p.?addresses.orValue([]))).sum() <= ${MAX_POOL_ENTRIES}`,
      reason: `only while the address pools hold at most ${MAX_POOL_ENTRIES} entries in all (the pairwise overlap check exceeds kube-apiserver's cost limit between 150 and 200, VP-6); larger clusters are judged by the webhook alone`,
    }),
    validations: () => {
      const poolList = { path: POOLS, list: pools, variable: 'p' };
      const name = (p: string) => `${p}.?name.orValue('')`;
      return [
        entryCheck({ ...poolList, suffix: '.name', bad: (p) => `${name(p)} == ''`, message: () => `'Required value'` }),
        entryCheck({
          ...poolList, suffix: '.name',
          bad: (p, root) => `${name(p)} != '' && size(${pools(root)}.filter(q, ${name('q')} == ${name(p)})) > 1`,
          message: (p) => `'Duplicate value: ' + ${quoted(name(p))}`,
        }),
        entryCheck({ ...poolList, suffix: '.addresses', bad: (p) => `size(${p}.?addresses.orValue([])) == 0`, message: () => `'Required value'` }),
        poolEntryCheck({
          bad: (e) => `!(${readable(e)})`,
          message: (e) => `'Invalid value: ' + ${quoted(`${e}[0]`)} + ': must be a CIDR (10.2.0.0/28) or a range with no spaces around the dash (10.2.0.212-10.2.0.221)'`,
        }),
        poolEntryCheck({
          last: true,
          bad: (e, root) => `${readable(e)} && ${poolEntries(root)}.exists(m, m.exists(f, f[0] == ${e}[0] ? ${timesWritten(root, `${e}[0]`)} > 1 : ${spansOverlap(e, 'f')}))`,
          message: (e) => `'Invalid value: "' + ${poolEntryCanonical(`${e}[0]`)} + '": address pool ranges must not overlap'`,
        }),
      ];
    },
  },
  {
    id: 'C-31', kind: 'Cluster', action: 'deny', variables: [POOL_ENTRIES],
    validations: () => [fieldCheck({
      field: POOLS, value: pools,
      bad: (root) => `${servicesDualStack(root)} && ${isBundled(root)} && !(${isAdmin(root)}) && !${hasUnreadableEntry(root)}`
        + ` && !(${someEntryOfFamily(root, 4)} && ${someEntryOfFamily(root, 6)})`,
      message: `'Required value: must include ' + (${someEntryOfFamily('object', 4)} ? '' : 'IPv4') + (${someEntryOfFamily('object', 4)} || ${someEntryOfFamily('object', 6)} ? '' : ' and ') + (${someEntryOfFamily('object', 6)} ? '' : 'IPv6') + ' addresses: a dual-stack cluster with bundled load balancing needs pool addresses of both families'`,
    })],
  },
  {
    id: 'C-32', kind: 'Cluster', action: 'warn', variables: [POOL_ENTRIES],
    validations: () => [entryCheck({
      path: POOLS, list: pools, variable: 'p', ratchet: false,
      bad: (p, root) => `${p}.?avoidBuggyIPs.orValue(false) == true && ${entriesOfPool(root, p)}.exists(e, ${readable('e')})`
        + ` && ${entriesOfPool(root, p)}.filter(e, ${readable('e')}).all(e, e[1] == '6')`,
      message: (p) => `'pool "' + ${p}.?name.orValue('') + '": avoidBuggyIPs only skips IPv4 .0/.255 addresses; it does nothing in this IPv6-only pool'`,
    })],
  },
  {
    id: 'C-33', kind: 'Cluster', action: 'warn', variables: [POOL_ENTRIES],
    validations: () => {
      const ipv6In = (root: string, p: string) => `${entriesOfPool(root, p)}.exists(e, ${readable('e')} && e[1] == '6')`;
      return [fieldCheck({
        field: POOLS, value: pools, ratchet: false,
        bad: (root) => `${servicesDualStack(root)} && ${isBundled(root)} && ${pools(root)}.exists(p, ${ipv6In(root, 'p')})`
          + ` && ${pools(root)}.all(p, !${ipv6In(root, 'p')} || p.?manualAssign.orValue(false) == true)`,
        message: `'every IPv6 pool is manualAssign: dual-stack LoadBalancer Services get no IPv6 address automatically'`,
      })];
    },
  },
  {
    id: 'C-34', kind: 'Cluster', action: 'deny', variables: [POOL_ENTRIES],
    validations: () => {
      const vip = (root: string) => optional(root, CONTROL_PLANE_VIP);
      const value = (root: string) => `${vip(root)}.orValue('')`;
      return [
        fieldCheck({ field: CONTROL_PLANE_VIP, value, bad: (root) => `!${vip(root)}.hasValue()`, message: `'Required value'` }),
        fieldCheck({
          field: CONTROL_PLANE_VIP, value, bad: (root) => `${vip(root)}.hasValue() && !${isIp(`${vip(root)}.value()`)}`,
          message: `'Invalid value: ' + ${quoted(value('object'))} + ': must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'`,
        }),
        fieldCheck({
          field: CONTROL_PLANE_VIP, value,
          bad: (root) => `${vip(root)}.hasValue() && ${isIp(`${vip(root)}.value()`)} && ${inSomePool(root, `${vip(root)}.value()`)}`,
          message: `'Invalid value: ' + ${quoted(value('object'))} + ': must not be inside an address pool'`,
        }),
      ];
    },
  },
  {
    id: 'C-35', kind: 'Cluster', action: 'deny', variables: [POOL_ENTRIES],
    validations: () => {
      const vip = (root: string) => optional(root, INGRESS_VIP);
      const value = (root: string) => `${vip(root)}.orValue('')`;
      const set = (root: string) => `${vip(root)}.hasValue() && !(${isAdmin(root)})`;
      return [
        fieldCheck({ field: INGRESS_VIP, value, bad: (root) => `${vip(root)}.hasValue() && ${isAdmin(root)}`, message: `'Forbidden: not allowed in admin clusters'` }),
        fieldCheck({
          field: INGRESS_VIP, value, bad: (root) => `${set(root)} && !${isIp(`${vip(root)}.value()`)}`,
          message: `'Invalid value: ' + ${quoted(value('object'))} + ': must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'`,
        }),
        fieldCheck({
          field: INGRESS_VIP, value, bad: (root) => `${set(root)} && ${isIpOfFamily(`${vip(root)}.value()`, 6)}`,
          message: `'Invalid value: ' + ${quoted(value('object'))} + ': must be an IPv4 address'`,
        }),
        fieldCheck({
          field: INGRESS_VIP, value,
          bad: (root) => `${set(root)} && ${isIpOfFamily(`${vip(root)}.value()`, 4)} && ${isBundled(root)} && !${inSomePool(root, `${vip(root)}.value()`)}`,
          message: `'Invalid value: ' + ${quoted(value('object'))} + ': must be inside one of ${POOLS} in bundled mode'`,
        }),
      ];
    },
  },
  {
    id: 'C-37', kind: 'Cluster', action: 'warn', variables: [POOL_ENTRIES],
    validations: () => {
      // The load-balancer nodes (or the control plane when there are none); the /16 around each is "near".
      const nodes = (root: string) => `(size(${loadBalancerNodes(root)}) > 0 ? dyn(${loadBalancerNodes(root)}) : dyn(${controlPlaneNodes(root)}))`;
      const nodeIps = (root: string) => `${nodes(root)}.map(n, n.?k8sIP.orValue(n.?address.orValue(''))).filter(x, ${isIpOfFamily('x', 4)})`;
      const subnets = (root: string) => `${nodeIps(root)}.map(x, ${locatedCidrSpan("x + '/16'")})`;
      const near = (root: string, key: string) => `${subnets(root)}.exists(s, s[2] <= ${key} && ${key} <= s[3])`;
      const farVip = (root: string, field: string) => `${optional(root, field)}.hasValue() && ${isIpOfFamily(`${optional(root, field)}.value()`, 4)}`
        + ` && !${near(root, `${addressSpan(`${optional(root, field)}.value()`)}[1]`)}`;
      const farPool = (root: string) => `${poolEntries(root)}.exists(l, l.exists(e, ${readable('e')} && e[1] == '4' && !${near(root, 'e[2]')}))`;
      return [fieldCheck({
        field: 'spec.loadBalancer', value: (root) => `${optional(root, 'spec.loadBalancer')}.hasValue()`, ratchet: false,
        bad: (root) => `${isBundled(root)} && ${lbType(root)} == 'layer2' && size(${nodeIps(root)}) > 0`
          + ` && (${farVip(root, CONTROL_PLANE_VIP)} || ${farVip(root, INGRESS_VIP)} || ${farPool(root)})`,
        message: `'VIPs or pool addresses share no /16 with the load-balancer nodes; layer 2 needs their subnet'`,
      })];
    },
  },
];

const poolName = (p: string) => `${p}.?name.orValue('')`;
/** A pool entry as the network sees it (poolEntryKey): its span when readable, its text otherwise. */
const entryKey = (e: string) => `(size(${e}) == 4 ? (${e}[0].contains('/') ? 'c' : 'r') + ${e}[1] + ${e}[2] + ${e}[3] : ${e}[0])`;
const sameEntries = (a: string, b: string) => `(size(${a}) == size(${b}) && ${a}.all(x, ${b}.exists(y, ${entryKey('y')} == ${entryKey('x')})) && ${b}.all(y, ${a}.exists(x, ${entryKey('x')} == ${entryKey('y')})))`;
const MUTABLE_POOL_FIELDS = "['name', 'avoidBuggyIPs', 'manualAssign', 'addresses']";

/** C-39: each node's IPs (address and k8sIP, canonical, once), control plane then load balancer. */
const NODE_IPS: CelVariable = {
  name: 'nodeIps',
  expression: (root) => `(${controlPlaneNodes(root)} + ${loadBalancerNodes(root)}).map(n, ${bind(
    `[n.?address.orValue(''), n.?k8sIP.orValue('')].filter(x, ${isIp('x')}).map(x, ${canonicalIp('x')})`, 'l', 'size(l) == 2 && l[0] == l[1] ? [l[0]] : l')})`,
};
/** VP-6: a pairwise duplicate check over node addresses fails kube-apiserver's cost limit between 300 and 600 addresses. */
const MAX_CLUSTER_NODES = 128;

const CLUSTER_UPDATE_AND_NODE_CEL: readonly CelRule[] = [
  {
    id: 'C-29', kind: 'Cluster', action: 'deny', operations: ['UPDATE'], whenSpecChanges: true, variables: [POOL_ENTRIES],
    validations: () => {
      const now = pools('object');
      const before = pools('oldObject');
      const kept = (p: string) => `${now}.filter(q, ${poolName('q')} == ${poolName(p)})`;
      const changedAddresses = (p: string) => `!${sameEntries(`${poolEntries('oldObject')}[${before}.indexOf(${p})]`, `${poolEntries('object')}[${now}.indexOf(${kept(p)}[0])]`)}`;
      const changedOther = (p: string) => bind(`${kept(p)}[0]`, 'q',
        // dyn(): a pool's other fields are unknown to the schema; they are compared as they are written.
        `!(dyn(${p}).all(k, k in ${MUTABLE_POOL_FIELDS} || (k in dyn(q) && dyn(q)[k] == dyn(${p})[k])) && dyn(q).all(k, k in ${MUTABLE_POOL_FIELDS} || (k in dyn(${p}) && dyn(${p})[k] == dyn(q)[k])))`);
      const removed = (p: string) => `${poolName(p)} != '' && size(${kept(p)}) == 0`;
      const changed = (p: string) => `${poolName(p)} != '' && size(${kept(p)}) > 0 && (${changedAddresses(p)} || ${changedOther(p)})`;
      return [
        {
          expression: `oldObject == null || !${before}.exists(p, ${removed('p')})`,
          message: `'${POOLS}: Forbidden: existing pool "' + ${poolName(`${before}.filter(p, ${removed('p')})[0]`)} + '" can\\'t be removed or renamed'`,
          field: POOLS,
        },
        {
          expression: `oldObject == null || !${before}.exists(p, ${changed('p')})`,
          message: bind(`${before}.filter(p, ${changed('p')})[0]`, 'p', `'${POOLS}[' + string(${now}.indexOf(${kept('p')}[0])) + ']' + (${changedAddresses('p')} ? '.addresses' : '') + ': Invalid value: can\\'t change on an existing pool: only avoidBuggyIPs and manualAssign may change'`),
          field: `${POOLS}[i]`,
        },
      ];
    },
  },
  {
    id: 'C-39', kind: 'Cluster', action: 'deny', variables: [NODE_IPS],
    guard: () => ({
      expression: `size(${controlPlaneNodes('object')}) + size(${loadBalancerNodes('object')}) <= ${MAX_CLUSTER_NODES}`,
      reason: `only while the control-plane and load-balancer node pools hold at most ${MAX_CLUSTER_NODES} nodes together (the pairwise duplicate check exceeds kube-apiserver's cost limit between 300 and 600 addresses, VP-6); larger clusters are judged by the webhook alone`,
    }),
    validations: () => {
      const duplicated = (root: string, x: string) => `size(${variable(root, 'nodeIps')}.filter(m, ${x} in m)) > 1`;
      const failing = (x: string) => `${duplicated('object', x)} && !(oldObject != null && ${duplicated('oldObject', x)})`;
      const first = `${variable('object', 'nodeIps')}.map(l, l.filter(x, ${failing('x')})).filter(l, size(l) > 0)[0][0]`;
      const holds = (n: string) => `[${n}.?address.orValue(''), ${n}.?k8sIP.orValue('')].exists(y, ${isIp('y')} && ${canonicalIp('y')} == x)`;
      const keyOf = (n: string) => `(${isIp(`${n}.?address.orValue('')`)} && ${canonicalIp(`${n}.?address.orValue('')`)} == x ? '.address' : '.k8sIP')`;
      const cp = controlPlaneNodes('object');
      const lb = loadBalancerNodes('object');
      const where = bind(`${cp}.filter(n, ${holds('n')})`, 'c', bind(`${lb}.filter(n, ${holds('n')})`, 'b',
        `size(c) >= 2 ? '${CONTROL_PLANE_NODES}[' + string(${cp}.lastIndexOf(c[1])) + ']' + ${keyOf('c[1]')}`
        + ` : '${LOAD_BALANCER_NODES}[' + string(${lb}.indexOf(b[size(c) == 1 ? 0 : 1])) + ']' + ${keyOf('b[size(c) == 1 ? 0 : 1]')}`));
      return [{
        expression: `!${variable('object', 'nodeIps')}.exists(l, l.exists(x, ${failing('x')}))`,
        message: bind(first, 'x', `${where} + ': Duplicate value: "' + x + '": already used by another node; a node IP belongs to one node pool only'`),
        field: `${CONTROL_PLANE_NODES}[i]`,
      }];
    },
  },
];

const CATALOG_ORDER = (id: string) => Number(id.slice(2));

/** Every Cluster rule's CEL, in catalog order. */
export const CLUSTER_CEL: readonly CelRule[] = [...CLUSTER_CEL_FIRST, ...CLUSTER_CEL_MORE, ...CLUSTER_POOL_CEL, ...CLUSTER_UPDATE_AND_NODE_CEL]
  .sort((a, b) => CATALOG_ORDER(a.id) - CATALOG_ORDER(b.id));
