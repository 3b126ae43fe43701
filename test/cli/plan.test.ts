import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runCli, runCliMany } from '../support/cli.js';

const EXAMPLE = 'examples/dual-stack-cluster.yaml';

describe('dualstack-webhook plan (the command)', function () {
  // Each case starts real processes (tsx); on a loaded two-core machine a start takes seconds.
  this.timeout(120_000);
  let text: Awaited<ReturnType<typeof runCli>>;
  let json: Awaited<ReturnType<typeof runCli>>;
  let markdown: Awaited<ReturnType<typeof runCli>>;
  let svg: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    const runs = await runCliMany([
      ['plan', EXAMPLE], ['plan', EXAMPLE, '--output', 'json', '--nodes', '100'], ['plan', EXAMPLE, '-o', 'markdown'], ['plan', EXAMPLE, '-o', 'svg'],
    ]);
    [text, json, markdown, svg] = [runs[0]!, runs[1]!, runs[2]!, runs[3]!];
  });

  it('text: aligned tables with the capacity, the binding family and each formula; exit 0', () => {
    assert.equal(text.status, 0, text.stderr);
    assert.equal(text.lines[0], 'Cluster cluster-dual-stack/dual-stack (IPv4 + IPv6): 256 nodes, binding family IPv4, IPv6 (tie)');
    const row = (start: string) => text.lines.find((line) => line.trim().replace(/\s{2,}/g, ' | ').startsWith(start))?.trim().split(/\s{2,}/);
    assert.deepEqual(row('nodes | IPv4'), ['nodes', 'IPv4', '256', '2^(24−16) = 256']);
    assert.deepEqual(row('nodes | IPv6'), ['nodes', 'IPv6', '256', '2^(120−112) = 256']);
    assert.deepEqual(row('nodes | dual-stack'), ['nodes', 'dual-stack, binding IPv4, IPv6 (tie)', '256', 'min(IPv4 256, IPv6 256) = 256']);
    assert.deepEqual(row('Service ClusterIPs | dual-stack'), ['Service ClusterIPs', 'dual-stack, binding IPv4', '4,094', 'min(IPv4 4094, IPv6 4095) = 4094']);
    assert.deepEqual(row('LoadBalancer addresses | dual-stack'), ['LoadBalancer addresses', 'dual-stack, binding IPv4', '9', 'min(IPv4 9, IPv6 16) = 9']);
    assert.ok(text.lines.some((line) => /^ {2}IPv4 {4}192\.168\.0\.0\/16 {2}65,536 /.test(line)));
    assert.ok(text.lines.some((line) => /^ {2}IPv6 {4}fd12::5:0\/116 {2}4,096 {6}4,095: 2\^12 − 1 = 4095/.test(line)));
    assert.ok(text.lines.some((line) => /pool-1 10\.2\.0\.212-10\.2\.0\.221 +10 +ingressVIP +9 /.test(line)));
    // Columns line up: every row of a table starts its cells where the header does.
    const header = text.lines.findIndex((line) => line.startsWith('  QUANTITY'));
    const countColumn = text.lines[header]!.indexOf('COUNT');
    assert.equal(text.lines[header + 1]!.slice(countColumn, countColumn + 3), '256');
  });

  it('README "Plan the address space" shows this very output', () => {
    const readme = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const prompt = `$ dualstack-webhook plan ${EXAMPLE}\n`;
    const start = readme.indexOf(prompt) + prompt.length;
    assert.ok(start >= prompt.length, 'README has the plan example');
    assert.equal(readme.slice(start, readme.indexOf('```', start)), text.stdout);
  });

  it('json: docs/plan.md fields, counts as decimal strings, binding as a list, formulas by path; --nodes gives the headroom', () => {
    assert.equal(json.status, 0, json.stderr);
    const { clusters } = JSON.parse(json.stdout);
    assert.equal(clusters.length, 1);
    const [cluster] = clusters;
    assert.equal(cluster.namespace, 'cluster-dual-stack');
    assert.equal(cluster.name, 'dual-stack');
    assert.deepEqual(cluster.ranges[0], {
      family: 'IPv4', role: 'pods', value: '192.168.0.0/16', addresses: '65536', perNodeMaskSize: 24, perNodeAddresses: '256', nodeBlocks: '256',
      source: { kind: 'Cluster', name: 'dual-stack', field: 'spec.clusterNetwork.pods.cidrBlocks[0]', file: EXAMPLE, line: 10 },
    });
    const { nodes, pods, services, loadBalancer } = cluster.capacity;
    assert.deepEqual([nodes.IPv4, nodes.IPv6, nodes.effective, nodes.binding], ['256', '256', '256', ['IPv4', 'IPv6']]);
    assert.deepEqual([nodes.declared, nodes.planned, nodes.headroom], ['5', '100', '156']);
    assert.deepEqual([pods.max, pods.recommendedMaxNodes], ['28160', '136']);
    assert.deepEqual([services.IPv4, services.IPv6, services.dualStack, services.binding], ['4094', '4095', '4094', ['IPv4']]);
    assert.deepEqual([loadBalancer.IPv4, loadBalancer.IPv6, loadBalancer.dualStack, loadBalancer.binding], ['9', '16', '9', ['IPv4']]);
    assert.deepEqual(cluster.overlaps, []);
    assert.equal(cluster.formulas['capacity.nodes.IPv4'], '2^(24−16) = 256');
    assert.equal(cluster.formulas['capacity.nodes.headroom'], '256 − 100 = 156');
    assert.equal(cluster.formulas['ranges[0].addresses'], '2^(32−16) = 2^16 = 65536');
  });

  it('markdown: the same tables as pipe tables under headings', () => {
    assert.equal(markdown.status, 0, markdown.stderr);
    assert.equal(markdown.lines[0], '## Cluster cluster-dual-stack/dual-stack (IPv4 + IPv6): 256 nodes, binding family IPv4, IPv6 (tie)');
    for (const title of ['Pod ranges', 'Service ranges', 'LoadBalancer pools', 'Node addresses and VIPs', 'Capacity', 'Nodes per ClusterCIDRConfig', 'Overlaps']) {
      assert.ok(markdown.lines.includes(`### ${title}`), title);
    }
    assert.ok(markdown.lines.includes('| quantity | family | count | formula |'));
    assert.ok(markdown.lines.includes('| nodes | dual-stack, binding IPv4, IPv6 (tie) | 256 | min(IPv4 256, IPv6 256) = 256 |'));
    const capacity = markdown.lines.indexOf('| quantity | family | count | formula |');
    assert.equal(markdown.lines[capacity + 1], '|---|---|---|---|');
  });

  it('svg: parses as XML, one bar per family, every range labelled', () => {
    assert.equal(svg.status, 0, svg.stderr);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg.stdout);
    assert.equal(parsed.svg['@_xmlns'], 'http://www.w3.org/2000/svg');
    const texts: string[] = [parsed.svg.text].flat().map((entry: unknown) => (typeof entry === 'object' && entry !== null ? String((entry as Record<string, unknown>)['#text']) : String(entry)));
    for (const label of ['IPv4', 'IPv6', 'pods: 192.168.0.0/16', 'ClusterCIDRConfig: fd12::1:0/112', 'services: 172.16.0.0/20', 'services: fd12::5:0/116',
      'LB pool pool-1: 10.2.0.212-10.2.0.221', 'LB pool pool-1: fd12::4:101-fd12::4:110', '10 addresses, 9 free', '4,096 addresses, 4,095 usable']) {
      assert.ok(texts.includes(label), `${label} in ${JSON.stringify(texts)}`);
    }
    assert.ok(svg.stdout.includes('fill="url(#free)"'));
  });

  it('svg: overlaps are drawn in the warning colour', async () => {
    const overlapping = `apiVersion: baremetal.cluster.gke.io/v1
kind: Cluster
metadata: {name: c, namespace: ns}
spec:
  clusterNetwork:
    pods: {cidrBlocks: [10.0.0.0/16]}
    services: {cidrBlocks: [10.0.128.0/20]}
`;
    const result = await runCli(['plan', '-', '-o', 'svg'], overlapping);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /<rect [^>]*fill="#d62728"[^>]*class="overlap"/);
    assert.match(result.stdout, /overlap: 10\.0\.0\.0\/16 and 10\.0\.128\.0\/20/);
  });

  it('exits 2 for unreadable input, a document that is not an object, and bad usage; never a stack trace', async () => {
    const runs = await runCliMany([
      ['plan', 'no/such/file.yaml'], ['plan', '-'], ['plan', EXAMPLE, '--nodes', 'many'], ['plan', EXAMPLE, '-o', 'html'], ['plan'],
    ]);
    for (const run of runs) {
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    }
    const bad = await runCli(['plan', '-'], 'key: [unclosed');
    assert.equal(bad.status, 2);
    const scalar = await runCli(['plan', '-'], '42\n');
    assert.equal(scalar.status, 2);
    assert.match(scalar.stderr, /not a Kubernetes object/);
  });

  it('exits 2 for the same object twice in its input, naming both places, as check does', async () => {
    const run = await runCli(['plan', EXAMPLE, EXAMPLE]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `${EXAMPLE}:5: Namespace cluster-dual-stack twice in one configuration (at ${EXAMPLE}:5 and ${EXAMPLE}:5); `
      + 'plan one configuration at a time\n');
  });

  it('says so when the input holds no Cluster', async () => {
    const result = await runCli(['plan', 'examples/my-lb-service.yaml']);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, 'no Cluster in the input: nothing to plan\n');
  });
});
