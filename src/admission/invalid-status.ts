import { type Cause } from '../rules/index.js';
import { type Status } from './admission-review.js';

/** schema.GroupKind.String(): `Service` for the core group, `Cluster.baremetal.cluster.gke.io` otherwise. */
export function qualifiedKindOf(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}

/**
 * field.ErrorList.ToAggregate().Error(): one cause alone, several as `[a, b]`, repeated messages once
 * (k8s.io/apimachinery pkg/util/errors aggregate.Error).
 */
export function aggregateMessage(causes: readonly Cause[]): string {
  const seen = new Set<string>();
  for (const cause of causes) seen.add(`${cause.field}: ${cause.message}`);
  const messages = [...seen];
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
}

/** apierrors.NewInvalid(qualifiedKind, name, errs): what kube-apiserver itself answers for a field error. */
export function invalidStatus(group: string, kind: string, name: string, causes: readonly Cause[]): Status {
  const qualified = qualifiedKindOf(group, kind);
  const head = `${qualified} ${JSON.stringify(name)} is invalid`;
  return {
    metadata: {},
    status: 'Failure',
    message: causes.length ? `${head}: ${aggregateMessage(causes)}` : head,
    reason: 'Invalid',
    details: {
      name,
      ...(group ? { group } : {}),
      kind,
      causes: causes.map((cause) => ({ reason: cause.reason, field: cause.field, message: cause.message })),
    },
    code: 422,
  };
}

/** A bug in a rule: the request is denied and the message says so, without the stack (that goes to the log). */
export function internalErrorStatus(group: string, kind: string, name: string, uid: string): Status {
  return {
    metadata: {},
    status: 'Failure',
    message: `dualstack-webhook could not judge ${qualifiedKindOf(group, kind)} ${JSON.stringify(name)}: `
      + `internal error (logged with uid ${uid}); the request is denied`,
    reason: 'InternalError',
    code: 500,
  };
}

/** An object the rules cannot be asked about (say, nested past MAX_OBJECT_DEPTH): denied, saying why. */
export function unjudgeableStatus(group: string, kind: string, name: string, detail: string): Status {
  return {
    metadata: {},
    status: 'Failure',
    message: `dualstack-webhook cannot judge ${qualifiedKindOf(group, kind)} ${JSON.stringify(name)}: ${detail}`,
    reason: 'BadRequest',
    code: 400,
  };
}
