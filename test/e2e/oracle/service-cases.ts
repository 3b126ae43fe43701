import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { yamlObjects } from '../../support/yaml.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';

export type Spec = Record<string, unknown>;

/** One Service request for the oracle: a CREATE, or an UPDATE whose old object is really created first. */
export interface ServiceCase {
  readonly name: string;
  readonly operation: 'CREATE' | 'UPDATE';
  readonly spec: Spec;
  readonly old?: Spec;
  /** Copy the stored clusterIP/clusterIPs into the UPDATE request, as a client that read the object back would. */
  readonly carryAllocated?: boolean;
}

/** The fast-check seed of the generated cases; a failure prints it (and the case name) so the run can be repeated. */
export const GENERATED_SEED = 20261128;
export const GENERATED_COUNT = 2000;

// The unit tests use upstream's ranges (10.0.0.0/16, 2000::/108); the oracle's apiservers serve 172.16.0.0/20 and
// fd12::5:0/116. Addresses inside upstream's ranges move to the same offset inside ours, so "in range" stays in range.
function translateAddress(text: string): string {
  const v4 = /^10\.0\.(\d+)\.(\d+)$/.exec(text);
  if (v4) return `172.16.${Number(v4[1]) % 16}.${v4[2]}`;
  const v6 = /^2000::([0-9a-f]{0,3})$/i.exec(text);
  if (v6) return `fd12::5:${v6[1] || '0'}`;
  return text;
}

function translated(spec: unknown): Spec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return {};
  const copy: Spec = { ...(spec as Spec) };
  if (typeof copy.clusterIP === 'string') copy.clusterIP = translateAddress(copy.clusterIP);
  if (Array.isArray(copy.clusterIPs)) copy.clusterIPs = copy.clusterIPs.map((ip) => (typeof ip === 'string' ? translateAddress(ip) : ip));
  return copy;
}

/**
 * Every Service request the Service rule tests judge (test/rules/service, recorded by their harness), translated to
 * the oracle's ranges and made a valid Service where the test left out what kube-apiserver needs anyway (ports).
 */
export function unitTestCases(): ServiceCase[] {
  const file = path.join(tmpdir(), `dualstack-oracle-cases-${process.pid}.jsonl`);
  rmSync(file, { force: true });
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(PACKAGE_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
    '--no-config', '--reporter', 'dot', 'test/rules/service/*.test.ts'], {
    cwd: PACKAGE_ROOT, env: { ...process.env, DUALSTACK_RECORD_SERVICE_CASES: file }, encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the Service unit tests failed while recording their cases: ${run.stdout}${run.stderr}`);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  rmSync(file, { force: true });
  const seen = new Set<string>();
  const cases: ServiceCase[] = [];
  for (const line of lines) {
    const recorded = JSON.parse(line) as { spec?: unknown; old?: unknown };
    const spec = withPorts(translated(recorded.spec));
    const old = recorded.old === undefined ? undefined : withPorts(translated(recorded.old));
    const key = JSON.stringify([spec, old]);
    if (seen.has(key)) continue;
    seen.add(key);
    cases.push({ name: `unit-${cases.length + 1}`, operation: old ? 'UPDATE' : 'CREATE', spec, ...(old ? { old } : {}) });
  }
  return cases;
}

/** The Services in examples/ and test/fixtures/service, as CREATEs. */
export function exampleCases(): ServiceCase[] {
  const files = [
    'examples/my-cip-service.yaml', 'examples/my-lb-service.yaml',
    ...['S-1', 'S-2', 'S-3', 'S-4', 'S-5', 'S-6', 'S-7', 'S-8'].map((rule) => `examples/invalid/${rule}.yaml`),
    'test/fixtures/service/lb-service-requested-ips.yaml', 'test/fixtures/service/stored-dual-stack-service.yaml',
  ];
  return files.flatMap((relative) => {
    const file = path.join(PACKAGE_ROOT, relative);
    return yamlObjects<{ kind?: unknown; spec?: unknown }>(readFileSync(file, 'utf8'), file)
      .filter((content) => content.kind === 'Service')
      .map((content, index) => ({ name: `${relative}#${index + 1}`, operation: 'CREATE' as const, spec: withPorts(translated(content.spec)) }));
  });
}

function withPorts(spec: Spec): Spec {
  if (spec.type === 'ExternalName') return { externalName: 'example.com', ...spec };
  return spec.ports === undefined ? { ...spec, ports: [{ port: 80 }] } : spec;
}

// Inside the ranges, their edges (network and broadcast addresses), outside them, and malformed: leading zeros and
// IPv4-mapped IPv6 are D17's. Malformed ones are one draw in six, so most requests get as far as allocation.
const WELL_FORMED = [
  '172.16.0.10', '172.16.5.20', '172.16.15.254', '172.16.0.0', '172.16.15.255', '10.1.0.1',
  'fd12::5:10', 'fd12::5:a0', 'fd12::5:fff', 'fd12::5:0', '2001:db8::1',
];
const MALFORMED = ['172.16.0.300', 'not-an-ip', '', 'fd12::5:zz', '172.016.0.5', '::ffff:172.16.0.5'];
const anyAddress = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...WELL_FORMED) }, { weight: 1, arbitrary: fc.constantFrom(...MALFORMED) });
const FAMILY_LISTS = [[], ['IPv4'], ['IPv6'], ['IPv4', 'IPv6'], ['IPv6', 'IPv4'], ['IPv4', 'IPv4'], ['IPv5'], ['IPv4', 'IPv6', 'IPv4']];
const POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack', 'Bogus'];
const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arbitrary, { nil: undefined, freq: 2 });

