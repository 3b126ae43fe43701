import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Registry } from 'prom-client';
import { DEFAULT_HOST, FALLBACK_HOST } from '../../server/https-server.js';

export interface AuditHttp {
  readonly port: number;
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * `audit --watch`'s probes and metrics over plain HTTP (it serves no admission, so no TLS): /healthz, /readyz
 * (the first reports are written and the process is not stopping), /metrics. Anything else is 404, other methods 405.
 */
export async function startAuditHttp(options: { host: string; port: number; registry: Registry; ready: () => boolean }): Promise<AuditHttp> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'Content-Type': type });
      response.end(body);
    };
    if (path !== '/healthz' && path !== '/readyz' && path !== '/metrics') return send(404, 'not found\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed\n');
    if (path === '/healthz') return send(200, 'ok\n');
    if (path === '/readyz') return options.ready() ? send(200, 'ok\n') : send(503, 'the first reports are not written yet, or stopping\n');
    options.registry.metrics().then(
      (text) => send(200, text, options.registry.contentType),
      (error: unknown) => send(500, `metrics: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  try {
    await listen(server, options.host, options.port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (options.host !== DEFAULT_HOST || (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL')) throw error;
    await listen(server, FALLBACK_HOST, options.port);
  }
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
