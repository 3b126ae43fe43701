import { type Warning, warningLine } from '../rules/index.js';
import { type AdmissionResponse, type Status } from './admission-review.js';

// The answers a webhook gives, named the way controller-runtime names them (pkg/webhook/admission/response.go:
// Allowed, Denied, Patched, WithWarnings), so a reader never checks an inline literal for what it means.

/** The request may proceed unchanged. */
export function allowed(uid: string): AdmissionResponse {
  return { uid, allowed: true };
}

/** The request is refused; `status` says why (kube-apiserver shows its message and causes to the client). */
export function denied(uid: string, status: Status): AdmissionResponse {
  return { uid, allowed: false, status };
}

/** The request may proceed with the object changed by `patch` (a JSON Patch, base64-encoded). */
export function patched(uid: string, patch: string): AdmissionResponse {
  return { uid, allowed: true, patchType: 'JSONPatch', patch };
}

/** The same answer with warnings for the client, one line each (`[RULE-ID] text`); none leaves it as it was. */
export function withWarnings(response: AdmissionResponse, warnings: readonly Warning[]): AdmissionResponse {
  return warnings.length ? { ...response, warnings: warnings.map(warningLine) } : response;
}
