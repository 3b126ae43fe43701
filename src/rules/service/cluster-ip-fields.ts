import { ADDRESS_EXAMPLE, LEADING_ZEROS, ZONE_ID, isIpFamily, parseIp } from '../../net/index.js';
import { at, duplicate, invalid, notSupported, required } from '../field-errors.js';
import { type Cause, causeOf } from '../judgement.js';
import { invalidList } from './go-values.js';
import {
  CLUSTER_IPS, IP_FAMILIES, IP_FAMILY_POLICY, NONE, type ServiceState, isHeadless, isIpv6,
} from './service-state.js';

// sets.List order (sorted), as kube-apiserver lists the supported values.
const SUPPORTED_FAMILIES = ['IPv4', 'IPv6'];
const SUPPORTED_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

/**
 * kube-apiserver's words for a clusterIP our parser refuses (apimachinery validation/ip.go `parseIP`): a zone ID is
 * not an IP address at all to its parser, and a leading zero "must not have leading 0s".
 */
function clusterIpProblem(reason: string): string {
  if (reason === ZONE_ID) return ADDRESS_EXAMPLE;
  return reason === LEADING_ZEROS ? 'must not have leading 0s' : reason;
}

/**
 * KS-4: `ValidateServiceClusterIPsRelatedFields`, the "loose" validation alloc runs right after defaulting the policy.
 * Enum and duplicate errors are S-1; the shape of clusterIPs (and its agreement with ipFamilies) is S-5. All errors
 * are collected; the family checks are skipped once an IP is invalid, as upstream does.
 */
export function validateClusterIpFields(service: ServiceState): Cause[] {
  if (service.type === 'ExternalName') return [];
  const causes: Cause[] = [];
  const { clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy } = service;

  if (clusterIP !== '') {
    if (clusterIPs.length === 0) causes.push(causeOf('S-5', required(CLUSTER_IPS)));
    else if (clusterIPs[0] !== clusterIP) {
      causes.push(causeOf('S-5', invalidList(CLUSTER_IPS, clusterIPs, 'first value must match `clusterIP`')));
    }
  } else if (clusterIPs.length !== 0) {
    causes.push(causeOf('S-5', invalidList(CLUSTER_IPS, clusterIPs, 'must be empty when `clusterIP` is not specified')));
  }

  const seen = new Set<string>();
  ipFamilies.forEach((family, index) => {
    if (!isIpFamily(family)) causes.push(causeOf('S-1', notSupported(at(IP_FAMILIES, index), family, SUPPORTED_FAMILIES)));
    if (seen.has(family)) causes.push(causeOf('S-1', duplicate(at(IP_FAMILIES, index), family)));
    seen.add(family);
  });

  if (ipFamilyPolicy !== undefined && !SUPPORTED_POLICIES.includes(ipFamilyPolicy)) {
    causes.push(causeOf('S-1', notSupported(IP_FAMILY_POLICY, ipFamilyPolicy, SUPPORTED_POLICIES)));
  }

  let hasInvalidIps = false;
  clusterIPs.forEach((ip, index) => {
    if (index === 0 && ip === NONE) {
      if (clusterIPs.length > 1) {
        hasInvalidIps = true;
        causes.push(causeOf('S-5', invalidList(CLUSTER_IPS, clusterIPs, "'None' must be the first and only value")));
      }
      return;
    }
    // D17: leading zeros, IPv4-mapped IPv6 and zone IDs are refused, as kube-apiserver 1.37 does, in its words.
    const address = parseIp(ip);
    if (!address.ok) {
      hasInvalidIps = true;
      causes.push(causeOf('S-5', invalid(at(CLUSTER_IPS, index), ip, clusterIpProblem(address.reason))));
    }
  });

  if (clusterIPs.length > 2) causes.push(causeOf('S-5', invalidList(CLUSTER_IPS, clusterIPs, 'may only hold up to 2 values')));
  if (hasInvalidIps) return causes;

  // netutils.IsDualStackIPStrings: at least one of each family, whatever the count.
  if (clusterIPs.length > 1) {
    const ipv6Count = clusterIPs.filter(isIpv6).length;
    if (ipv6Count === 0 || ipv6Count === clusterIPs.length) {
      causes.push(causeOf('S-5', invalidList(CLUSTER_IPS, clusterIPs, 'may specify no more than one IP for each IP family')));
    }
  }

  if (!isHeadless(service) && clusterIPs.length > 0 && ipFamilies.length > 0) {
    clusterIPs.forEach((ip, index) => {
      if (index >= ipFamilies.length) return;
      const family = ipFamilies[index];
      if (family === 'IPv4' && isIpv6(ip)) {
        causes.push(causeOf('S-5', invalid(at(CLUSTER_IPS, index), ip, `expected an IPv4 value as indicated by \`ipFamilies[${index}]\``)));
      }
      if (family === 'IPv6' && !isIpv6(ip)) {
        causes.push(causeOf('S-5', invalid(at(CLUSTER_IPS, index), ip, `expected an IPv6 value as indicated by \`ipFamilies[${index}]\``)));
      }
    });
  }
  return causes;
}
