import { isIPv4, isIPv6 } from 'node:net';
import { reviewAdmission } from '../../../src/admission/review.js';
import { serviceNetworkOf } from '../../../src/rules/cluster-view.js';
import { type ClusterFacts, DEFAULT_SETTINGS, NO_FACTS } from '../../../src/rules/facts.js';
import { type JsonPatchOperation } from '../../../src/rules/judgement.js';
import { type Service, type ServiceCidr } from '../../../src/rules/objects.js';
import { defaultOnRead, dropTypeDependentFields } from '../../../src/rules/service/normalize.js';
import { type ServiceState, readService } from '../../../src/rules/service/service-state.js';
import { simulateRegistry } from '../../../src/rules/service/simulate.js';
import { type Spec } from './service-cases.js';

/** What one side answered: refused with the fields of its causes, or allowed with the dual-stack fields it stores. */
export type Answer =
  | { readonly allowed: false; readonly fields: readonly string[]; readonly messages: readonly string[] }
  | { readonly allowed: true; readonly ipFamilyPolicy: string | undefined; readonly ipFamilies: readonly string[]; readonly clusterIpFamilies: readonly string[] };

/** The facts `serve --watch` reads on such a cluster: the apiserver's own ServiceCIDR `kubernetes` (D18). */
export function factsForRanges(ranges: readonly string[]): ClusterFacts {
  const serviceCidr: ServiceCidr = {
    apiVersion: 'networking.k8s.io/v1', kind: 'ServiceCIDR', metadata: { name: 'kubernetes' }, spec: { cidrs: [...ranges] },
  } as ServiceCidr;
  return { ...NO_FACTS, serviceCidrs: [serviceCidr] };
}

export function familyOfClusterIp(ip: string): string {
  if (ip === 'None') return 'None';
  return isIPv6(ip) ? 'IPv6' : 'IPv4';
}

function applyPatch(object: Service, patch: readonly JsonPatchOperation[]): Service {
  const copy = structuredClone(object) as unknown as Record<string, unknown>;
  for (const operation of patch) {
    if (operation.op !== 'add' && operation.op !== 'replace') throw new Error(`unexpected patch op ${operation.op}`);
    const segments = operation.path.split('/').slice(1);
    const last = segments.pop()!;
    let target = copy;
    for (const segment of segments) target = target[segment] as Record<string, unknown>;
    target[last] = structuredClone(operation.value);
  }
  return copy as unknown as Service;
}

function refusal(response: { status?: { message: string; details?: { causes?: readonly { field: string; message: string }[] } } }): Answer {
  const causes = response.status?.details?.causes ?? [];
  return { allowed: false, fields: causes.map((cause) => cause.field), messages: causes.map((cause) => `${cause.field}: ${cause.message}`) };
}

/**
 * Our answer, as kube-apiserver would get it: the mutating webhook's review, our JSON patch applied, the validating
 * webhook's review of the patched object (src/admission/review.ts, in-process). When both allow, the values
 * kube-apiserver stores are what our registry model reaches from the patched object.
 */
export function ourAnswer(object: Service, oldObject: Service | undefined, facts: ClusterFacts, dryRun: boolean): Answer {
  const base = {
    uid: 'oracle', kind: { group: '', version: 'v1', kind: 'Service' }, operation: oldObject ? 'UPDATE' as const : 'CREATE' as const,
    name: String(object.metadata?.name ?? ''), namespace: String(object.metadata?.namespace ?? ''), oldObject: oldObject ?? null, dryRun,
  };
  const dependencies = { facts, settings: DEFAULT_SETTINGS };
  const mutated = reviewAdmission({ ...base, object }, 'mutate', dependencies);
  if (!mutated.response.allowed) return refusal(mutated.response);
  const patch = mutated.response.patch ? JSON.parse(Buffer.from(mutated.response.patch, 'base64').toString('utf8')) as JsonPatchOperation[] : [];
  const patched = applyPatch(object, patch);
  const validated = reviewAdmission({ ...base, object: patched }, 'validate', dependencies);
  if (!validated.response.allowed) return refusal(validated.response);

  const network = serviceNetworkOf(facts, undefined);
  const old = oldObject ? readService(oldObject) : undefined;
  const reached = simulateRegistry(readService(patched), old, network, dryRun ? 'before-allocation' : false);
  if (reached.causes.length > 0) throw new Error(`our webhooks allowed what our registry model refuses: ${JSON.stringify(reached.causes)}`);
  const allocatedIps = reached.allocation.indices.length > 0 ? reached.allocation.clusterIPs : reached.service.clusterIPs;
  const allocated: ServiceState = { ...reached.service, clusterIPs: allocatedIps };
  const prepared = old ? dropTypeDependentFields(allocated, old) : allocated;
  // The answer passes the registry's read decorator (defaultOnReadService), as every Service kube-apiserver returns.
  const stored = defaultOnRead(prepared, network?.families[0] ?? 'IPv4');
  return {
    allowed: true,
    ipFamilyPolicy: stored.ipFamilyPolicy,
    ipFamilies: stored.ipFamilies,
    // "" marks an address the allocator hands out, of the family at that index.
    clusterIpFamilies: stored.clusterIPs.map((ip, index) => (ip === '' ? stored.ipFamilies[index] ?? '?' : familyOfClusterIp(ip))),
  };
}

