import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type AuditSource, auditedObject } from '../../../src/cluster/audit-source.js';
import { factsFromDocuments } from '../../../src/documents/facts-from-documents.js';
import { keyOf } from '../../../src/cluster/kube-objects.js';
import { WATCHED_RESOURCES } from '../../../src/cluster/kube-resources.js';
import { type ReportWrites } from '../../../src/cluster/report-writes.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { DEFAULT_SETTINGS } from '../../../src/rules/index.js';
import { type KubernetesObject } from '../../../src/rules/index.js';
import { Auditor } from '../../../src/cli/audit/auditor.js';
import { REPORT_APIS } from '../../../src/cli/audit/report.js';
import { yamlObjects } from '../../support/yaml.js';

/** An API as the auditor sees it: objects by kind, changed by the test. */
function fakeSource(objects: KubernetesObject[]): AuditSource & { objects: KubernetesObject[] } {
  const resourceOf = (kind: string) => WATCHED_RESOURCES.find((resource) => resource.kind === kind)!;
  const state = {
    objects,
    resources: WATCHED_RESOURCES,
    listed: Promise.resolve(),
    objectsOf: (kind: string) => state.objects.filter((object) => object.kind === kind).map((object) => auditedObject(resourceOf(kind), object)),
    objectOf: (kind: string, key: string) => state.objectsOf(kind).find((object) => keyOf(object) === key),
    facts: () => factsFromDocuments(state.objects, true),
    stop: async () => {},
  };
  return state;
}

function recordingWrites(existing: string[] = []) {
  const calls: string[] = [];
  const writes: ReportWrites = {
    apply: async (report) => {
      const { metadata, summary } = report as { metadata: { namespace: string }; summary: Record<string, number> };
      calls.push(`apply ${metadata.namespace} fail=${summary.fail} warn=${summary.warn} pass=${summary.pass}`);
    },
    delete: async (namespace, name) => { calls.push(`delete ${namespace}/${name}`); },
    namespacesWith: async () => new Set(existing),
  };
  return { calls, writes };
}

const example = yamlObjects(readFileSync(path.join(PACKAGE_ROOT, 'examples', 'invalid', 'C-5.yaml'), 'utf8'))
  .filter((object) => object.kind !== 'Namespace') as KubernetesObject[];
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('auditor: a report per namespace, written when it changes', () => {
  it('writes each namespace once, deletes a report of ours where nothing is left, and writes nothing for the same findings', async () => {
    const source = fakeSource([...example]);
    const { calls, writes } = recordingWrites(['gone']);
    const auditor = new Auditor({
      source, settings: DEFAULT_SETTINGS, namespaces: undefined, reports: { api: REPORT_APIS.openreports, writes }, logger: silent, writeIntervalMs: 0,
    });
    auditor.judgeAll();
    assert.deepEqual(await auditor.writeAll(), []);
    assert.deepEqual(calls.sort(), ['apply cluster-dual-stack fail=1 warn=0 pass=2', 'delete gone/dualstack-webhook']);
    auditor.resume();

    calls.length = 0;
    auditor.changed({ kind: 'NodePool', keys: ['cluster-dual-stack/workers'] });
    await new Promise((resolve) => setImmediate(resolve));
    await auditor.idle();
    assert.deepEqual(calls, [], 'the same findings: no write');

    // The Cluster fixed: its namespace's report loses the fail.
    const cluster = source.objects[0] as { spec: { clusterNetwork: { pods: { cidrBlocks: string[] } } } };
    source.objects[0] = { ...source.objects[0], spec: { ...cluster.spec, clusterNetwork: { ...cluster.spec.clusterNetwork, pods: { cidrBlocks: ['192.168.0.0/16'] } } } } as KubernetesObject;
    auditor.changed({ kind: 'Cluster', keys: ['cluster-dual-stack/dual-stack'] });
    await new Promise((resolve) => setImmediate(resolve));
    await auditor.idle();
    assert.deepEqual(calls, ['apply cluster-dual-stack fail=0 warn=0 pass=3']);

    // Everything deleted: the empty namespace's report is deleted.
    calls.length = 0;
    source.objects = [];
    auditor.changed({ kind: 'Cluster' });
    await new Promise((resolve) => setImmediate(resolve));
    await auditor.idle();
    assert.deepEqual(calls, ['delete cluster-dual-stack/dualstack-webhook']);
    await auditor.stop();
  });

  it('a report list that fails is a problem, and every namespace with findings is written all the same', async () => {
    const { calls, writes } = recordingWrites(['gone']);
    const auditor = new Auditor({
      source: fakeSource([...example]), settings: DEFAULT_SETTINGS, namespaces: undefined, logger: silent,
      reports: { api: REPORT_APIS.openreports, writes: { ...writes, namespacesWith: async () => { throw new Error('HTTP 403: forbidden'); } } },
    });
    auditor.judgeAll();
    assert.deepEqual(await auditor.writeAll(), ['list Reports: HTTP 403: forbidden']);
    assert.deepEqual(calls, ['apply cluster-dual-stack fail=1 warn=0 pass=2']);
    await auditor.stop();
  });

  it('judges and reports only the --namespace given', async () => {
    const other = example.map((object) => ({ ...object, metadata: { ...object.metadata, namespace: 'other' } }));
    const { calls, writes } = recordingWrites();
    const auditor = new Auditor({
      source: fakeSource([...example, ...other]), settings: DEFAULT_SETTINGS, namespaces: new Set(['other']),
      reports: { api: REPORT_APIS.openreports, writes }, logger: silent,
    });
    auditor.judgeAll();
    await auditor.writeAll();
    // The config in `other` overlaps the same ranges of the Cluster outside the scope: a warning, as check says.
    assert.deepEqual(calls, ['apply other fail=1 warn=1 pass=1']);
    assert.deepEqual(auditor.results().map((result) => `${result.kind} ${result.namespace}/${result.name}`),
      ['Cluster other/dual-stack', 'ClusterCIDRConfig other/cluster-wide-ranges', 'NodePool other/workers']);
    await auditor.stop();
  });
});
