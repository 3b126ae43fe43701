import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { CLI } from '../support/cli.js';
import { type ManagedProcess, delay, freePort, pollUntil, runCommand, startProcess } from '../support/processes.js';
import { createNamespace, mainTarget, storedObject } from './support/admission.js';
import { e2e } from './support/environment.js';
import { type ReportCrds, reportCrds } from './support/report-crds.js';

// `audit` against the real kube-apiserver (docs/audit.md): objects stored while no webhook was registered (this file
// registers none), judged from the API and reported as OpenReports Reports, as wg-policy PolicyReports when only that
// CRD is there, and printed only when neither is. The report CRDs are upstream's (support/report-crds.ts says where the
// tests find them; docs/audit.md where users get them).
let crds: ReportCrds;

const C5 = 'aud-c5';
const R18 = 'aud-r18';
const X5 = 'aud-x5';
const LATER = 'aud-later';
const NAMESPACES = [C5, R18, X5, LATER];
const CLUSTERS = 'clusters.baremetal.cluster.gke.io';
const CONFIGS = 'clustercidrconfigs.baremetal.cluster.gke.io';
const kubectl = (args: readonly string[], stdin?: string) => mainTarget().kubectl(args, stdin);
const scope = NAMESPACES.flatMap((namespace) => ['--namespace', namespace]);

/** An examples/invalid file (or the documentation cluster) moved to `namespace`, without its Namespace document. */
function exampleIn(file: string, namespace: string): string {
  return readFileSync(path.join(PACKAGE_ROOT, 'examples', file), 'utf8')
    .replace(/\bcluster-dual-stack\b/g, namespace)
    .split(/^---$/m).filter((document) => !/^kind: Namespace$/m.test(document)).join('---\n');
}

async function applyText(text: string): Promise<void> {
  const applied = await kubectl(['apply', '-f', '-'], text);
  assert.equal(applied.code, 0, applied.stderr);
}

async function installCrd(file: string, resource: string): Promise<void> {
  const applied = await kubectl(['apply', '-f', file]);
  assert.equal(applied.code, 0, applied.stderr);
  const waited = await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd', resource]);
  assert.equal(waited.code, 0, waited.stderr);
  const [plural, ...group] = resource.split('.');
  await pollUntil(`${resource} to be served`, 30_000, async () => ((await kubectl(['get', `${plural}.${group.join('.')}`, '-A'])).code === 0 ? true : undefined));
}

async function removeCrd(resource: string): Promise<void> {
  await kubectl(['delete', 'crd', resource, '--ignore-not-found', '--wait=true']);
  const [plural, ...group] = resource.split('.');
  await pollUntil(`${resource} to be gone`, 60_000, async () => ((await kubectl(['get', `${plural}.${group.join('.')}`, '-A'])).code !== 0 ? true : undefined));
}

function runAudit(args: readonly string[]) {
  return runCommand(process.execPath, [CLI, 'audit', '--kubeconfig', e2e().api.kubeconfigFile, ...scope, ...args], { cwd: PACKAGE_ROOT });
}

interface Report {
  metadata: { name: string; namespace: string; resourceVersion: string; managedFields?: { manager: string; operation: string }[] };
  source?: string;
  summary: Record<string, number>;
  results: { policy: string; rule?: string; result: string; message: string; severity?: string; category: string; source: string;
    properties?: { field: string }; resources: { kind: string; name: string; namespace: string; uid: string }[] }[];
}

async function reports(resource: 'reports' | 'policyreports'): Promise<Map<string, Report>> {
  const listed = await kubectl(['get', resource, '-A', '-o', 'json', '--show-managed-fields']);
  assert.equal(listed.code, 0, listed.stderr);
  const items = (JSON.parse(listed.stdout) as { items: Report[] }).items.filter((item) => NAMESPACES.includes(item.metadata.namespace));
  return new Map(items.map((item) => [item.metadata.namespace, item]));
}

function failures(report: Report | undefined): string[] {
  return (report?.results ?? []).filter((result) => result.result === 'fail')
    .map((result) => `${result.resources[0]!.kind} ${result.resources[0]!.name} ${result.properties?.field ?? ''} [${result.rule}]`);
}

