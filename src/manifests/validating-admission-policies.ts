import {
  CEL_RULES, type CelRule, type CelSettings, KINDS, LEFT_TO_WEBHOOK, ONE_OBJECT_RULES, PARAM_RULES, PARTLY_LEFT_TO_WEBHOOK,
  REGISTRY, catalogRule, plainSummary, renderVariables,
} from '../rules/index.js';
import { APP_NAME } from './names.js';
import { yamlDocuments } from './yaml-file.js';

/**
 * `dualstack-webhook vap`: the rules' CEL (src/rules/cel/) as ValidatingAdmissionPolicies, one per rule and kind,
 * each with a `[Deny]` binding (deny rules) and a `[Warn]` binding (warn rules, and by default a twin of every deny
 * rule so that kubectl prints every failing rule: VP-3). docs/vap.md says what it covers and what it does not.
 */
export const RULE_LABEL = `${APP_NAME}/rule`;
export const MIN_KUBE_MINOR = 30;
export const DEFAULT_KUBE_MINOR = 31;
/** VP-4: the IP/CIDR library (`isCIDR`, `cidr()`, `ip()`) is usable in new expressions from 1.31. */
export const IP_LIBRARY_MINOR = 31;

export interface VapOptions extends CelSettings {
  /** A `[Warn]` binding beside every `[Deny]` binding (default true). */
  readonly warnBindings: boolean;
}

export interface RenderedPolicy {
  readonly rule: CelRule;
  readonly name: string;
  readonly objects: readonly Record<string, unknown>[];
}

export interface VapCoverage {
  /** The one-object rules (VP-1) rendered, out of ONE_OBJECT_RULES. */
  readonly oneObject: readonly string[];
  readonly params: readonly string[];
  /** Rules not rendered, with the reason (the catalog's, or the target version's, or the settings'). */
  readonly left: readonly { readonly id: string; readonly reason: string }[];
  readonly guards: readonly { readonly id: string; readonly reason: string }[];
}

const KIND_REGISTRATIONS = {
  Cluster: KINDS.cluster, NodePool: KINDS.nodePool, ClusterCIDRConfig: KINDS.clusterCidrConfig,
} as const;

const SPEC_CHANGED = 'oldObject == null || !has(object.spec) || !has(oldObject.spec) || object.spec != oldObject.spec';

function usesIpLibrary(text: string): boolean {
  return /\b(isCIDR|cidr|isIP|ip)\(/.test(text);
}

/** Why a rule is not rendered with these options, or undefined when it is. */
function notRenderedBecause(rule: CelRule, options: VapOptions): string | undefined {
  const validations = rule.validations(options);
  if (validations.length === 0) return 'turned off by the settings (--max-service-host-bits 0)';
  if (options.kubeMinor < IP_LIBRARY_MINOR && validations.some((check) => usesIpLibrary(check.expression + check.message))) {
    return `needs the CEL IP/CIDR library (Kubernetes 1.${IP_LIBRARY_MINOR}+; --kube-minor ${options.kubeMinor})`;
  }
  return undefined;
}

function policyName(rule: CelRule): string {
  const kinds = new Set(CEL_RULES.filter((other) => other.id === rule.id).map((other) => other.kind));
  const base = `${APP_NAME}-${rule.id.toLowerCase()}`;
  return kinds.size > 1 ? `${base}-${rule.kind.toLowerCase()}` : base;
}

function policyOf(rule: CelRule, name: string, options: VapOptions): Record<string, unknown> {
  const registration = REGISTRY.find((entry) => entry.kind === rule.kind)!;
  const kind = KIND_REGISTRATIONS[rule.kind];
  const guard = rule.guard?.(options);
  const suffix = ` [${rule.id}]`;
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels: labelsOf(rule) },
    spec: {
      failurePolicy: 'Fail',
      ...(rule.params ? { paramKind: { apiVersion: `${KINDS.cluster.group}/${KINDS.cluster.version}`, kind: KINDS.cluster.kind } } : {}),
      // The kind's own version, not '*': kube-controller-manager type-checks a policy only against the kinds it names,
      // and with a wildcard checks nothing (VP-7). matchPolicy Equivalent (the default) still matches other versions.
      matchConstraints: {
        resourceRules: [{
          apiGroups: [kind.group], apiVersions: [kind.version], operations: [...(rule.operations ?? ['CREATE', 'UPDATE'])],
          resources: [registration.resource],
        }],
      },
      ...(guard || rule.whenSpecChanges ? {
        matchConditions: [
          ...(rule.whenSpecChanges ? [{ name: 'spec-changed', expression: SPEC_CHANGED }] : []),
          ...(guard ? [{ name: 'cost-guard', expression: guard.expression }] : []),
        ],
      } : {}),
      ...(rule.variables ? { variables: renderVariables(rule.variables) } : {}),
      validations: rule.validations(options).map((check) => ({
        expression: check.expression,
        messageExpression: `${check.message} + '${suffix}'`,
        // kube-apiserver's fallback when messageExpression fails: the field and the catalog's first sentence.
        message: `${check.field}: ${plainSummary(catalogRule(rule.id)?.rule ?? rule.id)}${suffix}`,
        reason: 'Invalid',
      })),
    },
  };
}

