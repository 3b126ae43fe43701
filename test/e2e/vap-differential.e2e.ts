import assert from 'node:assert/strict';
import { checkSchema } from '../../src/rules/index.js';
import { runCli } from '../support/cli.js';
import { inParallel } from '../support/parallel.js';
import { type ManagedProcess, pollUntil } from '../support/processes.js';
import { type ApiServer } from './support/control-plane.js';
import { startPolicyTypeChecker } from './support/controller-manager.js';
import { DOCUMENTATION_SERVICE_RANGES, e2e, installCustomResourceDefinitions } from './support/environment.js';
import { runKubectl } from './support/kubectl.js';
import { type RunningWebhook, startWebhook } from './support/webhook.js';
import { JsonClient, type Verdict, verdictOfApiServer, verdictOfWebhook } from './vap/vap-answers.js';
import {
  API_VERSION, Corpus, GENERATED_COUNT, GENERATED_SEED, type Json, RESOURCE, type Setting, type VapCase, addDocumentationCases,
  addGeneratedCases, addInvalidExampleCases, addLongListCases, addVariantCases, invalidExamples,
} from './vap/vap-corpus.js';
import {
  type Comparison, KNOWN_CLASSES, type KnownClass, type PolicyCatalog, compare, describeVerdict, kindOf, policyCatalog, reviewOf, routeOf,
} from './vap/vap-differential-support.js';

// docs/vap.md "Proven equal": `dualstack-webhook vap` applied to a kube-apiserver with our CRDs and no webhook, and the
// webhook (`serve --watch` on the same apiserver, so the same facts, but not registered) asked the same questions.
// Every case goes to kube-apiserver (dry run; UPDATEs over an object stored before the policies existed) and, as the
// AdmissionReview kube-apiserver would send with the stored oldObject, to the webhook's /validate. Compared: the
// decision, the covered rules each side reports, and the field path of each rule.

const IN_FLIGHT = 8;

const POOL_COST_GUARD = "C-28's cost guard (VP-6): with more than 128 pool entries in all (this pool and the documentation's "
  + 'two) the policy is not evaluated, the webhook alone refuses the overlap';
const NODE_COST_GUARD = "C-39's cost guard (VP-6): with more than 128 control-plane and load-balancer nodes the policy is not "
  + 'evaluated, the webhook alone refuses the duplicate';
/**
 * Cases that differ for a reason that is understood, by name (each must still differ: one that starts agreeing is
 * removed here). Apart from these, classes of cases differ by design (KNOWN_CLASSES: schema-first, D19's warning) and
 * are counted by class; each class must still occur.
 */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  'C-39 129 control-plane nodes, one twice': NODE_COST_GUARD,
  'C-39 290 control-plane nodes, one twice': NODE_COST_GUARD,
  'C-39 700 control-plane nodes, one twice': NODE_COST_GUARD,
  'C-39 999 control-plane nodes, one twice': NODE_COST_GUARD,
  'C-28 pool of 127 entries, the last overlapping the first': POOL_COST_GUARD,
  'C-28 pool of 140 entries, the last overlapping the first': POOL_COST_GUARD,
  'C-28 pool of 200 entries, the last overlapping the first': POOL_COST_GUARD,
  'C-28 pool of 256 entries, the last overlapping the first': POOL_COST_GUARD,
};

/** A policy no binding uses, ill-typed on purpose: the type checker must warn about it, or it checked nothing. */
const TYPE_CHECK_CANARY = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name: 'vap-differential-type-check-canary' },
  spec: {
    failurePolicy: 'Fail',
    matchConstraints: {
      resourceRules: [{
        apiGroups: ['baremetal.cluster.gke.io'], apiVersions: ['v1alpha1'], operations: ['CREATE'], resources: ['clustercidrconfigs'],
      }],
    },
    validations: [{ expression: "object.spec.ipv4.perNodeMaskSize + 'x' == 'y'" }],
  },
};

interface Outcome {
  readonly each: VapCase;
  readonly kind: string;
  readonly comparison: Comparison;
  readonly vap: Verdict;
  readonly webhook: Verdict;
}

