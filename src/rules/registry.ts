import { isReadable } from './cluster/readable.js';
import { judgeClusterCidrConfig } from './cluster-cidr-config-rules.js';
import { judgeCluster } from './cluster-rules.js';
import { setAsideExistingViolations } from './existing-violations.js';
import { type ClusterFacts, type Settings } from './facts.js';
import { ADMIT, type Judgement } from './judgement.js';
import { judgeNodePool } from './node-pool-rules.js';
import { withViews } from './object-memo.js';
import { sameJson } from './same-json.js';
import {
  type Cluster, type ClusterCidrConfig, KINDS, type KubernetesObject, type NodePool, type Service, groupOf,
} from './objects.js';
import { type Operation, type RuleContext } from './rule.js';
import { type SchemaKind } from './schema-check.js';
import { judgeService } from './service-rules.js';

/**
 * The one list of what we judge. The server routes on it, `check` dispatches on it, and the webhook configurations
 * in manifests/ are rendered from it, so the three cannot drift.
 */
export interface KindRegistration {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural resource name, as webhook rules and RBAC name it. */
  readonly resource: string;
  /** Operations the admission webhooks intercept; `check` judges every document as a CREATE. */
  readonly operations: readonly Operation[];
  /** Whether the mutating webhook has anything to do for this kind (defaulting: Services only). */
  readonly mutates: boolean;
  readonly failurePolicy: 'Fail' | 'Ignore';
  /** D19: an UPDATE's causes that the old object already had are warnings (Services: no, kube-apiserver decides them). */
  readonly ratchets: boolean;
  judge(context: RuleContext<KubernetesObject>): Judgement;
}

export const REGISTRY: readonly KindRegistration[] = [
  {
    ...KINDS.cluster, resource: 'clusters', operations: ['CREATE', 'UPDATE'], mutates: false,
    failurePolicy: 'Fail', ratchets: true, judge: (context) => judgeCluster(context as RuleContext<Cluster>),
  },
  {
    // NodePools are added to running clusters to scale them out; a bad node address breaks the nodes it names, so
    // NodePools fail closed like Clusters (docs/install.md).
    ...KINDS.nodePool, resource: 'nodepools', operations: ['CREATE', 'UPDATE'], mutates: false,
    failurePolicy: 'Fail', ratchets: true, judge: (context) => judgeNodePool(context as RuleContext<NodePool>),
  },
  {
    ...KINDS.clusterCidrConfig, resource: 'clustercidrconfigs', operations: ['CREATE', 'UPDATE', 'DELETE'],
    mutates: false, failurePolicy: 'Fail', ratchets: true,
    judge: (context) => judgeClusterCidrConfig(context as RuleContext<ClusterCidrConfig>),
  },
  {
    // Services are everywhere: a webhook outage must not stop every deployment, so Services fail open (docs/install.md).
    ...KINDS.service, resource: 'services', operations: ['CREATE', 'UPDATE'], mutates: true,
    failurePolicy: 'Ignore', ratchets: false, judge: (context) => judgeService(context as RuleContext<Service>),
  },
];

/** The registration for an apiVersion (`group/version` or `v1`) and kind; the version is not compared (matchPolicy Equivalent). */
export function registrationFor(apiVersion: unknown, kind: unknown): KindRegistration | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const group = groupOf(apiVersion);
  return REGISTRY.find((entry) => entry.group === group && entry.kind === kind);
}

export interface JudgeRequest {
  readonly registration: KindRegistration;
  readonly object: unknown;
  readonly oldObject?: unknown;
  readonly operation: Operation;
  readonly facts: ClusterFacts;
  readonly settings: Settings;
  readonly dryRun?: boolean | undefined;
  readonly phase?: 'mutating' | 'validating' | undefined;
}

/**
 * Judges one object of a registered kind: the one place every caller (the webhook, `check`) goes through, so that
 * D19's setting means the same everywhere. DELETE is judged on the old object (R-16).
 */
function specOf(object: unknown): unknown {
  return typeof object === 'object' && object !== null ? (object as { spec?: unknown }).spec : undefined;
}

export function judgeObject(request: JudgeRequest): Judgement {
  const { registration, operation } = request;
  if (!registration.operations.includes(operation) && operation !== 'CREATE') return ADMIT;
  // kube-apiserver sends a DELETE with `object` null and the object being deleted in `oldObject`.
  const object = (operation === 'DELETE' ? request.oldObject : request.object) as KubernetesObject;
  const oldObject = request.oldObject as KubernetesObject | undefined;
  const ratchets = operation === 'UPDATE' && oldObject !== undefined && oldObject !== null && registration.ratchets
    && request.settings.allowExistingViolations;
  // A ratcheted UPDATE is judged by the rules also past a schema cause they can read past, so that an existing
  // missing field or unknown enum value does not hide a new violation elsewhere; an object that passes its schema
  // (every admitted one) is judged exactly as without D19.
  const context: RuleContext<KubernetesObject> = {
    object, oldObject, operation, facts: request.facts, settings: request.settings, dryRun: request.dryRun, phase: request.phase,
    readPastSchema: ratchets,
  };
  return withViews(request.facts, () => {
    const judgement = registration.judge(context);
    // D19: the old object is judged only when the new one has causes, so an admitted UPDATE costs nothing more. It is
    // judged as a CREATE, against the same facts: no UPDATE rule (old compared with new) can match there. A new object
    // the rules cannot read (a wrong type, a bound exceeded) is judged in full, since nothing tells what else changed,
    // unless its spec is the old one's: then the update changed nothing the rules read (labels, finalizers, ...).
    if (!ratchets || judgement.causes.length === 0) return judgement;
    if (!isReadable(registration.kind as SchemaKind, object) && !sameJson(specOf(object), specOf(oldObject))) return judgement;
    const old = registration.judge({ ...context, object: oldObject!, oldObject: undefined, operation: 'CREATE' });
    return setAsideExistingViolations(judgement, old, object, oldObject);
  });
}
