import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_RESOURCE, WATCHED_RESOURCES } from '../../../src/cluster/kube-resources.js';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { auditedObject } from '../../../src/cluster/audit-source.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/index.js';
import { type KubernetesObject } from '../../../src/rules/index.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { type AuditResult, judgeStoredObject } from '../../../src/cli/audit/audit-judge.js';
import { REPORT_APIS, buildReport, policyOf, resultsByNamespace } from '../../../src/cli/audit/report.js';
import { formatText } from '../../../src/cli/check/check-output.js';
import { formatSarif } from '../../../src/cli/check/check-sarif.js';
import { yamlObjects } from '../../support/yaml.js';

/** examples/invalid/C-5.yaml as the API would hold it: every object with a uid. */
function storedExample(file: string): { objects: KubernetesObject[]; results: AuditResult[] } {
  const objects = yamlObjects(readFileSync(path.join(PACKAGE_ROOT, 'examples', file), 'utf8'))
    .filter((object) => object.kind !== 'Namespace')
    .map((object, index) => ({ ...object, metadata: { ...object.metadata, uid: `uid-${index}`, resourceVersion: "7" } }) as KubernetesObject & { kind: string });
  const facts = { ...factsFromDocuments(objects, true) };
  const resourceOf = (kind: string) => [...WATCHED_RESOURCES, SERVICE_RESOURCE].find((resource) => resource.kind === kind)!;
  const results = objects.map((object) => judgeStoredObject(resourceOf(object.kind), auditedObject(resourceOf(object.kind), object), facts, DEFAULT_SETTINGS)!);
  return { objects, results };
}

