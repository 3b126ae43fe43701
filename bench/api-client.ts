import { Agent, request } from 'node:https';
import { type ApiServer } from '../test/e2e/support/control-plane.js';

/** One request to kube-apiserver as the admin user, `body` sent as JSON; the answer's status and text. */
export type ApiSend = (method: string, route: string, body?: unknown) => Promise<{ status: number; text: string }>;

/**
 * The benchmarks' client of a kube-apiserver: keep-alive connections (as kubectl and controllers hold them), at most
 * `maxSockets` at once, so the figures are the requests, not TLS handshakes.
 */
export function apiClient(api: ApiServer, maxSockets: number): ApiSend {
  const agent = new Agent({ keepAlive: true, maxSockets, ca: api.serving.caPem });
  return (method, route, body) => new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = request(new URL(route, api.url), {
      method, agent,
      headers: {
        Authorization: `Bearer ${api.token}`, Accept: 'application/json',
        ...(text === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) }),
      },
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(text);
  });
}
