import { type Agent, request } from 'node:https';
import { type TLSSocket } from 'node:tls';

/** The Service DNS name kube-apiserver uses to reach the webhook; the serving certificate must carry it. */
export const SERVICE_NAME = 'dualstack-webhook.dualstack-system.svc';

export interface HttpsCall {
  readonly port: number;
  readonly ca: string;
  readonly method?: string;
  readonly path: string;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  readonly agent?: Agent | false;
  readonly cert?: string;
  readonly key?: string;
  readonly maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

export interface HttpsAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** Serial number of the certificate the server presented on this connection. */
  readonly serialNumber: string;
}

/** One request over real TLS to 127.0.0.1, verifying the server against `ca` under the Service DNS name. */
export function httpsCall(call: HttpsCall): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request({
      host: '127.0.0.1',
      port: call.port,
      method: call.method ?? 'POST',
      path: call.path,
      ca: call.ca,
      servername: SERVICE_NAME,
      agent: call.agent ?? false,
      headers: { 'Content-Type': 'application/json', ...call.headers },
      ...(call.cert ? { cert: call.cert, key: call.key } : {}),
      ...(call.maxVersion ? { maxVersion: call.maxVersion } : {}),
    }, (response) => {
      const socket = response.socket as TLSSocket;
      const serialNumber = socket.getPeerCertificate().serialNumber ?? '';
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        text: Buffer.concat(chunks).toString('utf8'),
        serialNumber,
      }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(call.body);
  });
}
