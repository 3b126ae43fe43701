import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse, parseDocument, isMap, isScalar, type YAMLMap } from 'yaml';
import { SERVE_OPTIONS } from '../../src/cli/serve/serve-options.js';
import {
  CHART_FOLDER, GENERATED_CHART_FILES, PROVEN_KUBERNETES, chartDefaults, renderChartFiles,
} from '../../src/manifests/chart-files.js';
import { type ValueEntry } from '../../src/manifests/chart-value-tree.js';
import { CHART_SERVE_OPTIONS, CHART_SET_SERVE_OPTIONS, chartValueEntries } from '../../src/manifests/chart-values.js';
import { findDrift } from '../../src/manifests/manifest-drift.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { REGISTRY } from '../../src/rules/registry.js';
import { runCli } from '../support/cli.js';

const CHART = path.join(PACKAGE_ROOT, CHART_FOLDER);
const version = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const rendered = renderChartFiles({ registry: REGISTRY, version });
const schema = JSON.parse(readFileSync(path.join(CHART, 'values.schema.json'), 'utf8')) as Record<string, unknown>;

function validate(values: unknown): string[] {
  const check = new Ajv({ strict: false, allErrors: true }).compile(schema);
  return check(values) ? [] : (check.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/**
 * The values (by path) that values.yaml does not write right after their own comment. The yaml library hangs the
 * comment of a mapping's first key on the mapping itself.
 */
function valuesWithoutComment(map: YAMLMap, entries: readonly ValueEntry[], prefix = ''): string[] {
  return entries.flatMap((entry, index) => {
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === entry.key);
    if (!pair) return [`${prefix}${entry.key} (missing)`];
    const comment = (pair.key as { commentBefore?: string }).commentBefore ?? (index === 0 ? map.commentBefore : undefined);
    const here = comment?.includes(entry.comment.split('\n').at(-1)!) ? [] : [`${prefix}${entry.key}`];
    if (!('entries' in entry)) return here;
    assert.ok(isMap(pair.value), entry.key);
    return [...here, ...valuesWithoutComment(pair.value, entry.entries, `${prefix}${entry.key}.`)];
  });
}

describe('charts/dualstack-webhook: the parts rendered from the code', () => {
  it('the committed generated files equal a fresh render (run `dualstack-webhook manifests --out manifests` after a change)', async () => {
    assert.deepEqual(await findDrift(CHART, rendered, { wholeFolder: false }), []);
    assert.deepEqual(rendered.map((file) => file.path), [...GENERATED_CHART_FILES]);
  });

  it('Chart.yaml: apiVersion v2, version and appVersion the package\'s, kubeVersion the e2e suite\'s Kubernetes', () => {
    const chart = parse(readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual([chart.apiVersion, chart.name, chart.version, chart.appVersion, chart.kubeVersion],
      ['v2', 'dualstack-webhook', version, version, `>=${PROVEN_KUBERNETES}.0-0`]);
    const goMod = readFileSync(path.join(PACKAGE_ROOT, 'test/e2e/binaries/kube/go.mod'), 'utf8');
    assert.match(goMod, new RegExp(`k8s\\.io/kubernetes v${PROVEN_KUBERNETES.replace('.', '\\.')}\\.\\d+`));
  });

  it('values.yaml: every value has a comment, and the file reads as the defaults the schema was made from', () => {
    const text = readFileSync(path.join(CHART, 'values.yaml'), 'utf8');
    const document = parseDocument(text);
    assert.ok(isMap(document.contents));
    assert.deepEqual(valuesWithoutComment(document.contents, chartValueEntries(REGISTRY)), []);
    assert.deepEqual(document.toJS(), chartDefaults(REGISTRY));
  });

  it('values.yaml: the failure policy of each kind is the registry\'s (Fail but for Services)', () => {
    const values = chartDefaults(REGISTRY) as { failurePolicy: Record<string, string> };
    assert.deepEqual(values.failurePolicy, { clusters: 'Fail', nodepools: 'Fail', clustercidrconfigs: 'Fail', services: 'Ignore' });
    assert.deepEqual(values.failurePolicy, Object.fromEntries(REGISTRY.map((entry) => [entry.resource, entry.failurePolicy])));
  });

  it('values.schema.json: the defaults pass; a wrong choice, a wrong type and an unknown key fail at their path', () => {
    const defaults = chartDefaults(REGISTRY) as Record<string, any>;
    assert.deepEqual(validate(defaults), []);
    const wrong = structuredClone(defaults);
    wrong.failurePolicy.services = 'Sometimes';
    wrong.replicaCount = 'two';
    wrong.replicas = 3;
    wrong.serve.logLevel = 'verbose';
    assert.deepEqual(validate(wrong).sort(), [
      ' must NOT have additional properties',
      '/failurePolicy/services must be equal to one of the allowed values',
      '/replicaCount must be integer',
      '/serve/logLevel must be equal to one of the allowed values',
    ]);
  });

  it('every `serve` option is a `serve:` value or set by the chart itself', () => {
    assert.deepEqual(
      [...CHART_SET_SERVE_OPTIONS, ...CHART_SERVE_OPTIONS.map((entry) => entry.option)].sort(),
      Object.keys(SERVE_OPTIONS).sort(),
    );
  });

  it('templates/_generated.tpl: the kinds, operations and sides of the registry', () => {
    const template = readFileSync(path.join(CHART, 'templates/_generated.tpl'), 'utf8');
    const kinds = JSON.parse(/define "dualstack-webhook\.kinds" -}}\n(.*)\n/.exec(template)![1]!) as Record<string, unknown>[];
    assert.deepEqual(kinds.map((kind) => [kind.kind, kind.side, kind.validate, kind.mutate]), [
      ['Cluster', 'admin', ['CREATE', 'UPDATE'], []],
      ['NodePool', 'admin', ['CREATE', 'UPDATE'], []],
      ['ClusterCIDRConfig', 'admin', ['CREATE', 'UPDATE', 'DELETE'], []],
      ['Service', 'workload', ['CREATE', 'UPDATE'], ['CREATE', 'UPDATE']],
    ]);
  });

  it('a registry change shows up as drift in the chart\'s generated files', async () => {
    const withoutServices = REGISTRY.filter((entry) => entry.kind !== 'Service');
    const drift = await findDrift(CHART, renderChartFiles({ registry: withoutServices, version }), { wholeFolder: false });
    assert.deepEqual(drift.map((entry) => `${entry.problem}: ${entry.path}`).sort(), [
      'differs: templates/_generated.tpl', 'differs: values.schema.json', 'differs: values.yaml',
    ]);
  });
});

