import { type ServerResponse } from 'node:http';
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

function writeJsonHead(response: ServerResponse, code: number, text: string): void {
  response.writeHead(code, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
}

export function sendJson(response: ServerResponse, code: number, value: unknown): void {
  const text = JSON.stringify(value);
  writeJsonHead(response, code, text);
  response.end(text);
}

/** The whole answer on the wire, the response left open: the caller ends it (after a lingering close). */
export function writeStatus(response: ServerResponse, code: number, message: string): void {
  const text = JSON.stringify(statusBody(code, message));
  writeJsonHead(response, code, text);
  response.write(text);
}

export function sendStatus(response: ServerResponse, code: number, message: string): void {
  sendJson(response, code, statusBody(code, message));
}
