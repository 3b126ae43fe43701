import { randomUUID } from 'node:crypto';
import { type Finding, type Verdict, isExistingViolation } from './vap-answers.js';
import { API_VERSION, type Json, type Kind, RESOURCE, type VapCase } from './vap-corpus.js';
import { yamlObjects } from '../../support/yaml.js';

/** What the vap output says about itself: the rule of each policy (its label), and the rules it covers per kind. */
export interface PolicyCatalog {
  /** The rules its header says it covers (`# covers …: C-2, …` and `# with the Cluster … as params: …`). */
  readonly said: readonly string[];
  readonly ruleOfPolicy: ReadonlyMap<string, string>;
  readonly coveredByKind: ReadonlyMap<Kind, ReadonlySet<string>>;
  /** The rules whose policies see a CREATE of the kind (an UPDATE rule's policy never does). */
  readonly onCreateByKind: ReadonlyMap<Kind, ReadonlySet<string>>;
  readonly policies: readonly Json[];
  readonly bindings: number;
}

const RULE_LABEL = 'dualstack-webhook/rule';
const KIND_OF_RESOURCE = new Map(Object.entries(RESOURCE).map(([kind, resource]) => [resource, kind as Kind]));

export function policyCatalog(yaml: string): PolicyCatalog {
  const objects = yamlObjects<Json>(yaml, 'vap output');
  const policies = objects.filter((object) => object.kind === 'ValidatingAdmissionPolicy');
  const ruleOfPolicy = new Map<string, string>();
  const coveredByKind = new Map<Kind, Set<string>>();
  const onCreateByKind = new Map<Kind, Set<string>>();
  const note = (byKind: Map<Kind, Set<string>>, kind: Kind, rule: string): void => {
    if (!byKind.has(kind)) byKind.set(kind, new Set());
    byKind.get(kind)!.add(rule);
  };
  for (const policy of policies) {
    const rule = policy.metadata?.labels?.[RULE_LABEL];
    if (typeof rule !== 'string') throw new Error(`policy ${policy.metadata?.name} has no ${RULE_LABEL} label`);
    ruleOfPolicy.set(policy.metadata.name, rule);
    for (const resourceRule of policy.spec?.matchConstraints?.resourceRules ?? []) {
      for (const resource of resourceRule.resources ?? []) {
        const kind = KIND_OF_RESOURCE.get(resource);
        if (!kind) throw new Error(`policy ${policy.metadata.name} matches ${resource}, not one of our kinds`);
        note(coveredByKind, kind, rule);
        if ((resourceRule.operations ?? []).some((operation: string) => operation === 'CREATE' || operation === '*')) note(onCreateByKind, kind, rule);
      }
    }
  }
  const bindings = objects.filter((object) => object.kind === 'ValidatingAdmissionPolicyBinding').length;
  const header = yaml.split('\n').filter((line) => /^# (covers |with the Cluster )/.test(line)).join(' ');
  const said = [...new Set(header.replace(/^.*?: /, '').match(/\b[CRSX]-\d+\b/g) ?? [])];
  return { said, ruleOfPolicy, coveredByKind, onCreateByKind, policies, bindings };
}

export function kindOf(each: VapCase): Kind {
  return (each.object ?? each.old)!.kind as Kind;
}

/** The route of the case's object (its collection for a CREATE), dry run. */
export function routeOf(each: VapCase, name?: string): string {
  const kind = kindOf(each);
  const collection = `/apis/${API_VERSION[kind]}/namespaces/${each.namespace}/${RESOURCE[kind]}`;
  return `${collection}${name ? `/${name}` : ''}?dryRun=All`;
}

/** The AdmissionReview kube-apiserver would send for the case (dry run), `stored` being the old object it read. */
export function reviewOf(each: VapCase, object: Json | undefined, stored: Json | undefined): Json {
  const kind = kindOf(each);
  const [group, version] = API_VERSION[kind].split('/') as [string, string];
  const source = object ?? stored!;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: randomUUID(), kind: { group, version, kind }, resource: { group, version, resource: RESOURCE[kind] },
      requestKind: { group, version, kind }, requestResource: { group, version, resource: RESOURCE[kind] },
      name: source.metadata.name, namespace: each.namespace, operation: each.operation,
      userInfo: { username: 'e2e-admin', groups: ['system:masters', 'system:authenticated'] },
      object: object ?? null, oldObject: stored ?? null, dryRun: true,
    },
  };
}

export interface Comparison {
  /** Covered rules either side reported. */
  readonly rules: readonly string[];
  /** What differs, or undefined when the two agree. */
  readonly difference?: string;
  /** A difference of a known class (see KNOWN_CLASSES), when that is all that differs. */
  readonly known?: KnownClass;
}