function labelsOf(rule: CelRule): Record<string, string> {
  return { 'app.kubernetes.io/part-of': APP_NAME, [RULE_LABEL]: rule.id };
}

function bindingOf(rule: CelRule, policy: string, action: 'Deny' | 'Warn'): Record<string, unknown> {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: `${policy}-${action.toLowerCase()}`, labels: labelsOf(rule) },
    spec: {
      policyName: policy,
      validationActions: [action],
      // A missing param under `Deny` refuses even through a [Warn] binding: the twin allows, the Deny binding refuses.
      ...(rule.params ? { paramRef: { selector: {}, parameterNotFoundAction: action === 'Warn' ? 'Allow' : rule.params.notFound } } : {}),
    },
  };
}

/** Every policy and its bindings, in catalog order. */
export function renderPolicies(options: VapOptions): RenderedPolicy[] {
  return CEL_RULES.filter((rule) => notRenderedBecause(rule, options) === undefined).map((rule) => {
    const name = policyName(rule);
    const actions: ('Deny' | 'Warn')[] = rule.action === 'warn' ? ['Warn'] : options.warnBindings ? ['Deny', 'Warn'] : ['Deny'];
    return { rule, name, objects: [policyOf(rule, name, options), ...actions.map((action) => bindingOf(rule, name, action))] };
  });
}

export function vapCoverage(options: VapOptions): VapCoverage {
  const rendered = new Set<string>(renderPolicies(options).map((policy) => policy.rule.id));
  const left = new Map<string, string>(Object.entries(LEFT_TO_WEBHOOK));
  for (const rule of CEL_RULES) {
    const reason = notRenderedBecause(rule, options);
    if (reason && !rendered.has(rule.id)) left.set(rule.id, reason);
  }
  for (const [id, reason] of Object.entries(PARTLY_LEFT_TO_WEBHOOK)) if (rendered.has(id)) left.set(id, reason);
  const guards = renderPolicies(options).flatMap((policy) => {
    const guard = policy.rule.guard?.(options);
    return [
      ...(guard ? [{ id: policy.rule.id, reason: guard.reason }] : []),
      ...(policy.rule.costNote ? [{ id: policy.rule.id, reason: policy.rule.costNote }] : []),
    ];
  });
  return {
    oneObject: ONE_OBJECT_RULES.filter((id) => rendered.has(id)),
    params: PARAM_RULES.filter((id) => rendered.has(id)),
    left: [...left].map(([id, reason]) => ({ id, reason })).sort((a, b) => byRuleId(a.id, b.id)),
    guards,
  };
}

function byRuleId(a: string, b: string): number {
  const order = 'CRSX';
  const [kindA, numberA] = [order.indexOf(a[0]!), Number(a.slice(2))];
  const [kindB, numberB] = [order.indexOf(b[0]!), Number(b.slice(2))];
  return kindA - kindB || numberA - numberB;
}

/** The leading comment: target, coverage (the count VP-1 measures against), what is left and the cost guards. */
function header(options: VapOptions, coverage: VapCoverage): string {
  const lines = [
    `dualstack-webhook vap: ValidatingAdmissionPolicies for Kubernetes 1.${options.kubeMinor}+ (admissionregistration.k8s.io/v1)`,
    `covers ${coverage.oneObject.length} of the ${ONE_OBJECT_RULES.length} one-object rules of Clusters, NodePools and ClusterCIDRConfigs: ${coverage.oneObject.join(', ')}`,
    `with the Cluster of the object's namespace as params: ${coverage.params.length ? coverage.params.join(', ') : 'none'}`,
    'left to the webhook:',
    ...coverage.left.map(({ id, reason }) => `  ${id}: ${reason}`),
    'cost guards (larger objects are left to the webhook, VP-6):',
    ...(coverage.guards.length ? coverage.guards.map(({ id, reason }) => `  ${id}: ${reason}`) : ['  none']),
  ];
  return lines.map((line) => `# ${line}`).join('\n');
}

/** The whole output: the header comment and every policy and binding as one YAML stream. */
export function renderVap(options: VapOptions): string {
  const objects = renderPolicies(options).flatMap((policy) => policy.objects);
  return `${header(options, vapCoverage(options))}\n---\n${yamlDocuments(objects)}`;
}
