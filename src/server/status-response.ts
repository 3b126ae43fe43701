import { type Response } from 'express';
import { type Status } from '../admission/admission-review.js';

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  503: 'ServiceUnavailable',
};

/** A metav1.Status body, as kube-apiserver answers a request it refuses before reading it. */
export function statusBody(code: number, message: string): Status {
  return { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message, reason: REASONS[code] ?? 'BadRequest', code };
}

export function sendStatus(response: Response, code: number, message: string): void {
  response.status(code).type('application/json').send(JSON.stringify(statusBody(code, message)));
}