/** kube-apiserver's answer from its HTTP status and body. */
export function kubeAnswer(status: number, text: string): Answer {
  const body = JSON.parse(text) as {
    spec?: { ipFamilyPolicy?: string; ipFamilies?: string[]; clusterIPs?: string[] };
    message?: string; details?: { causes?: { field?: string; message?: string }[] };
  };
  if (status === 200 || status === 201) {
    const spec = body.spec ?? {};
    return {
      allowed: true,
      ipFamilyPolicy: spec.ipFamilyPolicy,
      ipFamilies: spec.ipFamilies ?? [],
      clusterIpFamilies: (spec.clusterIPs ?? []).map(familyOfClusterIp),
    };
  }
  const causes = body.details?.causes ?? [];
  return {
    allowed: false,
    fields: causes.map((cause) => cause.field ?? ''),
    messages: causes.length ? causes.map((cause) => `${cause.field}: ${cause.message}`) : [`HTTP ${status}: ${body.message ?? text}`],
  };
}

/** Our cause's message without the rule ID we append (`... [S-6]`): kube-apiserver's own words. */
function withoutRuleId(message: string): string {
  return message.replace(/ \[[A-Z]+-\d+\]$/, '');
}

/**
 * The allocator's refusal with the IP it names left out when that IP is one the request asked for (quoted in the
 * value before it): which of two refused IPs kube-apiserver names depends on upstream's order of families, a Go map
 * (alloc.go allocIPs: `for family, ip := range toAlloc`). The rest of the message is compared word for word.
 */
function withRequestedIpUnnamed(message: string): string {
  return message.replace(/^(.*: Invalid value: (.*)): failed to allocate IP (\S+): .*$/,
    (whole, head: string, value: string, ip: string) => (value.includes(`"${ip}"`) ? `${head}: failed to allocate IP (one requested)` : whole));
}

/** Where the two answers differ, or undefined when they agree: refusals agree when their causes read the same. */
export function difference(kube: Answer, ours: Answer): string | undefined {
  if (kube.allowed !== ours.allowed) return `kube-apiserver ${kube.allowed ? 'allowed' : 'refused'}, we ${ours.allowed ? 'allowed' : 'refused'}`;
  if (!kube.allowed && !ours.allowed) {
    // A request kube-apiserver cannot decode (HTTP 400) has no field causes; refusing it is agreement enough.
    if (kube.fields.length === 0) return undefined;
    const ourMessages = ours.messages.map(withoutRuleId);
    if (ourMessages.join('\n') === kube.messages.join('\n')) return undefined;
    if (ourMessages.map(withRequestedIpUnnamed).join('\n') === kube.messages.map(withRequestedIpUnnamed).join('\n')) return undefined;
    return 'different messages';
  }
  if (kube.allowed && ours.allowed) {
    const differs: string[] = [];
    if (kube.ipFamilyPolicy !== ours.ipFamilyPolicy) differs.push('ipFamilyPolicy');
    if (kube.ipFamilies.join() !== ours.ipFamilies.join()) differs.push('ipFamilies');
    if (kube.clusterIpFamilies.join() !== ours.clusterIpFamilies.join()) differs.push('clusterIPs');
    return differs.length ? `different ${differs.join(', ')}` : undefined;
  }
  return undefined;
}

/**
 * Fresh addresses for requests that really allocate: the cases reuse a few literal addresses, and a real create of
 * one would otherwise collide with another case's ("provided IP is already allocated", allocator state we leave to
 * kube-apiserver). Interior addresses of the ranges are moved to unused ones, the same way within one case.
 */
export class AddressPool {
  private v4 = 10;
  private v6 = 0x10;

  relocator(): (spec: Spec | undefined) => Spec | undefined {
    const moved = new Map<string, string>();
    const move = (ip: string): string => {
      const known = moved.get(ip);
      if (known) return known;
      let next: string | undefined;
      const v4 = isIPv4(ip) ? /^172\.16\.(\d+)\.(\d+)$/.exec(ip) : null;
      if (v4) {
        const offset = Number(v4[1]) * 256 + Number(v4[2]);
        if (offset >= 2 && offset <= 4094) {
          if (this.v4 > 4094) throw new Error('the oracle ran out of IPv4 addresses in 172.16.0.0/20');
          next = `172.16.${Math.floor(this.v4 / 256)}.${this.v4 % 256}`;
          this.v4 += 1;
        }
      }
      const v6 = isIPv6(ip) ? /^fd12::5:([0-9a-f]{1,3})$/i.exec(ip) : null;
      if (v6 && parseInt(v6[1]!, 16) >= 2) {
        if (this.v6 > 0xfff) throw new Error('the oracle ran out of IPv6 addresses in fd12::5:0/116');
        next = `fd12::5:${this.v6.toString(16)}`;
        this.v6 += 1;
      }
      moved.set(ip, next ?? ip);
      return next ?? ip;
    };
    return (spec) => {
      if (!spec) return spec;
      const copy: Spec = { ...spec };
      if (typeof copy.clusterIP === 'string') copy.clusterIP = move(copy.clusterIP);
      if (Array.isArray(copy.clusterIPs)) copy.clusterIPs = copy.clusterIPs.map((ip) => (typeof ip === 'string' ? move(ip) : ip));
      return copy;
    };
  }
}
