import { type IncomingMessage } from 'node:http';

/** kube-apiserver caps request bodies at 3 MiB; an AdmissionReview holds object and oldObject: 7 MiB is controller-runtime's limit. */
export const DEFAULT_BODY_LIMIT = 7 * 1024 * 1024;

export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly code: 400 | 413 | 415; readonly message: string };

function mediaTypeProblem(request: IncomingMessage): string | undefined {
  const header = request.headers['content-type'];
  if (!header) return 'Content-Type must be application/json';
  const [mediaType, ...parameters] = header.split(';');
  if (mediaType?.trim().toLowerCase() !== 'application/json') {
    return `Content-Type must be application/json, got ${JSON.stringify(header.slice(0, 100))}`;
  }
  for (const parameter of parameters) {
    const [key, value] = parameter.split('=');
    if (key?.trim().toLowerCase() === 'charset' && !/^"?utf-8"?$/i.test(value?.trim() ?? '')) {
      return 'Content-Type charset must be utf-8';
    }
  }
  const encoding = request.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') return `Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} is not supported`;
  return undefined;
}

/**
 * Reads and parses a JSON body with a hard size limit. Input problems are values (415, 413, 400), never exceptions;
 * an over-size body is refused from Content-Length before it is read, or as soon as the stream passes the limit.
 */
export function readJsonBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  const mediaProblem = mediaTypeProblem(request);
  if (mediaProblem) return Promise.resolve({ ok: false, code: 415, message: mediaProblem });
  const tooLarge: BodyResult = { ok: false, code: 413, message: `request body larger than ${limit} bytes` };
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        settle(tooLarge);
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
      } catch (error) {
        settle({ ok: false, code: 400, message: `body is not valid JSON: ${(error as Error).message}` });
        return;
      }
      settle({ ok: true, value });
    });
    request.once('error', () => settle({ ok: false, code: 400, message: 'request body could not be read' }));
    request.once('aborted', () => settle({ ok: false, code: 400, message: 'request aborted' }));
  });
}
