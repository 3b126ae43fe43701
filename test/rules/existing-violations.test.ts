import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { factsFromDocuments } from '../../src/documents/facts-from-documents.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/rules/facts.js';
import { valueAt } from '../../src/rules/field-path.js';
import { type Judgement, warningLine } from '../../src/rules/judgement.js';
import { type KubernetesObject } from '../../src/rules/objects.js';
import { judgeObject, registrationFor } from '../../src/rules/registry.js';
import { CATALOG_RULES } from '../../src/rules/rule-catalog-data.js';
import { sameJson } from '../../src/rules/same-json.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { documentsOf } from './cluster/support.js';

// docs/rules.md D19 (ratcheting), driven by examples/invalid (one file per deny rule) and the rule catalog, so that a new
// deny rule with its example is covered here without a new test.

type Mutable = Record<string, unknown>;

/** One broken object of an example configuration: the rule and field its "# expect:" line names. */
interface Broken {
  readonly name: string;
  readonly rule: string;
  readonly field: string;
  readonly documents: readonly KubernetesObject[];
  readonly index: number;
}

const INVALID = path.join(PACKAGE_ROOT, 'examples', 'invalid');
const STRICT: Settings = { ...DEFAULT_SETTINGS, allowExistingViolations: false };

/** The rules that compare old with new (D19: never ratcheted); their examples, if any, are UPDATEs (`# old:`). */
const UPDATE_RULES = ['C-6', 'C-20', 'C-21', 'C-22', 'C-29', 'R-11'];
/** Deny rules whose denial is another rule's: C-41's "deny if no CCC" is X-3. */
const DENIED_AS = { 'C-41': 'X-3' } as const;

function judge(documents: readonly KubernetesObject[], index: number, oldObject?: KubernetesObject, settings = DEFAULT_SETTINGS): Judgement {
  const object = documents[index]!;
  const registration = registrationFor(object.apiVersion, object.kind);
  assert.ok(registration, `no registration for ${object.kind}`);
  // Facts as `check --old` takes them: the new configuration.
  const facts = factsFromDocuments(documents, true);
  return judgeObject({
    registration, object, oldObject, operation: oldObject ? 'UPDATE' : 'CREATE', facts, settings,
  });
}

function hasCause(judgement: Judgement, rule: string, field: string): boolean {
  return judgement.causes.some((cause) => cause.rule === rule && cause.field === field);
}

function existingWarning(judgement: Judgement, rule: string, field: string): string | undefined {
  return judgement.warnings.map(warningLine).find((warning) => warning.startsWith(`[${rule}] existing violation, unchanged by this update: ${field}: `));
}

function replaced(documents: readonly KubernetesObject[], index: number, object: KubernetesObject): KubernetesObject[] {
  return documents.map((document, at) => (at === index ? object : document));
}

function setAt(object: KubernetesObject, field: string, value: unknown): KubernetesObject {
  const copy = structuredClone(object) as Mutable;
  const steps = field.match(/[^.[\]]+|\[[^\]]*\]/g)!.map((step) => (step.startsWith('[') ? step.slice(1, -1) : step));
  let node: Mutable = copy;
  for (const [at, step] of steps.entries()) {
    const key = Array.isArray(node) && /^\d+$/.test(step) ? Number(step) : step;
    if (at === steps.length - 1) {
      if (value === undefined) delete node[key];
      else node[key] = value;
    } else {
      node[key] ??= {};
      node = node[key] as Mutable;
    }
  }
  return copy as KubernetesObject;
}

/** A metadata-only change: a label, an annotation and a finalizer removed, as `kubectl label/annotate/patch` make. */
function touched(object: KubernetesObject): KubernetesObject {
  const copy = structuredClone(object) as KubernetesObject & { metadata: Mutable };
  copy.metadata = { ...copy.metadata, labels: { 'example.com/touched': 'yes' }, annotations: { 'example.com/note': 'seen' } };
  delete copy.metadata.finalizers;
  return copy;
}