const clusterIpFields = fc.oneof(
  fc.constant({}),
  fc.constant({ clusterIP: 'None' }),
  fc.constant({ clusterIP: 'None', clusterIPs: ['None'] }),
  anyAddress.map((ip) => ({ clusterIP: ip })),
  fc.array(anyAddress, { minLength: 0, maxLength: 3 }).map((ips) => ({ clusterIPs: ips })),
  { weight: 3, arbitrary: fc.array(anyAddress, { minLength: 1, maxLength: 2 }).map((ips) => ({ clusterIP: ips[0], clusterIPs: ips })) },
  fc.tuple(anyAddress, fc.array(anyAddress, { minLength: 1, maxLength: 2 }))
    .map(([ip, ips]) => ({ clusterIP: ip, clusterIPs: ips })),
);

const anySpec: fc.Arbitrary<Spec> = fc.record({
  type: optional(fc.constantFrom(...TYPES)),
  selector: fc.boolean(),
  ips: clusterIpFields,
  ipFamilyPolicy: optional(fc.constantFrom(...POLICIES)),
  ipFamilies: optional(fc.constantFrom(...FAMILY_LISTS)),
}).map(({ type, selector, ips, ipFamilyPolicy, ipFamilies }) => withPorts(Object.fromEntries(Object.entries({
  type, ...(selector ? { selector: { app: 'oracle' } } : {}), ...ips, ipFamilyPolicy, ipFamilies,
}).filter(([, value]) => value !== undefined))));

// Old objects that kube-apiserver stores (on a cluster serving their families): coherent policy, families and IPs,
// every kind of Service.
const ADDRESS_OF = { IPv4: '172.16.0.10', IPv6: 'fd12::5:10' } as const;
const storableSpec: fc.Arbitrary<Spec> = fc.record({
  type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName', 'headless'),
  selector: fc.boolean(),
  families: fc.constantFrom<readonly ('IPv4' | 'IPv6')[]>([], ['IPv4'], ['IPv6'], ['IPv4', 'IPv6'], ['IPv6', 'IPv4']),
  sayFamilies: fc.boolean(),
  sayPolicy: fc.boolean(),
  requireDual: fc.boolean(),
  sayIps: fc.boolean(),
}).map(({ type, selector, families, sayFamilies, sayPolicy, requireDual, sayIps }) => {
  const policy = families.length === 2 ? (requireDual ? 'RequireDualStack' : 'PreferDualStack') : 'SingleStack';
  const ips = families.map((family) => ADDRESS_OF[family]);
  const fields: Spec = type === 'ExternalName' ? { type }
    : {
      ...(type === 'headless' ? { clusterIP: 'None' } : { type, ...(sayIps && ips.length ? { clusterIP: ips[0], clusterIPs: ips } : {}) }),
      ...(sayPolicy || families.length === 2 ? { ipFamilyPolicy: policy } : {}),
      ...(sayFamilies && families.length ? { ipFamilies: [...families] } : {}),
    };
  return withPorts({ ...fields, ...(selector ? { selector: { app: 'oracle' } } : {}) });
});

// An UPDATE changes some of the old request's fields (each one independently), or drops them.
const change = fc.record({
  spec: anySpec,
  fields: fc.subarray(['type', 'selector', 'clusterIP', 'clusterIPs', 'ipFamilyPolicy', 'ipFamilies', 'externalName'], { minLength: 1 }),
  carryAllocated: fc.boolean(),
});

function updated(old: Spec, { spec, fields }: { spec: Spec; fields: string[] }): Spec {
  const next: Spec = { ...old };
  for (const field of fields) {
    if (field in spec) next[field] = spec[field];
    else delete next[field];
  }
  return withPorts(next);
}

/** 2,000 generated cases, three CREATEs for every two UPDATEs, the same every run (GENERATED_SEED). */
export function generatedCases(): ServiceCase[] {
  const kinds = fc.oneof(
    { weight: 3, arbitrary: anySpec.map((spec) => ({ operation: 'CREATE' as const, spec })) },
    {
      weight: 2,
      arbitrary: fc.tuple(storableSpec, change).map(([old, delta]) => ({
        operation: 'UPDATE' as const, old, spec: updated(old, delta), carryAllocated: delta.carryAllocated,
      })),
    },
  );
  return fc.sample(kinds, { seed: GENERATED_SEED, numRuns: GENERATED_COUNT })
    .map((generated, index) => ({ name: `generated-${index + 1}`, ...generated }));
}

/** D17: literal leading-zero IPv4 and IPv4-mapped IPv6 addresses somewhere in the request. */
export function hasD17Address(spec: Spec): boolean {
  const texts = [spec.clusterIP, ...(Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [])].filter((value): value is string => typeof value === 'string');
  return texts.some((text) => /(^|[.:])0\d/.test(text) || /^::ffff:/i.test(text));
}

/**
 * UPDATEs to a selectorless headless Service with two families, from every kind of stored single-family Service:
 * on a single-family cluster kube-apiserver 1.37.2 dereferences the missing family's allocator (alloc.go:401).
 */
export function upstreamBugCases(): ServiceCase[] {
  const olds: Spec[] = [
    { selector: { app: 'oracle' }, ipFamilyPolicy: 'SingleStack', ports: [{ port: 80 }] },
    { clusterIP: 'None', selector: { app: 'oracle' }, ports: [{ port: 80 }] },
    { clusterIP: 'None', ports: [{ port: 80 }] },
  ];
  const news: Spec[] = [
    { clusterIP: 'None', ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] },
    { clusterIP: 'None', ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4', 'IPv6'], ports: [{ port: 80 }] },
    { clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv4', 'IPv6'], ports: [{ port: 80 }] },
  ];
  return olds.flatMap((old, i) => news.map((spec, j) => ({ name: `headless-dual-update-${i + 1}.${j + 1}`, operation: 'UPDATE' as const, old, spec })));
}