describe('e2e: audit of objects stored while no webhook was registered', function () {
  this.timeout(240_000);

  before(async function () {
    crds = await reportCrds();
    process.stdout.write(`      report CRDs from ${crds.source}\n`);
    for (const namespace of NAMESPACES) await createNamespace(mainTarget(), namespace);
    await applyText(exampleIn('invalid/C-5.yaml', C5));
    await applyText(exampleIn('invalid/R-18.yaml', R18));
    await applyText(exampleIn('invalid/X-5.yaml', X5));
    await installCrd(crds.report, 'reports.openreports.io');
  });

  after(async () => {
    for (const namespace of NAMESPACES) await kubectl(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
    await kubectl(['delete', 'crd', 'reports.openreports.io', 'policyreports.wgpolicyk8s.io', '--ignore-not-found', '--wait=false']);
  });

  it('exits 1 and writes a Report per namespace whose fail results name the rule and the field', async () => {
    const run = await runAudit([]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.ok(run.stdout.includes(`DENY Cluster ${C5}/dual-stack /apis/baremetal.cluster.gke.io/v1/namespaces/${C5}/clusters/dual-stack\n`
      + '  spec.clusterNetwork.pods.cidrBlocks[1]: Invalid value: "fd12::1:0/112": must be an IPv4 CIDR: the IPv6 pod range belongs in a '
      + 'ClusterCIDRConfig [C-5]\n'), run.stdout);
    const written = await reports('reports');
    assert.deepEqual([...written.keys()].sort(), [C5, R18, X5]);
    assert.deepEqual(failures(written.get(C5)), ['Cluster dual-stack spec.clusterNetwork.pods.cidrBlocks[1] [C-5]']);
    assert.ok(failures(written.get(R18)).some((failure) => /^ClusterCIDRConfig \S+ spec\.nodeSelector\.matchLabels\[\S+\] \[R-18\]$/.test(failure)),
      failures(written.get(R18)).join('\n'));
    assert.ok(failures(written.get(X5)).includes('ClusterCIDRConfig cluster-wide-ranges spec.ipv6.cidr [X-5]'), failures(written.get(X5)).join('\n'));
    const report = written.get(C5)!;
    assert.equal(report.metadata.name, 'dualstack-webhook');
    assert.equal(report.source, 'dualstack-webhook');
    assert.deepEqual(report.metadata.managedFields?.map((entry) => [entry.manager, entry.operation]), [['dualstack-webhook', 'Apply']]);
    const failed = report.results.find((result) => result.result === 'fail')!;
    assert.equal(failed.policy, 'cluster');
    assert.equal(failed.severity, 'high');
    assert.equal(failed.category, 'dual-stack');
    const cluster = await storedObject(mainTarget(), CLUSTERS, C5, 'dual-stack');
    assert.equal(failed.resources[0]!.uid, cluster!.metadata.uid);
    const passes = report.results.filter((result) => result.result === 'pass').map((result) => `${result.resources[0]!.kind} ${result.resources[0]!.name}`);
    assert.ok(passes.includes('NodePool workers'), JSON.stringify(report.results, null, 1));
    for (const kind of ['pass', 'fail', 'warn'] as const) {
      assert.equal(report.summary[kind], report.results.filter((result) => result.result === kind).length, kind);
    }
  });

  it('writing the same findings again changes no report (resourceVersion unchanged)', async () => {
    const before = await reports('reports');
    const run = await runAudit([]);
    assert.equal(run.code, 1, run.stderr);
    const after = await reports('reports');
    for (const [namespace, report] of before) assert.equal(after.get(namespace)?.metadata.resourceVersion, report.metadata.resourceVersion, namespace);
  });

  it('--services judges the stored Services too (listed through the core API), as policy service', async () => {
    await applyText(`apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: ${C5}}\nspec: {ipFamilyPolicy: PreferDualStack, ports: [{port: 80}]}\n`);
    const run = await runAudit(['--services']);
    assert.equal(run.code, 1, run.stderr);
    const service = await storedObject(mainTarget(), 'service', C5, 'web');
    const results = (await reports('reports')).get(C5)!.results.filter((result) => result.resources[0]!.kind === 'Service');
    assert.deepEqual(results.map((result) => [result.policy, result.resources[0]!.name, result.resources[0]!.uid]), [['service', 'web', service!.metadata.uid]]);
    assert.ok(run.stdout.includes(` Service ${C5}/web /api/v1/namespaces/${C5}/services/web\n`), run.stdout);
  });

  describe('audit --watch', () => {
    let audit: ManagedProcess | undefined;
    let port = 0;
    const metrics = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

    before(async () => {
      port = await freePort();
      audit = startProcess('audit --watch', process.execPath, [
        CLI, 'audit', '--watch', '--kubeconfig', e2e().api.kubeconfigFile, ...scope, '--host', '127.0.0.1', '--port', String(port),
      ], { cwd: PACKAGE_ROOT });
      await pollUntil('audit --watch to be ready', 60_000, async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        return answer?.status === 200 ? true : undefined;
      });
    });

    after(async () => {
      await audit?.stop();
    });

    it('serves /healthz and the findings on /metrics', async () => {
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      const text = await metrics();
      assert.match(text, /^dualstack_webhook_audit_findings\{rule="C-5",result="fail"\} 1$/m);
      assert.match(text, /^dualstack_webhook_audit_report_write_errors_total\{operation="apply"\} 0$/m);
    });

    it('drops the C-5 result within seconds of the Cluster being fixed', async () => {
      const patched = await kubectl(['patch', CLUSTERS, 'dual-stack', '-n', C5, '--type=json',
        '-p', '[{"op":"remove","path":"/spec/clusterNetwork/pods/cidrBlocks/1"}]']);
      assert.equal(patched.code, 0, patched.stderr);
      await pollUntil('the C-5 result to go', 15_000, async () => (failures((await reports('reports')).get(C5)).length === 0 ? true : undefined), 250);
      assert.match(await metrics(), /^dualstack_webhook_audit_findings\{rule="",result="pass"\} \d+$/m);
    });

    it('drops the R-18 results within seconds of the ClusterCIDRConfig being deleted', async () => {
      const configs = (await kubectl(['get', CONFIGS, '-n', R18, '-o', 'name'])).stdout.trim().split('\n');
      const deleted = await kubectl(['delete', '-n', R18, ...configs]);
      assert.equal(deleted.code, 0, deleted.stderr);
      await pollUntil('the R-18 results to go', 15_000, async () => (
        failures((await reports('reports')).get(R18)).some((failure) => failure.endsWith('[R-18]')) ? undefined : true), 250);
    });

    it('adds an X-5 result when a new ClusterCIDRConfig overlaps the pool of an existing Cluster', async () => {
      await applyText(exampleIn('dual-stack-cluster.yaml', LATER).replace(/\n---\n(?=apiVersion: baremetal.cluster.gke.io\/v1alpha1)[\s\S]*$/, '\n'));
      await pollUntil('a clean Report in the new namespace', 15_000, async () => {
        const report = (await reports('reports')).get(LATER);
        return report && (report.summary.pass ?? 0) > 0 && !report.summary.fail ? true : undefined;
      }, 250);
      await applyText([
        'apiVersion: baremetal.cluster.gke.io/v1alpha1', 'kind: ClusterCIDRConfig',
        `metadata: {name: overlapping, namespace: ${LATER}}`,
        'spec: {ipv4: {cidr: 192.168.0.0/16, perNodeMaskSize: 24}, ipv6: {cidr: "fd12::4:0/112", perNodeMaskSize: 120}}', '',
      ].join('\n'));
      await pollUntil('the X-5 result', 15_000, async () => (
        failures((await reports('reports')).get(LATER)).includes('ClusterCIDRConfig overlapping spec.ipv6.cidr [X-5]') ? true : undefined), 250);
    });

    it('deletes the Report of a namespace with nothing left to judge', async () => {
      for (const resource of [CONFIGS, 'nodepools.baremetal.cluster.gke.io', CLUSTERS]) {
        const deleted = await kubectl(['delete', resource, '--all', '-n', X5]);
        assert.equal(deleted.code, 0, deleted.stderr);
      }
      await pollUntil('the Report of the empty namespace to go', 15_000, async () => ((await reports('reports')).has(X5) ? undefined : true), 250);
    });

    it('ends on SIGTERM with status 0', async () => {
      audit!.child.kill('SIGTERM');
      const end = await Promise.race([audit!.exited, delay(15_000).then(() => undefined)]);
      assert.deepEqual(end, { code: 0, signal: null }, audit!.output());
    });
  });

  describe('with only the PolicyReport CRD', () => {
    before(async () => {
      await removeCrd('reports.openreports.io');
      await installCrd(crds.policyReport, 'policyreports.wgpolicyk8s.io');
    });

    it('writes the same findings as wgpolicyk8s.io/v1alpha2 PolicyReports', async () => {
      const run = await runAudit([]);
      assert.equal(run.code, 1, run.stderr);
      const written = await reports('policyreports');
      assert.deepEqual([...written.keys()].sort(), [C5, LATER, R18]);
      // X-5 places the overlap at both ends: the config's range and the Cluster's pool (examples/invalid/X-5.yaml).
      assert.deepEqual(failures(written.get(LATER)), [
        'Cluster dual-stack spec.loadBalancer.addressPools[0].addresses[1] [X-5]', 'ClusterCIDRConfig overlapping spec.ipv6.cidr [X-5]',
      ]);
      assert.equal(written.get(LATER)!.results[0]!.source, 'dualstack-webhook');
    });
  });

  describe('with neither report CRD', () => {
    before(async () => {
      await removeCrd('policyreports.wgpolicyk8s.io');
    });

    it('prints the findings, says once that no reports are written, and exits 1', async () => {
      const run = await runAudit([]);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, 'dualstack-webhook audit: the API serves neither openreports.io/v1alpha1 Reports nor '
        + 'wgpolicyk8s.io/v1alpha2 PolicyReports: no reports written (their CRDs: docs/audit.md)\n');
      assert.ok(run.stdout.includes(`DENY ClusterCIDRConfig ${LATER}/overlapping /apis/baremetal.cluster.gke.io/v1alpha1/namespaces/${LATER}/clustercidrconfigs/overlapping\n`), run.stdout);
    });
  });
});