describe('dualstack-webhook manifests --check: the chart', function () {
  this.timeout(60_000);
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'chart-'));
    cpSync(CHART, folder, { recursive: true });
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('exits 0 on the committed chart, whatever hand-written templates sit beside the generated files', async () => {
    writeFileSync(path.join(folder, 'templates/extra.yaml'), 'kind: ConfigMap\n');
    const run = await runCli(['manifests', '--check', '--chart', folder]);
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.lines[1], `${folder}: up to date (4 generated files)`);
  });

  it('exits 1 and names the chart\'s edited or missing generated files', async () => {
    const values = path.join(folder, 'values.yaml');
    writeFileSync(values, readFileSync(values, 'utf8').replace('services: Ignore', 'services: Fail'));
    rmSync(path.join(folder, 'templates/_generated.tpl'));
    const run = await runCli(['manifests', '--check', '--chart', folder]);
    assert.equal(run.status, 1);
    assert.deepEqual(run.lines.slice(0, 2).sort(), [
      `differs: ${path.join(folder, 'values.yaml')}`,
      `missing: ${path.join(folder, 'templates/_generated.tpl')}`,
    ]);
    assert.equal(run.lines[2], `run: dualstack-webhook manifests --out ${path.join(PACKAGE_ROOT, 'manifests')} --chart ${folder}`);
  });
});