/** Differences by design, told apart by what differs rather than by case name (there are many of each). */
export const KNOWN_CLASSES = {
  'schema-first': 'VP-3: the webhook judges its rules only on an object that passes its schema; the policies fire '
    + 'independently, so an object with a schema error is refused by both, and kube-apiserver names more rules (or, on a '
    + 'label-only UPDATE of such a stored object, admitted by both, the policies warning of rules the webhook never ran)',
  'd19-warning': 'VP-8: D19 lets an UPDATE keep an existing violation on both sides; the webhook says so in a warning '
    + '("[C-7] existing violation, unchanged by this update: ..."), the policies pass silently (that warning would need '
    + 'a second variant of each policy with a [Warn] binding)',
} as const;
export type KnownClass = keyof typeof KNOWN_CLASSES;

function rulesOf(findings: readonly Finding[], covered: ReadonlySet<string>): Set<string> {
  return new Set(findings.map((finding) => finding.rule).filter((rule) => covered.has(rule)));
}

function fieldsOf(findings: readonly Finding[], rule: string): Set<string> {
  return new Set(findings.filter((finding) => finding.rule === rule && finding.field !== undefined).map((finding) => finding.field!));
}

function listed(rules: Iterable<string>): string {
  return [...rules].sort().join(',') || '-';
}

/**
 * The decision, the covered rules (the policies' denial and `Warning:` lines against the webhook's causes and
 * warnings), and the field paths of each rule both report: every field a policy names must be one the webhook names
 * for that rule (a policy reports the first failing entry of a list; the webhook every one). The webhook's decision
 * counts only its covered rules: what it denies for a rule left to it (or for its schema) the policies cannot say.
 * `failsSchema`: the request's object fails the webhook's schema (its rules did not run).
 */
export function compare(vap: Verdict, webhook: Verdict, covered: ReadonlySet<string>, failsSchema: boolean): Comparison {
  const ours = rulesOf(webhook.findings, covered);
  const theirs = rulesOf(vap.findings, covered);
  const rules = [...new Set([...ours, ...theirs])].sort();
  const webhookDenies = webhook.findings.some((finding) => finding.denies && covered.has(finding.rule));
  const differences: string[] = [];
  if (vap.allowed === webhookDenies) {
    differences.push(`decision: kube-apiserver ${vap.allowed ? 'allowed' : 'denied'}, webhook ${webhookDenies ? 'denied' : 'allowed'} on the covered rules`);
  }
  if (listed(ours) !== listed(theirs)) differences.push(`rules: kube-apiserver ${listed(theirs)}, webhook ${listed(ours)}`);
  for (const rule of rules.filter((each) => ours.has(each) && theirs.has(each))) {
    const expected = fieldsOf(webhook.findings, rule);
    if (expected.size === 0) continue;
    const stray = [...fieldsOf(vap.findings, rule)].filter((field) => !expected.has(field));
    if (stray.length) differences.push(`${rule} field: kube-apiserver ${stray.join(', ')}, webhook ${[...expected].join(', ')}`);
  }
  if (differences.length === 0) return { rules };
  const difference = differences.join('; ');
  const sameDecision = differences.every((text) => !text.startsWith('decision'));
  // The rules only the webhook reports, each only as a D19 existing-violation warning.
  const onlyOurs = [...ours].filter((rule) => !theirs.has(rule));
  const existingOnly = onlyOurs.length > 0 && [...theirs].every((rule) => ours.has(rule)) && onlyOurs.every((rule) => webhook.findings
    .filter((finding) => finding.rule === rule).every(isExistingViolation));
  if (sameDecision && existingOnly && differences.length === 1) return { rules, difference, known: 'd19-warning' };
  // VP-3: the webhook stopped at its schema (whose causes may carry a rule's ID, e.g. R-3 for perNodeMaskSize 129);
  // both refuse, and the policies report rules the webhook never ran.
  // Or, on a label-only UPDATE of such a stored object (D19), both admit: the webhook warns of its existing schema
  // causes, the policies' Warn twins of rules the webhook never ran.
  const onlyExistingOfOurs = onlyOurs.every((rule) => webhook.findings.filter((finding) => finding.rule === rule).every(isExistingViolation));
  if (failsSchema && !vap.allowed && !webhook.allowed) return { rules, difference, known: 'schema-first' };
  if (failsSchema && sameDecision && vap.allowed && onlyExistingOfOurs) return { rules, difference, known: 'schema-first' };
  return { rules, difference };
}

export function describeVerdict(verdict: Verdict): string {
  const findings = verdict.findings.map((finding) => `${finding.denies ? 'deny' : isExistingViolation(finding) ? 'existing' : 'warn'} `
    + `${finding.rule}${finding.field ? ` at ${finding.field}` : ''}`);
  return `${verdict.allowed ? 'allowed' : 'denied'}${findings.length ? ` (${findings.join('; ')})` : ''}`
    + `${verdict.refusal ? ` refusal: ${verdict.refusal.slice(0, 300)}` : ''}`;
}