describe('audit reports (one per namespace, the shape of docs/audit.md)', () => {
  const { results } = storedExample('invalid/C-5.yaml');

  it('places a stored object at its API path, and check\'s text prints that path with the cause', () => {
    assert.equal(formatText(results.slice(0, 1)), [
      'DENY Cluster cluster-dual-stack/dual-stack /apis/baremetal.cluster.gke.io/v1/namespaces/cluster-dual-stack/clusters/dual-stack',
      '  spec.clusterNetwork.pods.cidrBlocks[1]: Invalid value: "fd12::1:0/112": must be an IPv4 CIDR: the IPv6 pod range belongs in a '
        + 'ClusterCIDRConfig [C-5]',
      '1 object: 0 PASS, 0 WARN, 1 DENY, 0 SKIP; causes C-5 x1', '',
    ].join('\n'));
  });

  it('names a stored object in SARIF by its API path, with no region (it has no lines)', () => {
    const log = JSON.parse(formatSarif(results.slice(0, 1), { exitCode: 1 })) as { runs: { results: { locations: { physicalLocation: unknown }[] }[] }[] };
    assert.deepEqual(log.runs[0]!.results[0]!.locations[0]!.physicalLocation, {
      artifactLocation: { uri: '/apis/baremetal.cluster.gke.io/v1/namespaces/cluster-dual-stack/clusters/dual-stack' },
    });
  });

  it('builds a Report: a fail per cause with rule, field, severity high, the resource with its uid; a pass per clean object', () => {
    const report = buildReport(REPORT_APIS.openreports, 'cluster-dual-stack', results);
    assert.deepEqual(report, {
      apiVersion: 'openreports.io/v1alpha1',
      kind: 'Report',
      metadata: { name: 'dualstack-webhook', namespace: 'cluster-dual-stack', labels: { 'app.kubernetes.io/managed-by': 'dualstack-webhook' } },
      source: 'dualstack-webhook',
      summary: { pass: 2, fail: 1, warn: 0, error: 0, skip: 0 },
      results: [
        {
          source: 'dualstack-webhook', category: 'dual-stack', policy: 'cluster', rule: 'C-5', result: 'fail', severity: 'high',
          // The cause's message, as admission answers it; the field is in properties.
          message: 'Invalid value: "fd12::1:0/112": must be an IPv4 CIDR: the IPv6 pod range belongs in a ClusterCIDRConfig [C-5]',
          properties: { field: 'spec.clusterNetwork.pods.cidrBlocks[1]' },
          resources: [{ apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'Cluster', namespace: 'cluster-dual-stack', name: 'dual-stack', uid: 'uid-0' }],
        },
        {
          source: 'dualstack-webhook', category: 'dual-stack', policy: 'cluster', result: 'pass', message: 'passes every dual-stack rule',
          resources: [{ apiVersion: 'baremetal.cluster.gke.io/v1', kind: 'NodePool', namespace: 'cluster-dual-stack', name: 'workers', uid: 'uid-1' }],
        },
        {
          source: 'dualstack-webhook', category: 'dual-stack', policy: 'clustercidrconfig', result: 'pass', message: 'passes every dual-stack rule',
          resources: [{
            apiVersion: 'baremetal.cluster.gke.io/v1alpha1', kind: 'ClusterCIDRConfig', namespace: 'cluster-dual-stack', name: 'cluster-wide-ranges',
            uid: 'uid-2',
          }],
        },
      ],
    });
  });

  it('writes a PolicyReport (wgpolicyk8s.io/v1alpha2) with the source on each result, none at the top', () => {
    const report = buildReport(REPORT_APIS.policyreport, 'cluster-dual-stack', results) as Record<string, any>;
    assert.equal(report.apiVersion, 'wgpolicyk8s.io/v1alpha2');
    assert.equal(report.kind, 'PolicyReport');
    assert.equal(report.source, undefined);
    assert.ok(report.results.every((result: { source: string }) => result.source === 'dualstack-webhook'));
  });

  it('gives a warning a warn result with severity medium and its rule, and cross-object rules the cross-object policy', () => {
    const { results: x5 } = storedExample('invalid/X-5.yaml');
    const config = x5.find((result) => result.kind === 'ClusterCIDRConfig')!;
    const report = buildReport(REPORT_APIS.openreports, 'cluster-dual-stack', [config]) as Record<string, any>;
    assert.deepEqual(report.results.map((result: Record<string, any>) => [result.policy, result.rule, result.result, result.severity, result.properties?.field]),
      [['cross-object', 'X-5', 'fail', 'high', 'spec.ipv6.cidr']]);
    const warned: AuditResult = { ...config, causes: [], allowed: true, warnings: [{ rule: 'X-7', field: '', message: 'no Cluster in the facts', line: 0, column: 0, endLine: 0, endColumn: 0 }] };
    const warn = (buildReport(REPORT_APIS.openreports, 'ns', [warned]) as Record<string, any>).results[0];
    assert.deepEqual([warn.policy, warn.rule, warn.result, warn.severity, warn.message, warn.properties],
      ['cross-object', 'X-7', 'warn', 'medium', '[X-7] no Cluster in the facts', undefined]);
    assert.deepEqual((buildReport(REPORT_APIS.openreports, 'ns', [warned]) as Record<string, any>).summary, { pass: 0, fail: 0, warn: 1, error: 0, skip: 0 });
  });

  it('files SCHEMA causes and passes under the kind\'s policy', () => {
    assert.equal(policyOf('SCHEMA', 'Service'), 'service');
    assert.equal(policyOf(undefined, 'NodePool'), 'cluster');
    assert.equal(policyOf('R-5', 'ClusterCIDRConfig'), 'clustercidrconfig');
    assert.equal(policyOf('S-2', 'Service'), 'service');
  });

  it('groups results by namespace, one report each', () => {
    const other: AuditResult = { ...results[1]!, namespace: 'other' };
    assert.deepEqual([...resultsByNamespace([...results, other])].map(([namespace, list]) => [namespace, list.length]), [['cluster-dual-stack', 3], ['other', 1]]);
  });

  it('keeps of a stored object what the rules read and the uid, never its resourceVersion or managedFields', () => {
    const kept = auditedObject(SERVICE_RESOURCE, {
      metadata: { name: 'web', namespace: 'ns', uid: 'u', resourceVersion: '9', managedFields: [{}], labels: { a: 'b' } }, spec: { type: 'ClusterIP' },
    });
    assert.deepEqual(kept, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'ns', uid: 'u', labels: { a: 'b' }, annotations: undefined }, spec: { type: 'ClusterIP' } });
  });
});
