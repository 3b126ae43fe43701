import { type IpFamily } from '../../net/index.js';
import { familiesOf, podEntriesOf, readableEntries, serviceEntriesOf } from '../cluster-view.js';
import { type FieldError, invalid, required, tooMany } from '../field-errors.js';
import { type Cluster } from '../objects.js';
import { type Finding, type Rule, warn } from '../rule.js';
import { PODS, SERVICES } from './cluster-fields.js';

function serviceFamilies(cluster: Cluster | undefined): IpFamily[] {
  return familiesOf(readableEntries(serviceEntriesOf(cluster)).map((entry) => entry.cidr.cidr));
}

// C-2 (K-APISRV validateClusterIPFlags): one range, or two of different families.
export const serviceRangeCount: Rule<Cluster> = {
  id: 'C-2',
  check({ object }) {
    const blocks = object.spec?.clusterNetwork?.services?.cidrBlocks;
    if (!blocks || blocks.length === 0) {
      return [required(SERVICES, 'one IPv4 CIDR, or one IPv4 and one IPv6 CIDR for a dual-stack cluster')];
    }
    if (blocks.length > 2) return [invalid(SERVICES, blocks, 'must not contain more than two entries')];
    const [first, second] = serviceEntriesOf(object);
    if (!first?.parsed.ok || !second?.parsed.ok) return [];
    const family = first.parsed.value.cidr.family;
    if (family !== second.parsed.value.cidr.family) return [];
    return [invalid(second.field, second.text, `[0] and [1] must be of different IP family (both are ${family})`)];
  },
};

// C-3, D11: the documentation knows IPv4 single-stack and dual-stack clusters only; REF calls the field IPv4 ranges.
export const serviceRangeHasIpv4: Rule<Cluster> = {
  id: 'C-3',
  check({ object }) {
    const families = serviceFamilies(object);
    if (families.length === 0 || families.includes('IPv4')) return [];
    return [invalid(SERVICES, object.spec?.clusterNetwork?.services?.cidrBlocks,
      'must contain an IPv4 CIDR: a cluster is IPv4 single-stack or IPv4/IPv6 dual-stack, never IPv6-only')];
  },
};

// C-4, D10: the first service range is the primary Service family (K-SVCALLOC); the documentation lists IPv4 first.
export const ipv4ServiceRangeFirst: Rule<Cluster> = {
  id: 'C-4',
  check({ object }) {
    const families = serviceFamilies(object);
    if (families.length !== 2 || families[0] !== 'IPv6') return [];
    return [warn('services.cidrBlocks lists IPv6 first, so single-stack Services get IPv6; list the IPv4 range first')];
  },
};

// C-5, seed doc: pods.cidrBlocks takes the IPv4 range only; the IPv6 pod range goes in a ClusterCIDRConfig.
export const podRangeIsSingleIpv4: Rule<Cluster> = {
  id: 'C-5',
  check({ object }) {
    const entries = podEntriesOf(object);
    const findings: FieldError[] = readableEntries(entries)
      .filter((entry) => entry.cidr.cidr.family === 'IPv6')
      .map((entry) => invalid(entry.field, entry.text,
        'must be an IPv4 CIDR: the IPv6 pod range belongs in a ClusterCIDRConfig'));
    const others = entries.length - findings.length;
    if (others > 1) findings.push(tooMany(PODS, entries.length, 1));
    return findings;
  },
};

// C-6, seed doc: "dual-stack can be enabled only when a new cluster is created"; dropping IPv6 is the inferred mirror.
export const serviceFamiliesFixed: Rule<Cluster> = {
  id: 'C-6',
  check({ object, oldObject, operation }) {
    if (operation !== 'UPDATE' || !oldObject) return [];
    const before = serviceFamilies(oldObject);
    const after = readableEntries(serviceEntriesOf(object));
    if (before.length === 0 || after.length === 0) return [];
    const findings: Finding[] = [];
    for (const family of familiesOf(after.map((entry) => entry.cidr.cidr))) {
      if (before.includes(family)) continue;
      const entry = after.find((candidate) => candidate.cidr.cidr.family === family);
      if (entry) {
        findings.push(invalid(entry.field, entry.text,
          `can't add an ${family} service range after creation: dual-stack can be enabled only when the cluster is created`));
      }
    }
    const familiesAfter = familiesOf(after.map((entry) => entry.cidr.cidr));
    for (const family of before) {
      if (familiesAfter.includes(family)) continue;
      findings.push(invalid(SERVICES, object.spec?.clusterNetwork?.services?.cidrBlocks,
        `can't remove the ${family} service range: the service families (${before.join(', ')}) are fixed at creation`));
    }
    return findings;
  },
};

export const familyShapeRules: readonly Rule<Cluster>[] = [
  serviceRangeCount, serviceRangeHasIpv4, ipv4ServiceRangeFirst, podRangeIsSingleIpv4, serviceFamiliesFixed,
];
