import { type ClusterFacts, type Judgement, judgeObject, type JudgeRequest, type KindRegistration, registrationFor, type RuleId, type Settings } from '../rules/index.js';
import { allowed, denied as deniedResponse, patched, withWarnings } from './admission-responses.js';
import { type AdmissionRequest, type AdmissionResponse } from './admission-review.js';
import { internalErrorStatus, invalidStatus, unjudgeableStatus } from './invalid-status.js';
import { encodePatch } from './json-patch.js';
import { MAX_OBJECT_DEPTH, nestsDeeperThan } from './nesting-depth.js';

/** The two webhooks (decided by the lead): /mutate answers causes + patch, /validate answers causes + warnings. */
export type WebhookName = 'validate' | 'mutate';

export type Decision = 'allowed' | 'warned' | 'patched' | 'denied' | 'error';

export interface ReviewDependencies {
  readonly facts: ClusterFacts;
  readonly settings: Settings;
  /** The rules' entry point; tests replace it to reach the internal-error path. */
  readonly judge?: (request: JudgeRequest) => Judgement;
}

export interface ReviewOutcome {
  readonly response: AdmissionResponse;
  /** The registered kind, or `other`: request kinds are caller-chosen, so they never become metric labels. */
  readonly kind: string;
  /** The judged object's name (the request's name when the object has none yet, e.g. generateName). */
  readonly name: string;
  readonly decision: Decision;
  /** Rule IDs behind the causes (deny) and the warnings (warn), in order. */
  readonly denied: readonly RuleId[];
  readonly warned: readonly RuleId[];
  /** D19: rules of the causes answered as existing violations (warnings) instead of denials. */
  readonly existing?: readonly RuleId[];
  /** The exception a rule threw, for the log; the answer is already a denial. */
  readonly error?: unknown;
}

function nameOf(request: AdmissionRequest): string {
  const judged = request.operation === 'DELETE' ? request.oldObject : request.object;
  const name = (judged as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  return typeof name === 'string' && name ? name : request.name;
}

function registrationOf(request: AdmissionRequest): KindRegistration | undefined {
  const { group, version, kind } = request.kind;
  return registrationFor(group ? `${group}/${version}` : version, kind);
}

/**
 * One review, decoded request in, AdmissionResponse out. The only place an exception from the rules is caught:
 * it becomes a denial that says an internal error happened (errors are values, never exceptions that escape).
 */
export function reviewAdmission(request: AdmissionRequest, webhook: WebhookName, dependencies: ReviewDependencies): ReviewOutcome {
  const registration = registrationOf(request);
  const uid = request.uid;
  const name = nameOf(request);
  if (!registration || request.operation === 'CONNECT') {
    return { response: allowed(uid), kind: registration?.kind ?? 'other', name, decision: 'allowed', denied: [], warned: [] };
  }
  const { group, kind } = registration;
  const tooDeep = (['object', 'oldObject'] as const).find((field) => nestsDeeperThan(request[field], MAX_OBJECT_DEPTH));
  if (tooDeep) {
    const status = unjudgeableStatus(group, kind, name, `request.${tooDeep} nests deeper than ${MAX_OBJECT_DEPTH} levels`);
    return { response: deniedResponse(uid, status), kind, name, decision: 'denied', denied: [], warned: [] };
  }
  let judgement: Judgement;
  try {
    judgement = (dependencies.judge ?? judgeObject)({
      registration,
      object: request.object,
      oldObject: request.operation === 'CREATE' ? undefined : request.oldObject,
      operation: request.operation,
      facts: dependencies.facts,
      settings: dependencies.settings,
      dryRun: request.dryRun,
      phase: webhook === 'mutate' ? 'mutating' : 'validating',
    });
  } catch (error) {
    return {
      response: deniedResponse(uid, internalErrorStatus(group, kind, name, uid)),
      kind, name, decision: 'error', denied: [], warned: [], error,
    };
  }
  const denied = judgement.causes.map((cause) => cause.rule);
  const existing = judgement.existingViolations?.length ? { existing: judgement.existingViolations } : {};
  if (judgement.causes.length) {
    const refusal = deniedResponse(uid, invalidStatus(group, kind, name, judgement.causes));
    const response = webhook === 'validate' ? withWarnings(refusal, judgement.warnings) : refusal;
    const warned = webhook === 'validate' ? warnedRules(judgement.warnings) : [];
    return { response, kind, name, decision: 'denied', denied, warned, ...existing };
  }
  if (webhook === 'mutate') {
    if (registration.mutates && judgement.patch.length) {
      return {
        response: patched(uid, encodePatch(judgement.patch)),
        kind, name, decision: 'patched', denied, warned: [],
      };
    }
    return { response: allowed(uid), kind, name, decision: 'allowed', denied, warned: [] };
  }
  if (judgement.warnings.length) {
    return {
      response: withWarnings(allowed(uid), judgement.warnings),
      kind, name, decision: 'warned', denied, warned: warnedRules(judgement.warnings), ...existing,
    };
  }
  return { response: allowed(uid), kind, name, decision: 'allowed', denied, warned: [] };
}

function warnedRules(warnings: Judgement['warnings']): RuleId[] {
  return warnings.map((warning) => warning.rule);
}