/** Other values near `value`: a string lengthened or a digit of it changed, numbers moved, entries of lists and maps changed. */
function* variantsOf(value: unknown, depth = 0): Generator<unknown> {
  if (depth > 4) return;
  if (typeof value === 'string') {
    yield `${value}0`;
    for (let index = 0; index < value.length; index += 1) {
      const digit = value[index]!;
      if (!/\d/.test(digit)) continue;
      for (let step = 1; step < 10; step += 1) {
        yield `${value.slice(0, index)}${(Number(digit) + step) % 10}${value.slice(index + 1)}`;
      }
    }
  } else if (typeof value === 'number') {
    for (const other of [value + 1, value - 1, value + 2, value * 2]) yield other;
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      for (const other of variantsOf(item, depth + 1)) yield value.map((entry, at) => (at === index ? other : entry));
    }
    if (value.length > 0) yield [...value, value.at(-1)];
  } else if (value === undefined) {
    yield [];
    yield '';
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      for (const other of variantsOf(item, depth + 1)) yield { ...value, [key]: other };
    }
  }
}

/** The broken object at a changed value that still breaks its rule at the same field, or undefined. */
function stillWrong(broken: Broken): KubernetesObject | undefined {
  const object = broken.documents[broken.index]!;
  const value = valueAt(object, broken.field);
  for (const other of variantsOf(value)) {
    const changed = setAt(touched(object), broken.field, other);
    if (sameJson(valueAt(changed, broken.field), value)) continue;
    if (hasCause(judge(replaced(broken.documents, broken.index, changed), broken.index), broken.rule, broken.field)) return changed;
  }
  return undefined;
}

/** Rules whose field holds no other wrong value (the search above must find none, so this list stays true). */
const NO_OTHER_WRONG_VALUE: Record<string, string> = {
  'C-36': 'a required field: unset is its only wrong value',
  'C-44': 'multipleNetworkInterfaces is a boolean: true is its only wrong value',
  'C-26': 'bgp is the one load-balancer type that needs advancedNetworking',
  'X-3': 'flatIPv4 is a boolean: true is its only wrong value',
};

/** A violation of another rule in a field of its own, per kind (the first that is neither the rule nor its field). */
const ELSEWHERE: Record<string, readonly { rule: string; field: string; set: string; value: unknown }[]> = {
  Cluster: [
    { rule: 'C-11', field: 'spec.nodeConfig.podDensity.maxPodsPerNode', set: 'spec.nodeConfig.podDensity.maxPodsPerNode', value: 20 },
    { rule: 'C-25', field: 'spec.controlPlane.loadBalancer.mode', set: 'spec.controlPlane.loadBalancer.mode', value: 'manual' },
  ],
  NodePool: [
    { rule: 'C-38', field: 'spec.nodes[0].address', set: 'spec.nodes[0].address', value: 'fd12::4:1' },
    { rule: 'X-1', field: 'spec.clusterName', set: 'spec.clusterName', value: 'another-cluster' },
  ],
  ClusterCIDRConfig: [
    { rule: 'R-18', field: 'spec.nodeSelector.matchLabels', set: 'spec.nodeSelector.matchLabels[-bad]', value: 'x' },
    { rule: 'R-4', field: 'spec.ipv4.perNodeMaskSize', set: 'spec.ipv4.perNodeMaskSize', value: 33 },
  ],
};

