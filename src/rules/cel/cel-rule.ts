import { type RuleId } from '../judgement.js';
import { type Operation } from '../rule.js';

/**
 * A rule's CEL: what `dualstack-webhook vap` renders into one ValidatingAdmissionPolicy. It sits beside the rule's
 * TypeScript (one file per kind in this folder, keyed by rule ID; docs/architecture.md says why), and is written over
 * a root (`object` or `oldObject`) so that D19's ratcheting can judge the old object with the same expression.
 */
export type CelKind = 'Cluster' | 'NodePool' | 'ClusterCIDRConfig';

export interface CelValidation {
  /** CEL that is true when the object passes (the policy's `expression`). */
  readonly expression: string;
  /** CEL string: the message, starting with the field path; the renderer adds ` [RULE-ID]`. */
  readonly message: string;
  /** The field path for the static fallback `message` (kube-apiserver uses it when messageExpression fails). */
  readonly field: string;
}

export interface CelSettings {
  /** C-9: the webhook's `--max-service-host-bits` (0: off). */
  readonly maxServiceHostBits: number;
  /** The target Kubernetes minor version (31 and up use the IP/CIDR library; 35 may use `sort()`). */
  readonly kubeMinor: number;
}

export interface CostGuard {
  /** CEL over `object`: true when the object is small enough to judge in CEL. */
  readonly expression: string;
  /** What the guard skips and why, for the output header and docs/vap.md. */
  readonly reason: string;
}

/**
 * A policy variable, computed once per evaluation: rendered twice, as `name` over `object` and as `oldName` over
 * `oldObject` (`[]` on CREATE), so that a validation written over a root reads `variable(root, name)`.
 */
export interface CelVariable {
  readonly name: string;
  expression(root: string): string;
}

export function variable(root: string, name: string): string {
  return root === 'object' ? `variables.${name}` : `variables.old${name[0]!.toUpperCase()}${name.slice(1)}`;
}

export function renderVariables(variables: readonly CelVariable[]): { name: string; expression: string }[] {
  return variables.flatMap((entry) => [
    { name: entry.name, expression: entry.expression('object') },
    { name: variable('oldObject', entry.name).slice('variables.'.length), expression: `oldObject == null ? [] : ${entry.expression('oldObject')}` },
  ]);
}

export interface CelRule {
  readonly id: RuleId;
  readonly kind: CelKind;
  /** What the webhook answers for this rule: a denial or a warning. */
  readonly action: 'deny' | 'warn';
  /** Default CREATE and UPDATE. */
  readonly operations?: readonly Operation[];
  /** The Cluster of the object's namespace as `params` (VP-2: paramRef selector without namespace). */
  readonly params?: { readonly notFound: 'Allow' | 'Deny' };
  readonly guard?: (settings: CelSettings) => CostGuard;
  /**
   * UPDATE rules that compare old with new: judged only when `spec` changed, as the webhook does (an UPDATE of labels,
   * annotations or finalizers has nothing for them).
   */
  readonly whenSpecChanges?: boolean;
  /** Values the validations share (each pool entry parsed once, not once per pair). */
  readonly variables?: readonly CelVariable[];
  /** A cost bound kept inside one validation (the rest of the rule stays judged), said in the output like a guard. */
  readonly costNote?: string;
  /** The validations, or none when the settings turn the rule off (C-9 with 0 host bits). */
  validations(settings: CelSettings): readonly CelValidation[];
}

/** D19 for a whole-field check: the old object had the same cause at an unchanged value. */
export function ratchetedField(bad: (root: string) => string, value: (root: string) => string): string {
  return `(oldObject != null && ${bad('oldObject')} && ${value('object')} == ${value('oldObject')})`;
}

/**
 * A cause on one field: `bad(root)` true breaks the rule; D19 (`ratchet`, the default) lets an UPDATE keep an
 * existing violation at an unchanged value.
 */
export function fieldCheck(spec: {
  field: string;
  bad: (root: string) => string;
  /** CEL of the value at the field path (compared between old and new for D19). */
  value: (root: string) => string;
  /** CEL string after `field: `. */
  message: string;
  ratchet?: boolean;
  /** CEL string of the field path when it depends on the object (a list entry); `field` otherwise. */
  at?: string;
}): CelValidation {
  const ratchet = spec.ratchet ?? true;
  const passes = `!(${spec.bad('object')})`;
  return {
    expression: ratchet ? `${passes} || ${ratchetedField(spec.bad, spec.value)}` : passes,
    message: spec.at ? `${spec.at} + ': ' + ${spec.message}` : `'${spec.field}: ' + ${spec.message}`,
    field: spec.field,
  };
}

/**
 * A cause on an entry of a list (`path[i]` + `suffix`): `bad(entry, root)` judges one entry of `root`'s list. D19:
 * an entry that the old list also holds, and that the old object breaks the same way, is an existing violation
 * (compared by value: an entry moved within the list counts as unchanged, where the webhook compares by index).
 */
export function entryCheck(spec: {
  path: string;
  suffix?: string;
  list: (root: string) => string;
  bad: (entry: string, root: string) => string;
  /** CEL string after `path[i]suffix: `, over the entry variable `e`. */
  message: (entry: string) => string;
  ratchet?: boolean;
  /** The comprehension variable (nested checks need distinct names). */
  variable?: string;
}): CelValidation {
  const entry = spec.variable ?? 'e';
  const ratchet = spec.ratchet ?? true;
  const list = spec.list('object');
  const old = `(oldObject != null && ${spec.list('oldObject')}.exists(was, was == ${entry}) && ${spec.bad(entry, 'oldObject')})`;
  const failing = ratchet ? `${spec.bad(entry, 'object')} && !${old}` : spec.bad(entry, 'object');
  const suffix = spec.suffix ?? '';
  return {
    expression: `!${list}.exists(${entry}, ${failing})`,
    message: `${list}.filter(${entry}, ${failing}).map(${entry}, '${spec.path}[' + string(${list}.indexOf(${entry})) + ']${suffix}: ' + ${spec.message(entry)})[0]`,
    field: `${spec.path}[i]${suffix}`,
  };
}
