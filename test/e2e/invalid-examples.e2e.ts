import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import {
  createNamespace, mainTarget, startRegisteredWebhook, stopRegisteredWebhook, storedObject, type Target, targetFor,
  waitUntilWebhookSeesCluster, watchArgs,
} from './support/admission.js';
import { e2e, installCustomResourceDefinitions } from './support/environment.js';
import { type RunningWebhook } from './support/webhook.js';
import { yamlDocuments, yamlObjects } from '../support/yaml.js';

// Every examples/invalid file through the real kubectl against the real kube-apiserver, our webhook registered with
// `--watch` (facts from the API, as in a cluster). Each file gets its own namespaces, so the files do not meet.
const FOLDER = path.join(PACKAGE_ROOT, 'examples', 'invalid');
const WARN_ONLY_AT_ADMISSION = new Set(['X-2', 'X-3']); // docs/rules.md D15
// S-3 and S-4 carry a ServiceCIDR that makes their cluster IPv4-only: they are applied to a kube-apiserver whose
// only Service range is that one (the same ServiceCIDR object), with a webhook watching it.
const IPV4_ONLY_RANGE = '10.96.0.0/20';

interface Document {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly text: string;
}

interface InvalidExample {
  readonly id: string;
  readonly file: string;
  readonly field: string;
  readonly oldFile: string | undefined;
  readonly namespace: string;
  readonly documents: readonly Document[];
}

const RESOURCES: Record<string, string> = {
  Namespace: 'namespace', Cluster: 'clusters.baremetal.cluster.gke.io', NodePool: 'nodepools.baremetal.cluster.gke.io',
  ClusterCIDRConfig: 'clustercidrconfigs.baremetal.cluster.gke.io', Service: 'service', ServiceCIDR: 'servicecidr',
};

/** The example's namespaces renamed to its own (`cluster-dual-stack`, `cluster-other`, `default`). */
function renamed(text: string, namespace: string): string {
  return text
    .replace(/\bcluster-dual-stack\b/g, namespace)
    .replace(/\bcluster-other\b/g, `${namespace}-other`)
    .replace(/(namespace:\s*)default\b/g, `$1${namespace}`);
}

function documentsOf(text: string): Document[] {
  return yamlDocuments<{ kind: string; metadata: { name: string; namespace?: string } }>(text).map(({ object, text: own }) => (
    { kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, text: own }
  ));
}

function loadExample(file: string): InvalidExample {
  const id = path.basename(file, '.yaml');
  const namespace = `inv-${id.toLowerCase()}`;
  const text = readFileSync(path.join(FOLDER, file), 'utf8');
  const expect = /^# expect: (\S+) \[([A-Z]-\d+)\]$/m.exec(text);
  assert.ok(expect && expect[2] === id, `${file}: no "# expect: FIELD [${id}]" line`);
  const oldFile = /^# old: (\S+)$/m.exec(text)?.[1];
  return { id, file, field: expect[1]!, oldFile, namespace, documents: documentsOf(renamed(text, namespace)) };
}

/** The object that breaks the rule: the last one of the kind the rule judges. */
function offendingOf(example: InvalidExample): Document {
  const kind = example.id.startsWith('C-') || WARN_ONLY_AT_ADMISSION.has(example.id) ? 'Cluster'
    : example.id.startsWith('S-') ? 'Service'
      : example.id === 'X-1' ? 'NodePool'
        : 'ClusterCIDRConfig';
  const candidates = example.documents.filter((document) => document.kind === kind);
  assert.ok(candidates.length > 0, `${example.file}: no ${kind}`);
  return candidates.at(-1)!;
}

async function isStored(target: Target, document: Document): Promise<boolean> {
  return (await storedObject(target, RESOURCES[document.kind]!, document.namespace, document.name)) !== undefined;
}

async function applyText(target: Target, text: string): Promise<void> {
  const applied = await target.kubectl(['apply', '-f', '-'], text);
  assert.equal(applied.code, 0, `kubectl apply of the context failed: ${applied.stderr}`);
}

/**
 * What a user would have before applying the example: the stored old object of an UPDATE example, and the objects the
 * file lists before the offending one (its Namespace, Cluster, NodePool), once the webhook's watch has seen the Cluster.
 */
