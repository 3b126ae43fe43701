import { type JsonPatchOperation } from '../rules/index.js';

/** AdmissionResponse.patch: base64 of the RFC 6902 array (k8s.io/api/admission/v1 `Patch []byte`). */
export function encodePatch(operations: readonly JsonPatchOperation[]): string {
  return Buffer.from(JSON.stringify(operations), 'utf8').toString('base64');
}
