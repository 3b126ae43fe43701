import { PODS, SERVICES } from '../cluster/cluster-fields.js';
import {
  canonicalCidr, cidrFamily, cidrsOverlap, isCanonicalCidr, isCidr, isCidrOfFamily, list, prefixOf,
  quoted,
} from './cel-expressions.js';
import { type CelRule, entryCheck, fieldCheck } from './cel-rule.js';

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

export const CLUSTER_CEL: readonly CelRule[] = [
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