function exampleBroken(file: string): Broken | undefined {
  const text = readFileSync(path.join(INVALID, file), 'utf8');
  const expect = /^# expect: (\S+) \[([CRX]-\d+)\]$/m.exec(text.split('\n')[0] ?? '');
  if (!expect || /^# old: /m.test(text)) return undefined;
  const [, field, rule] = expect as unknown as [string, string, string];
  const documents = documentsOf(`examples/invalid/${file}`);
  const index = documents.findIndex((document, at) => registrationFor(document.apiVersion, document.kind)?.ratchets
    && hasCause(judge(documents, at), rule, field));
  assert.ok(index >= 0, `${file}: no object denied by ${rule} at ${field}`);
  return { name: file, rule, field, documents, index };
}

const DOCUMENTATION = documentsOf('examples/dual-stack-cluster.yaml');
const POOL = DOCUMENTATION.findIndex((document) => document.kind === 'NodePool');

/** NodePools break C-17, C-38 and C-39 too; their examples break them in the Cluster, so these are by hand. */
const NODE_POOL_CASES: Broken[] = [
  { rule: 'C-17', field: 'spec.nodes[1].address', value: '192.168.0.6' },
  { rule: 'C-38', field: 'spec.nodes[1].address', value: 'fd12::4:6' },
  { rule: 'C-39', field: 'spec.nodes[1].address', value: '10.2.0.3' },
].map(({ rule, field, value }) => ({
  name: `NodePool ${rule}`, rule, field, index: POOL,
  documents: replaced(DOCUMENTATION, POOL, setAt(DOCUMENTATION[POOL]!, field, value)),
}));

const EXAMPLES = readdirSync(INVALID).filter((file) => /^[CRX]-\d+\.yaml$/.test(file)).sort();
const CASES: Broken[] = [...EXAMPLES.flatMap((file) => exampleBroken(file) ?? []), ...NODE_POOL_CASES];

describe('D19 existing violations (ratcheting) for every deny rule of Clusters, NodePools and ClusterCIDRConfigs', () => {
  it('covers every deny rule of the catalog that judges these kinds, except the UPDATE rules', () => {
    const denyRules = CATALOG_RULES.filter((row) => /^[CRX]-/.test(row.id) && /\bdeny\b/i.test(row.response)).map((row) => row.id);
    const covered = new Set([...CASES.map((entry) => entry.rule), ...UPDATE_RULES, ...Object.keys(DENIED_AS)]);
    assert.deepEqual(denyRules.filter((rule) => !covered.has(rule)), []);
    for (const rule of Object.values(DENIED_AS)) assert.ok(CASES.some((entry) => entry.rule === rule), rule);
  });

  for (const broken of CASES) {
    const { rule, field, documents, index } = broken;
    const object = documents[index]!;
    describe(`${broken.name}: ${object.kind} ${rule} at ${field}`, () => {
      it('a metadata-only UPDATE is admitted with the existing-violation warning', () => {
        const judgement = judge(replaced(documents, index, touched(object)), index, object);
        assert.deepEqual(judgement.causes, []);
        assert.ok(existingWarning(judgement, rule, field), JSON.stringify(judgement.warnings.map(warningLine)));
        assert.ok(judgement.warnings.map(warningLine).every((warning) => warning.length < 120));
        assert.ok(judgement.existingViolations?.includes(rule as never));
      });

      it('with --allow-existing-violations=false the metadata-only UPDATE is denied', () => {
        const judgement = judge(replaced(documents, index, touched(object)), index, object, STRICT);
        assert.ok(hasCause(judgement, rule, field), JSON.stringify(judgement.causes));
        assert.equal(judgement.warnings.map(warningLine).some((warning) => warning.includes('existing violation')), false);
      });

      const noOther = NO_OTHER_WRONG_VALUE[rule];
      if (noOther) {
        it(`has no changed, still-wrong value (${noOther})`, () => {
          assert.equal(stillWrong(broken), undefined);
        });
      } else it('the same rule at a changed, still-wrong value is denied', () => {
        const changed = stillWrong(broken);
        assert.ok(changed, `no changed still-wrong value found for ${rule} at ${field}: add a case by hand`);
        const judgement = judge(replaced(documents, index, changed), index, object);
        assert.ok(hasCause(judgement, rule, field), JSON.stringify(judgement.causes));
      });

      it('a new violation elsewhere in the same UPDATE is denied', () => {
        // Not the rule itself, nor a field holding the broken one (R-2 names all of spec: there the new one is inside
        // it), nor one that mends the broken one (a nodeSelector lets R-10's range be inside the pod range).
        const candidates = ELSEWHERE[object.kind!]!.filter((entry) => entry.rule !== rule && !field.startsWith(entry.set))
          .map((entry) => ({ ...entry, changed: setAt(touched(object), entry.set, entry.value) }));
        const other = candidates.find((entry) => hasCause(judge(replaced(documents, index, entry.changed), index), rule, field));
        assert.ok(other, `no other violation keeps ${rule} at ${field}`);
        const { changed } = other;
        const judgement = judge(replaced(documents, index, changed), index, object);
        assert.ok(hasCause(judgement, other.rule, other.field), JSON.stringify(judgement.causes));
        // The existing violation stays a warning unless the new one changed its field's value (R-2 names all of spec).
        if (sameJson(valueAt(changed, field), valueAt(object, field))) {
          assert.equal(hasCause(judgement, rule, field), false, JSON.stringify(judgement.causes));
          assert.ok(existingWarning(judgement, rule, field), JSON.stringify(judgement.warnings.map(warningLine)));
        } else {
          assert.ok(hasCause(judgement, rule, field), JSON.stringify(judgement.causes));
        }
      });
    });
  }
});

describe('D19 never ratchets the UPDATE rules (they compare old with new)', () => {
  const cluster = DOCUMENTATION.findIndex((document) => document.kind === 'Cluster');
  const updates: { rule: string; index: number; field: string; value: unknown }[] = [
    { rule: 'C-6', index: cluster, field: 'spec.clusterNetwork.services.cidrBlocks', value: ['172.16.0.0/20'] },
    { rule: 'C-20', index: cluster, field: 'spec.nodeConfig.podDensity.maxPodsPerNode', value: 100 },
    { rule: 'C-21', index: cluster, field: 'spec.clusterNetwork.services.cidrBlocks[0]', value: '172.16.0.0/21' },
    { rule: 'C-22', index: cluster, field: 'spec.loadBalancer.nodePoolSpec', value: { nodes: [{ address: '10.2.0.7' }] } },
    { rule: 'C-29', index: cluster, field: 'spec.loadBalancer.addressPools[0].name', value: 'pool-2' },
    { rule: 'X-1', index: POOL, field: 'spec.clusterName', value: 'another-cluster' },
  ];
  for (const { rule, index, field, value } of updates) {
    it(`${rule}: ${field} changed is denied with existing violations allowed`, () => {
      const object = DOCUMENTATION[index]!;
      const judgement = judge(replaced(DOCUMENTATION, index, setAt(object, field, value)), index, object);
      assert.ok(judgement.causes.some((cause) => cause.rule === rule), JSON.stringify(judgement.causes));
      assert.equal(judgement.warnings.map(warningLine).some((warning) => warning.includes('existing violation')), false);
    });
  }

  it('R-11: examples/invalid/R-11.yaml as an UPDATE of its "# old:" file is denied', () => {
    const documents = documentsOf('examples/invalid/R-11.yaml');
    const index = documents.findIndex((document) => document.kind === 'ClusterCIDRConfig');
    const old = DOCUMENTATION.find((document) => document.kind === 'ClusterCIDRConfig')!;
    assert.ok(hasCause(judge(documents, index, old), 'R-11', 'spec.ipv6.cidr'));
  });

  it('C-20 on a Cluster that already breaks C-5: the change is denied, the existing C-5 stays a warning', () => {
    const documents = documentsOf('examples/invalid/C-5.yaml');
    const index = documents.findIndex((document) => document.kind === 'Cluster');
    const object = documents[index]!;
    const judgement = judge(replaced(documents, index, setAt(object, 'spec.nodeConfig.podDensity.maxPodsPerNode', 100)), index, object);
    assert.deepEqual(judgement.causes.map((cause) => `${cause.field} [${cause.rule}]`), ['spec.nodeConfig.podDensity.maxPodsPerNode [C-20]']);
    assert.ok(existingWarning(judgement, 'C-5', 'spec.clusterNetwork.pods.cidrBlocks[1]'));
  });

  for (const file of readdirSync(INVALID).filter((name) => /^S-\d+\.yaml$/.test(name)).sort()) {
    it(`Services are never ratcheted (kube-apiserver decides them): ${file} relabelled is judged as without D19`, () => {
      const documents = documentsOf(`examples/invalid/${file}`);
      const index = documents.findIndex((document) => document.kind === 'Service');
      const object = documents[index]!;
      const next = replaced(documents, index, touched(object));
      const judgement = judge(next, index, object);
      assert.deepEqual(judgement, judge(next, index, object, STRICT));
      assert.equal(judgement.warnings.map(warningLine).some((warning) => warning.includes('existing violation')), false);
    });
  }
});