describe('e2e: `vap` policies on kube-apiserver decide as the webhook does (differential test)', function () {
  this.timeout(20 * 60_000);
  let api: ApiServer | undefined;
  let webhook: RunningWebhook | undefined;
  let apiClient: JsonClient | undefined;
  let webhookClient: JsonClient | undefined;
  let typeChecker: ManagedProcess | undefined;
  let catalog: PolicyCatalog;
  const corpus = new Corpus();
  /** The stored old objects, by namespace/name, as kube-apiserver returned them. */
  const stored = new Map<string, Json>();
  const timings: string[] = [];
  let started = Date.now();
  const lap = (what: string): void => { timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`); };

  const kubectl = (args: readonly string[], stdin?: string) => runKubectl(e2e().binaries.kubectl, api!.kubeconfigFile, args, stdin);

  async function store(object: Json): Promise<Json> {
    const kind = object.kind as keyof typeof RESOURCE;
    const answer = await apiClient!.send('POST', `/apis/${API_VERSION[kind]}/namespaces/${object.metadata.namespace}/${RESOURCE[kind]}`, object);
    assert.equal(answer.status, 201, `storing ${kind} ${object.metadata.namespace}/${object.metadata.name}: ${answer.text}`);
    return JSON.parse(answer.text) as Json;
  }

  async function prepare(settings: readonly Setting[]): Promise<void> {
    await inParallel(settings, IN_FLIGHT, async ({ namespace }) => {
      const answer = await apiClient!.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
      assert.equal(answer.status, 201, answer.text);
    });
    // Clusters first, as a user applies them (and as params, VP-2); then every other object of the settings.
    const objects = settings.flatMap((setting) => setting.objects);
    await inParallel(objects.filter((object) => object.kind === 'Cluster'), IN_FLIGHT, store);
    await inParallel(objects.filter((object) => object.kind !== 'Cluster'), IN_FLIGHT, store);
    await inParallel(corpus.cases.filter((each) => each.old), IN_FLIGHT, async (each) => {
      stored.set(`${each.namespace}/${each.old!.metadata.name}`, await store(each.old!));
    });
  }

  async function ask(each: VapCase): Promise<{ vap: Verdict; webhook: Verdict }> {
    const old = each.old ? stored.get(`${each.namespace}/${each.old.metadata.name}`)! : undefined;
    const object = each.object && old
      ? { ...each.object, metadata: { ...each.object.metadata, resourceVersion: old.metadata.resourceVersion } }
      : each.object;
    const sent = each.operation === 'CREATE' ? apiClient!.send('POST', routeOf(each), object)
      : each.operation === 'UPDATE' ? apiClient!.send('PUT', routeOf(each, old!.metadata.name), object)
        : apiClient!.send('DELETE', routeOf(each, old!.metadata.name));
    const [fromApi, fromWebhook] = await Promise.all([sent, webhookClient!.send('POST', '/validate', reviewOf(each, object, old))]);
    return { vap: verdictOfApiServer(fromApi, catalog.ruleOfPolicy), webhook: verdictOfWebhook(fromWebhook) };
  }

  /** VP-2: policies read params (the Cluster of the namespace) from an informer; both sides must see every Cluster first. */
  async function waitUntilBothSeeTheClusters(settings: readonly Setting[]): Promise<void> {
    const withCluster = settings.filter((setting) => setting.objects.some((object) => object.kind === 'Cluster'));
    await inParallel(withCluster, IN_FLIGHT, async ({ namespace }) => {
      const probe: VapCase = {
        name: 'probe', source: 'probe', operation: 'CREATE', namespace,
        object: {
          apiVersion: API_VERSION.ClusterCIDRConfig, kind: 'ClusterCIDRConfig', metadata: { name: 'facts-probe', namespace },
          spec: { ipv4: { cidr: '192.168.0.0/16', perNodeMaskSize: 24 } },
        },
      };
      await pollUntil(`both sides to see the Cluster of ${namespace}`, 30_000, async () => {
        const { vap, webhook: ours } = await ask(probe);
        const missing = [...vap.findings, ...ours.findings].some((finding) => finding.rule === 'R-1');
        return missing ? undefined : true;
      }, 100);
    });
  }

  /** The policies reach kube-apiserver's admission plugin through an informer: wait until each invalid example's covered rule fires. */
  async function waitUntilPoliciesAct(): Promise<void> {
    const probes = corpus.cases.filter((each) => each.source === 'invalid-example' && each.operation === 'CREATE');
    await pollUntil('the policies to act on the invalid examples', 30_000, async () => {
      const fired = await inParallel(probes, IN_FLIGHT, async (each) => {
        const rule = each.name.split('.')[0]!;
        if (!catalog.onCreateByKind.get(kindOf(each))?.has(rule)) return true;
        return (await ask(each)).vap.findings.some((finding) => finding.rule === rule);
      });
      return fired.every(Boolean) ? true : undefined;
    }, 500).catch(() => undefined); // a rule that never fires is a disagreement the comparison reports
  }

  before(async function () {
    this.timeout(10 * 60_000);
    started = Date.now();
    // An apiserver of its own (on the suite's etcd): the shared one gets other files' webhooks and objects, and our
    // policies, bound cluster-wide, would judge their requests. Starting it costs seconds (timings below).
    api = await e2e().startApiServer({ serviceRanges: DOCUMENTATION_SERVICE_RANGES });
    await installCustomResourceDefinitions(api, e2e().binaries.kubectl);
    lap('apiserver and CRDs');
    apiClient = new JsonClient(api.url, api.serving.caPem, api.token);
    const rendered = await runCli(['vap']);
    assert.equal(rendered.status, 0, rendered.stderr);
    catalog = policyCatalog(rendered.stdout);
    const labelled = [...new Set(catalog.ruleOfPolicy.values())];
    assert.deepEqual([...catalog.said].sort(), labelled.sort(), 'the rules the header says it covers are the rules its policies are labelled with');
    addDocumentationCases(corpus);
    addInvalidExampleCases(corpus, invalidExamples());
    addVariantCases(corpus);
    addLongListCases(corpus);
    addGeneratedCases(corpus);
    const settings = corpus.namespaces();
    await prepare(settings);
    lap(`${settings.length} namespaces and ${stored.size} old objects stored`);
    webhook = await startWebhook(['--watch', '--kubeconfig', api.kubeconfigFile], { logLevel: 'warn' });
    webhookClient = new JsonClient(webhook.url, webhook.serving.caPem);
    const applied = await kubectl(['apply', '-f', '-'], rendered.stdout);
    assert.equal(applied.code, 0, applied.stderr);
    await waitUntilBothSeeTheClusters(settings);
    await waitUntilPoliciesAct();
    lap('webhook started, policies applied and acting');
  });

  after(async () => {
    await typeChecker?.stop();
    await webhook?.close();
    apiClient?.close();
    webhookClient?.close();
    await api?.stop();
    process.stderr.write(`vap differential timings: ${timings.join('; ')}\n`);
  });

  it(`agrees with the webhook on the documentation, every examples/invalid file and ${GENERATED_COUNT} generated objects (seed ${GENERATED_SEED})`, async () => {
    const outcomes: Outcome[] = await inParallel(corpus.cases, IN_FLIGHT, async (each) => {
      const { vap, webhook: ours } = await ask(each);
      const covered = catalog.coveredByKind.get(kindOf(each)) ?? new Set<string>();
      const failsSchema = each.object !== undefined && checkSchema(kindOf(each), each.object).length > 0;
      return { each, kind: kindOf(each), comparison: compare(vap, ours, covered, failsSchema), vap, webhook: ours };
    });
    lap(`${outcomes.length} cases compared`);
    const agreeing = outcomes.filter((outcome) => !outcome.comparison.difference);
    const ofClass = (name: KnownClass) => outcomes.filter((outcome) => outcome.comparison.known === name);
    const known = outcomes.filter((outcome) => outcome.comparison.difference && !outcome.comparison.known && outcome.each.name in KNOWN_DIFFERENCES);
    const perRule = new Map<string, { cases: number; agree: number }>();
    for (const outcome of outcomes) {
      for (const rule of outcome.comparison.rules) {
        const counts = perRule.get(rule) ?? { cases: 0, agree: 0 };
        counts.cases += 1;
        if (!outcome.comparison.difference) counts.agree += 1;
        perRule.set(rule, counts);
      }
    }
    const bySource = new Map<string, number>();
    for (const outcome of outcomes) bySource.set(outcome.each.source, (bySource.get(outcome.each.source) ?? 0) + 1);
    const rules = [...perRule].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
    process.stderr.write(`vap differential: ${outcomes.length} cases (${[...bySource].map(([source, count]) => `${count} ${source}`).join(', ')}; `
      + `${catalog.ruleOfPolicy.size} policies, ${catalog.bindings} bindings), ${agreeing.length} agree, `
      + `${(Object.keys(KNOWN_CLASSES) as KnownClass[]).map((name) => `${ofClass(name).length} ${name}`).join(', ')}, `
      + `${known.length} known by name; per rule (agree/cases): `
      + `${rules.map(([rule, counts]) => `${rule} ${counts.agree}/${counts.cases}`).join(' ')}\n`);

    const disagreements = outcomes.filter((outcome) => outcome.comparison.difference && !outcome.comparison.known && !(outcome.each.name in KNOWN_DIFFERENCES))
      .map((outcome) => `${outcome.each.name} (${outcome.each.operation} ${outcome.kind} ${outcome.each.namespace}/${(outcome.each.object ?? outcome.each.old)!.metadata.name}): `
        + `${outcome.comparison.difference}\n    kube-apiserver: ${describeVerdict(outcome.vap)}\n    webhook: ${describeVerdict(outcome.webhook)}`
        + `\n    spec: ${JSON.stringify((outcome.each.object ?? outcome.each.old)!.spec)}`);
    assert.deepEqual([...new Set(known.map((outcome) => outcome.each.name))].sort(), Object.keys(KNOWN_DIFFERENCES).sort(),
      'each known difference still differs (remove the ones that agree now)');
    assert.equal(disagreements.length, 0, `${disagreements.length} disagreements (seed ${GENERATED_SEED}):\n${disagreements.slice(0, 40).join('\n')}`);
    for (const name of Object.keys(KNOWN_CLASSES) as KnownClass[]) {
      assert.ok(ofClass(name).length > 0, `no case of the known difference ${name} any more (${KNOWN_CLASSES[name]}): remove it`);
    }
    assert.ok(outcomes.filter((outcome) => outcome.each.source === 'generated').length >= GENERATED_COUNT);
  });

  it("passes kube-controller-manager's type check: no expressionWarnings on any policy", async function () {
    this.timeout(15 * 60_000);
    // Type checking resolves the kinds a policy matches; with a wildcard version there is nothing to check against,
    // and the status stays silent (measured): every policy must name its versions.
    const wildcards = catalog.policies.filter((policy) => (policy.spec?.matchConstraints?.resourceRules ?? [])
      .some((rule: Json) => [...(rule.apiVersions ?? []), ...(rule.apiGroups ?? []), ...(rule.resources ?? [])].includes('*')));
    assert.deepEqual(wildcards.map((policy) => policy.metadata.name), [], 'policies the type checker cannot check (a * in their resourceRules)');
    const canary = await apiClient!.send('POST', '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies', TYPE_CHECK_CANARY);
    assert.equal(canary.status, 201, canary.text);
    typeChecker = startPolicyTypeChecker(api!);
    const checked = await pollUntil('kube-controller-manager to type-check every policy', 5 * 60_000, async () => {
      if (typeChecker!.child.exitCode !== null) throw new Error(`kube-controller-manager exited: ${typeChecker!.output().slice(-3000)}`);
      const listed = await apiClient!.send('GET', '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies');
      const items = (JSON.parse(listed.text) as { items: Json[] }).items;
      const done = items.every((policy) => policy.status?.observedGeneration === policy.metadata.generation);
      return done && items.length === catalog.policies.length + 1 ? items : undefined;
    }, 500);
    lap('type check');
    const warningsOf = (policy: Json): Json[] => policy.status?.typeChecking?.expressionWarnings ?? [];
    const canaryChecked = checked.find((policy) => policy.metadata.name === TYPE_CHECK_CANARY.metadata.name)!;
    assert.match(JSON.stringify(warningsOf(canaryChecked)), /found no matching overload for '_\+_' applied to '\(int, string\)'/,
      'the canary is ill-typed: without its warning the type checker checked nothing');
    const warned = checked.filter((policy) => policy !== canaryChecked && warningsOf(policy).length > 0)
      .map((policy) => `${policy.metadata.name}: ${JSON.stringify(warningsOf(policy))}`);
    assert.deepEqual(warned, [], `expressionWarnings:\n${warned.join('\n')}`);
  });
});
