// `npm run bench`, offline part (docs/webhook.md "Benchmark"): how many objects per second `check` judges, and what the rules
// cost next to the YAML parsing they follow. The input is generated in memory, the same on every run: the
// documentation's cluster, 1,000 per-node ClusterCIDRConfigs and 10,000 Services of every shape the rules look at.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { checkDocuments } from '../src/cli/check/check-judge.js';
import { parseDocuments } from '../src/documents/documents.js';
import { cidrOf, formatCidr, formatIp, parseIp } from '../src/net/index.js';
import { EXAMPLE_CLUSTER_CONFIG } from '../src/paths.js';
import { DEFAULT_SETTINGS } from '../src/rules/facts.js';

const SERVICES = 10_000;
const CLUSTER_CIDR_CONFIGS = 1_000;
const ROUNDS = 5;

function addressAt(base: string, offset: bigint) {
  const parsed = parseIp(base);
  if (!parsed.ok) throw new Error(`bench: bad base address ${base}`);
  return { family: parsed.value.family, value: parsed.value.value + offset };
}

// 1,000 nodes at 110 pods need a /24 each (C-12), 1,000 of them more than the documentation's 192.168.0.0/16: the
// benchmark cluster is the documentation's with the pod range (and its cluster-wide config) widened to this /14.
const POD_RANGE = '172.20.0.0/14';

// One config per node (k8s-ip selector), /24 + /120 (256 addresses per node in each family, R-5, R-9), carved from
// POD_RANGE and from fd12:0:0:1::/64, clear of the service ranges, nodes and pools.
function clusterCidrConfig(index: number): string {
  const ipv4 = formatCidr(cidrOf(addressAt('172.20.0.0', BigInt(index) * 256n), 24));
  const ipv6 = formatCidr(cidrOf(addressAt('fd12:0:0:1::', BigInt(index) * 256n), 120));
  const node = formatIp(addressAt('10.3.0.0', BigInt(index)));
  return `apiVersion: baremetal.cluster.gke.io/v1alpha1
kind: ClusterCIDRConfig
metadata:
  name: node-${index}
  namespace: cluster-dual-stack
spec:
  ipv4:
    cidr: ${ipv4}
    perNodeMaskSize: 24
  ipv6:
    cidr: ${ipv6}
    perNodeMaskSize: 120
  nodeSelector:
    matchLabels:
      baremetal.cluster.gke.io/k8s-ip: ${node}
`;
}

// Five shapes, in turn: defaulted single-stack, PreferDualStack, RequireDualStack IPv6-first LoadBalancer, a fixed
// IPv4 cluster IP, a headless dual-stack Service.
function service(index: number): string {
  const head = `apiVersion: v1
kind: Service
metadata:
  name: service-${index}
  namespace: team-${index % 50}
spec:
  selector:
    app: app-${index}
  ports:
  - port: 80
    targetPort: 8080
`;
  switch (index % 5) {
    case 0:
      return head;
    case 1:
      return `${head}  ipFamilyPolicy: PreferDualStack\n`;
    case 2:
      return `${head}  type: LoadBalancer\n  ipFamilyPolicy: RequireDualStack\n  ipFamilies:\n  - IPv6\n  - IPv4\n`;
    case 3:
      return `${head}  clusterIP: ${formatIp(addressAt('172.16.1.0', BigInt(index % 3000)))}\n`;
    default:
      return `${head}  clusterIP: None\n  ipFamilyPolicy: RequireDualStack\n`;
  }
}

/** The YAML `check` would read: the (widened) documentation cluster file, then the configs, then the Services. */
export function generateCheckInput(): { text: string; objects: number } {
  const parts = [readFileSync(EXAMPLE_CLUSTER_CONFIG, 'utf8').replaceAll('192.168.0.0/16', POD_RANGE)];
  for (let index = 0; index < CLUSTER_CIDR_CONFIGS; index++) parts.push(clusterCidrConfig(index));
  for (let index = 0; index < SERVICES; index++) parts.push(service(index));
  const text = parts.join('---\n');
  return { text, objects: parseDocuments(text, 'bench.yaml').length };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

export async function runCheckBench(): Promise<void> {
  const { text, objects } = generateCheckInput();
  const parseTimes: number[] = [];
  const checkTimes: number[] = [];
  let peakHeap = 0;
  let verdicts = { admitted: 0, warned: 0, denied: 0, skipped: 0 };
  let firstDenial = '';
  // Alternate the two measurements so drift (JIT warm-up, other load) hits both alike; round 0 only warms up.
  for (let round = 0; round <= ROUNDS; round++) {
    let start = performance.now();
    parseDocuments(text, 'bench.yaml');
    const parseTime = performance.now() - start;

    start = performance.now();
    const outcome = checkDocuments({ documents: parseDocuments(text, 'bench.yaml'), settings: DEFAULT_SETTINGS });
    const checkTime = performance.now() - start;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (!outcome.ok) throw new Error(`bench: generated input is not usable: ${outcome.problem.detail}`);
    if (round === 0) {
      verdicts = { admitted: 0, warned: 0, denied: 0, skipped: 0 };
      for (const result of outcome.results) {
        if (!result.judged) verdicts.skipped++;
        else if (!result.allowed) {
          verdicts.denied++;
          firstDenial ||= `${result.kind} ${result.name}: ${result.causes[0]?.message ?? ''}`;
        } else if (result.warnings.length > 0) verdicts.warned++;
        else verdicts.admitted++;
      }
      continue;
    }
    parseTimes.push(parseTime);
    checkTimes.push(checkTime);
  }
  const parse = median(parseTimes);
  const check = median(checkTimes);
  const rules = check - parse;
  const perSecond = (milliseconds: number) => Math.round(objects / (milliseconds / 1000)).toLocaleString('en-US');
  const rows = [
    ['parse only (parseDocuments)', `${parse.toFixed(0)} ms`, perSecond(parse)],
    ['parse + judge (check)', `${check.toFixed(0)} ms`, perSecond(check)],
    ['rules alone (difference)', `${rules.toFixed(0)} ms`, perSecond(rules)],
  ];
  const out = process.stdout;
  out.write(`\ncheck benchmark: ${objects.toLocaleString('en-US')} objects (${SERVICES.toLocaleString('en-US')} Services, `
    + `${CLUSTER_CIDR_CONFIGS.toLocaleString('en-US')} ClusterCIDRConfigs, the documentation cluster), `
    + `${(text.length / 1024 / 1024).toFixed(1)} MiB of YAML, median of ${ROUNDS} alternating rounds\n`);
  out.write(`  ${'measure'.padEnd(28)} ${'time'.padStart(9)} ${'objects/s'.padStart(11)}\n`);
  for (const [name, time, rate] of rows) out.write(`  ${name!.padEnd(28)} ${time!.padStart(9)} ${rate!.padStart(11)}\n`);
  out.write(`  rules cost / parse cost: ${(rules / parse).toFixed(2)} (aim: below 1)\n`);
  out.write(`  heap used (peak after a check): ${megabytes(peakHeap)}\n`);
  out.write(`  verdicts: ${verdicts.admitted} PASS, ${verdicts.warned} WARN, ${verdicts.denied} DENY, ${verdicts.skipped} SKIP\n`);
  if (firstDenial) out.write(`  first denial (the generated input should be valid): ${firstDenial}\n`);
}