async function prepare(target: Target, example: InvalidExample, offending: Document): Promise<void> {
  const namespaces = new Set(example.documents.map((document) => document.namespace).filter((name) => name !== undefined));
  for (const namespace of namespaces) await createNamespace(target, namespace);
  if (example.oldFile) {
    const old = documentsOf(renamed(readFileSync(path.join(PACKAGE_ROOT, example.oldFile), 'utf8'), example.namespace));
    await applyText(target, old.map((document) => document.text).join('---\n'));
  }
  const before = example.documents.slice(0, example.documents.indexOf(offending)).filter((document) => document.kind !== 'ServiceCIDR');
  // Up to the Cluster first: the NodePool and configs after it are judged against it once the watch has it.
  const cluster = before.findIndex((document) => document.kind === 'Cluster');
  for (const part of cluster < 0 ? [before] : [before.slice(0, cluster + 1), before.slice(cluster + 1)]) {
    if (part.length > 0) await applyText(target, part.map((document) => document.text).join('---\n'));
    if (cluster >= 0 && part.includes(before[cluster]!)) await waitUntilWebhookSeesCluster(target, example.namespace);
  }
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const examples = readdirSync(FOLDER).filter((file) => file.endsWith('.yaml')).sort().map(loadExample);

describe('e2e: every examples/invalid file through kubectl apply', function () {
  this.timeout(10 * 60_000);
  let webhook: RunningWebhook | undefined;
  let ipv4Only: Target | undefined;
  let ipv4OnlyWebhook: RunningWebhook | undefined;

  before(async () => {
    webhook = await startRegisteredWebhook(watchArgs());
    const api = await e2e().startApiServer({ serviceRanges: [IPV4_ONLY_RANGE] });
    await installCustomResourceDefinitions(api, e2e().binaries.kubectl);
    ipv4Only = targetFor(api);
    ipv4OnlyWebhook = await startRegisteredWebhook(watchArgs(ipv4Only), ipv4Only);
  });

  after(async () => {
    await stopRegisteredWebhook(webhook);
    if (ipv4Only) await stopRegisteredWebhook(ipv4OnlyWebhook, ipv4Only);
  });

  it('covers all 45 files', () => assert.equal(examples.length, 45));

  for (const example of examples) {
    const warnOnly = WARN_ONLY_AT_ADMISSION.has(example.id);
    const title = warnOnly
      ? `${example.file}: admitted with kubectl's "Warning: [${example.id}] ..." and stored (D15)`
      : `${example.file}: refused with "${example.field} ... [${example.id}]", the offending object not stored`;
    it(title, async () => {
      const usesServiceCidr = example.documents.some((document) => document.kind === 'ServiceCIDR');
      const target = usesServiceCidr ? ipv4Only! : mainTarget();
      const offending = offendingOf(example);
      await prepare(target, example, offending);
      const text = example.documents.map((document) => document.text).join('---\n');
      const applied = await target.kubectl(['apply', '-f', '-'], text);
      if (warnOnly) {
        // The Cluster is the object under test here, so nothing is applied before it: the NodePool and config after it
        // in the same file can reach the webhook before its watch has the new Cluster, and be refused for that alone.
        const refusals = applied.stderr.split('\n').filter((line) => line.includes(' is invalid: '));
        for (const line of refusals) assert.match(line, /(NodePool|ClusterCIDRConfig).* no Cluster found in namespace .*\[(X-1|R-1)\]$|NodePool.*\[X-1\]$/);
        assert.equal(applied.code, refusals.length === 0 ? 0 : 1, applied.stderr);
        assert.match(applied.stderr, new RegExp(`^Warning: \\[${example.id}\\] no ClusterCIDRConfig with spec\\.ipv[46] in namespace "${example.namespace}" yet; `, 'm'));
        assert.equal(await isStored(target, offending), true);
        return;
      }
      assert.equal(applied.code, 1, applied.stdout);
      // Our denial is an Invalid status with field causes: kubectl prints it as the object's "is invalid" line, with
      // the webhook's name in front when the file holds several objects.
      const qualified = `${offending.kind}${offending.kind === 'Service' ? '' : '.baremetal.cluster.gke.io'} "${offending.name}" is invalid: `;
      const alone = `The ${offending.kind} "${offending.name}" is invalid: `;
      const refusal = applied.stderr.split('\n').find((line) => line.startsWith(alone) || (
        /^Error from server \(Invalid\): error when (creating|patching) "STDIN": admission webhook "[a-z-]+\.dualstack-webhook\.[a-z.-]+" denied the request: /.test(line)
        && line.includes(qualified)));
      assert.ok(refusal, `no "${alone}" line in:\n${applied.stderr}`);
      assert.match(refusal, new RegExp(`${escaped(example.field)}: [^\\n]*\\[${example.id}\\]`));
      if (example.oldFile) {
        // Refused UPDATE: the stored object is still the old one.
        const stored = await storedObject(target, RESOURCES[offending.kind]!, offending.namespace, offending.name);
        assert.ok(stored, 'the old object is gone');
        assert.notDeepEqual(stored.spec, yamlObjects<{ spec: unknown }>(offending.text)[0]!.spec);
      } else {
        assert.equal(await isStored(target, offending), false, `${offending.kind} ${offending.name} was stored`);
      }
    });
  }
});
