import { type ClusterFacts, type Settings } from './facts.js';
import { judgeClusterCidrConfig } from './cluster-cidr-config-rules.js';
import { judgeCluster } from './cluster-rules.js';
import { ADMIT, type Judgement } from './judgement.js';
import { judgeNodePool } from './node-pool-rules.js';
import { withViews } from './object-memo.js';
import {
  type Cluster, type ClusterCidrConfig, KINDS, type KubernetesObject, type NodePool, type Service, groupOf,
} from './objects.js';
import { type Operation, type RuleContext } from './rule.js';
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
  judge(context: RuleContext<KubernetesObject>): Judgement;
}

export const REGISTRY: readonly KindRegistration[] = [
  {
    ...KINDS.cluster, resource: 'clusters', operations: ['CREATE', 'UPDATE'], mutates: false,
    failurePolicy: 'Fail', judge: (context) => judgeCluster(context as RuleContext<Cluster>),
  },
  {
    // NodePools are added to running clusters to scale them out; a bad node address breaks the nodes it names, so
    // NodePools fail closed like Clusters (docs/install.md).
    ...KINDS.nodePool, resource: 'nodepools', operations: ['CREATE', 'UPDATE'], mutates: false,
    failurePolicy: 'Fail', judge: (context) => judgeNodePool(context as RuleContext<NodePool>),
  },
  {
    ...KINDS.clusterCidrConfig, resource: 'clustercidrconfigs', operations: ['CREATE', 'UPDATE', 'DELETE'],
    mutates: false, failurePolicy: 'Fail',
    judge: (context) => judgeClusterCidrConfig(context as RuleContext<ClusterCidrConfig>),
  },
  {
    // Services are everywhere: a webhook outage must not stop every deployment, so Services fail open (docs/install.md).
    ...KINDS.service, resource: 'services', operations: ['CREATE', 'UPDATE'], mutates: true,
    failurePolicy: 'Ignore', judge: (context) => judgeService(context as RuleContext<Service>),
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

/** Judges one object of a registered kind. DELETE is judged on the old object. */
export function judgeObject(request: JudgeRequest): Judgement {
  const { registration, operation } = request;
  if (!registration.operations.includes(operation) && operation !== 'CREATE') return ADMIT;
  // kube-apiserver sends a DELETE with `object` null and the object being deleted in `oldObject`.
  const object = operation === 'DELETE' ? request.oldObject : request.object;
  return withViews(request.facts, () => registration.judge({
    object: object as KubernetesObject,
    oldObject: request.oldObject as KubernetesObject | undefined,
    operation,
    facts: request.facts,
    settings: request.settings,
    dryRun: request.dryRun,
    phase: request.phase,
  }));
}
