import { isRecord, type Operation } from '../rules/index.js';

/** `admission.k8s.io/v1` AdmissionReview, as far as we read it (k8s.io/api/admission/v1 types.go). */
export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export type AdmissionOperation = Operation | 'CONNECT';

export interface AdmissionRequest {
  readonly uid: string;
  readonly kind: GroupVersionKind;
  readonly operation: AdmissionOperation;
  readonly name: string;
  readonly namespace: string;
  readonly object: unknown;
  readonly oldObject: unknown;
  readonly dryRun: boolean;
}

export interface StatusCause {
  readonly reason: string;
  readonly field: string;
  readonly message: string;
}

/** metav1.Status as it travels inside an AdmissionResponse or as a bad-request body. */
export interface Status {
  readonly apiVersion?: 'v1';
  readonly kind?: 'Status';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly details?: {
    readonly name: string;
    readonly group?: string;
    readonly kind: string;
    readonly causes: readonly StatusCause[];
  };
  readonly code: number;
}

export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  readonly status?: Status;
  readonly warnings?: readonly string[];
  readonly patchType?: 'JSONPatch';
  readonly patch?: string;
}

export interface AdmissionReviewResponse {
  readonly apiVersion: 'admission.k8s.io/v1';
  readonly kind: 'AdmissionReview';
  readonly response: AdmissionResponse;
}

export type DecodedReview =
  | { readonly ok: true; readonly request: AdmissionRequest }
  | { readonly ok: false; readonly reason: string };

const OPERATIONS: readonly AdmissionOperation[] = ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'];

function bad(reason: string): DecodedReview {
  return { ok: false, reason };
}

function decodeKind(value: unknown): GroupVersionKind | undefined {
  if (!isRecord(value)) return undefined;
  const { group, version, kind } = value;
  // core kinds come with group "" and some clients leave it out altogether.
  if ((group !== undefined && typeof group !== 'string') || typeof version !== 'string' || typeof kind !== 'string') {
    return undefined;
  }
  if (!version || !kind) return undefined;
  return { group: group ?? '', version, kind };
}

function optionalString(value: unknown): string | undefined | false {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : false;
}

/**
 * Reads an AdmissionReview v1 request from parsed JSON. Anything that is not one (wrong apiVersion or kind, no
 * request, no uid, no kind, unknown operation) is a reason for HTTP 400, never an exception.
 */
export function decodeAdmissionReview(body: unknown): DecodedReview {
  if (!isRecord(body)) return bad('body must be a JSON object: an admission.k8s.io/v1 AdmissionReview');
  if (body.apiVersion !== 'admission.k8s.io/v1') {
    return bad(`apiVersion must be "admission.k8s.io/v1", got ${JSON.stringify(body.apiVersion ?? null)}`);
  }
  if (body.kind !== 'AdmissionReview') return bad(`kind must be "AdmissionReview", got ${JSON.stringify(body.kind ?? null)}`);
  const request = body.request;
  if (!isRecord(request)) return bad('request is required: an AdmissionReview without a request has nothing to judge');
  if (typeof request.uid !== 'string' || request.uid === '') return bad('request.uid is required');
  const kind = decodeKind(request.kind);
  if (!kind) return bad('request.kind must be {group, version, kind}');
  const operation = request.operation;
  if (typeof operation !== 'string' || !OPERATIONS.includes(operation as AdmissionOperation)) {
    return bad(`request.operation must be one of ${OPERATIONS.join(', ')}`);
  }
  const name = optionalString(request.name);
  const namespace = optionalString(request.namespace);
  if (name === false) return bad('request.name must be a string');
  if (namespace === false) return bad('request.namespace must be a string');
  if (request.dryRun !== undefined && request.dryRun !== null && typeof request.dryRun !== 'boolean') {
    return bad('request.dryRun must be a boolean');
  }
  return {
    ok: true,
    request: {
      uid: request.uid,
      kind,
      operation: operation as AdmissionOperation,
      name: name ?? '',
      namespace: namespace ?? '',
      object: request.object ?? null,
      oldObject: request.oldObject ?? null,
      dryRun: request.dryRun === true,
    },
  };
}

/** The object that must be present for an operation we judge: kube-apiserver always sends these (admission/v1 docs). */
export function missingObjectOf(request: AdmissionRequest): string | undefined {
  if ((request.operation === 'CREATE' || request.operation === 'UPDATE') && !isRecord(request.object)) {
    return `request.object must be an object for ${request.operation}`;
  }
  if ((request.operation === 'UPDATE' || request.operation === 'DELETE') && !isRecord(request.oldObject)) {
    return `request.oldObject must be an object for ${request.operation}`;
  }
  return undefined;
}

export function reviewResponse(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}
