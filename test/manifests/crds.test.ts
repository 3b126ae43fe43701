import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { type KubeObject, MANIFESTS, parseStream, readManifest } from './manifest-files.js';

// What kube-apiserver's CRD validation asks of a schema (k8s.io/apiextensions-apiserver v0.37.2,
// pkg/apiserver/schema/validation.go ValidateStructural and apis/apiextensions/validation), for the keywords our
// renderer uses. A keyword outside this list fails the test: check it against the real server before adding it.
const KNOWN_KEYWORDS = new Set([
  'type', 'properties', 'items', 'additionalProperties', 'required', 'description', 'format', 'enum', 'nullable',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string',
]);

type Level = 'root' | 'field' | 'item';

/** Every structural-schema violation under `schema`, as `path: problem`; empty for a structural schema. */
function structuralProblems(schema: KubeObject, at: string, level: Level): string[] {
  const problems: string[] = [];
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN_KEYWORDS.has(keyword)) problems.push(`${at}.${keyword}: not a keyword this test knows the server accepts`);
  }
  const preserve = schema['x-kubernetes-preserve-unknown-fields'];
  if (preserve !== undefined && preserve !== true) problems.push(`${at}.x-kubernetes-preserve-unknown-fields: must be true or absent`);
  if (!schema.type && preserve !== true && schema['x-kubernetes-int-or-string'] !== true) {
    problems.push(`${at}.type: must not be empty (${level})`);
  }
  if (level === 'root') {
    if (schema.type !== 'object') problems.push(`${at}.type: must be object at the root`);
    if (schema.additionalProperties !== undefined) problems.push(`${at}.additionalProperties: must not be used at the root`);
    for (const key of ['apiVersion', 'kind']) {
      if (schema.properties?.[key] && schema.properties[key].type !== 'string') problems.push(`${at}.properties.${key}: must be string`);
    }
    const metadata = schema.properties?.metadata;
    if (metadata) {
      if (metadata.type !== 'object') problems.push(`${at}.properties.metadata.type: must be object`);
      const extra = Object.keys(metadata).filter((key) => key !== 'type' && key !== 'properties');
      const fields = Object.keys(metadata.properties ?? {}).filter((key) => key !== 'name' && key !== 'generateName');
      if (extra.length || fields.length) problems.push(`${at}.properties.metadata: may only restrict name and generateName`);
    }
  } else if (schema.properties?.metadata) {
    problems.push(`${at}.properties.metadata: metadata may be specified at the root only`);
  }
  if (schema.properties !== undefined && schema.additionalProperties !== undefined) {
    problems.push(`${at}: properties and additionalProperties are mutually exclusive`);
  }
  if (schema.type === 'array') {
    if (typeof schema.items !== 'object' || schema.items === null || Array.isArray(schema.items)) {
      problems.push(`${at}.items: must be one schema`);
    } else {
      problems.push(...structuralProblems(schema.items, `${at}.items`, 'item'));
    }
  }
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    problems.push(...structuralProblems(property as KubeObject, `${at}.properties.${key}`, 'field'));
  }
  if (typeof schema.additionalProperties === 'object') {
    problems.push(...structuralProblems(schema.additionalProperties, `${at}.additionalProperties`, 'field'));
  }
  return problems;
}

const CRD_FILES = readdirSync(path.join(MANIFESTS, 'crds')).filter((file) => file !== 'kustomization.yaml');
const CRDS = CRD_FILES.flatMap((file) => readManifest(`crds/${file}`));

function documentsUnder(folder: string): KubeObject[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return documentsUnder(full);
    return entry.name.endsWith('.yaml') ? parseStream(readFileSync(full, 'utf8'), full) : [];
  });
}

describe('manifests/crds: CRDs a real kube-apiserver accepts', () => {
  it('the folder holds the Cluster, NodePool and ClusterCIDRConfig CRDs, one per file', () => {
    assert.deepEqual(CRDS.map((crd) => crd.spec.names.kind).sort(), ['Cluster', 'ClusterCIDRConfig', 'NodePool']);
  });

  for (const crd of CRDS) {
    describe(crd.metadata.name, () => {
      it('is apiextensions.k8s.io/v1, named <plural>.<group>, with one storage version, every version served', () => {
        assert.equal(crd.apiVersion, 'apiextensions.k8s.io/v1');
        assert.equal(crd.kind, 'CustomResourceDefinition');
        assert.equal(crd.metadata.name, `${crd.spec.names.plural}.${crd.spec.group}`);
        assert.equal(crd.spec.versions.filter((version: KubeObject) => version.storage).length, 1);
        for (const version of crd.spec.versions) assert.equal(version.served, true, version.name);
      });

      it('every version has a structural schema: a type at every level, items for arrays, metadata left alone', () => {
        for (const version of crd.spec.versions) {
          assert.deepEqual(structuralProblems(version.schema.openAPIV3Schema, `${version.name}.openAPIV3Schema`, 'root'), []);
        }
      });
    });
  }

  it('serves every version of its kinds that examples/ uses', () => {
    const groups = new Set(CRDS.map((crd) => crd.spec.group));
    const used = documentsUnder(path.join(PACKAGE_ROOT, 'examples'))
      .filter((object) => groups.has(String(object.apiVersion).split('/')[0]))
      .map((object) => `${object.apiVersion} ${object.kind}`);
    const served = new Set(CRDS.flatMap((crd) => crd.spec.versions
      .map((version: KubeObject) => `${crd.spec.group}/${version.name} ${crd.spec.names.kind}`)));
    assert.deepEqual([...new Set(used)].sort(), [
      'baremetal.cluster.gke.io/v1 Cluster', 'baremetal.cluster.gke.io/v1 NodePool',
      'baremetal.cluster.gke.io/v1alpha1 ClusterCIDRConfig',
    ]);
    for (const entry of used) assert.ok(served.has(entry), `${entry} is used in examples/ but no CRD serves it`);
  });

  describe('the structural check itself', () => {
    const root = (spec: KubeObject) => ({ type: 'object', properties: { spec } });

    it('finds a field without a type, an array without items, metadata fields and preserve-unknown-fields false', () => {
      assert.deepEqual(structuralProblems(root({ type: 'object', properties: { a: {}, b: { type: 'array' } } }), 's', 'root'), [
        's.properties.spec.properties.a.type: must not be empty (field)',
        's.properties.spec.properties.b.items: must be one schema',
      ]);
      assert.deepEqual(structuralProblems({
        type: 'object', properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
      }, 's', 'root'), ['s.properties.metadata: may only restrict name and generateName']);
      assert.deepEqual(structuralProblems(root({ type: 'object', 'x-kubernetes-preserve-unknown-fields': false }), 's', 'root'),
        ['s.properties.spec.x-kubernetes-preserve-unknown-fields: must be true or absent']);
    });

    it('accepts an untyped field that preserves unknown fields', () => {
      assert.deepEqual(structuralProblems(root({ 'x-kubernetes-preserve-unknown-fields': true }), 's', 'root'), []);
    });
  });
});
