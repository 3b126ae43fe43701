import { type Server, createServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import { type SecureContextOptions, type SecureVersion } from 'node:tls';
import { type Logger } from 'pino';
import { type WebhookApp } from './app.js';
import { type CertReloader, type KeyPair } from './cert-reloader.js';

export interface HttpsOptions {
  readonly host: string;
  readonly port: number;
  readonly minVersion: Extract<SecureVersion, 'TLSv1.2' | 'TLSv1.3'>;
  /** PEM of the CA that signs client certificates: when set, every client must present one (mutual TLS). */
  readonly clientCa?: Buffer | undefined;
}

// Go's net/http as controller-runtime's webhook server configures it: a header must arrive within 32 s and an idle
// keep-alive connection lives 90 s (kube-apiserver reuses connections across reviews).
export const HEADERS_TIMEOUT_MS = 32_000;
export const KEEP_ALIVE_TIMEOUT_MS = 90_000;
// kube-apiserver gives up on a webhook after at most 30 s; a body still arriving after a minute is a stuck client.
export const REQUEST_TIMEOUT_MS = 60_000;

export const DEFAULT_HOST = '::';
export const FALLBACK_HOST = '0.0.0.0';

function contextOptions(pair: KeyPair, options: HttpsOptions): SecureContextOptions {
  return {
    cert: pair.cert,
    key: pair.key,
    minVersion: options.minVersion,
    ...(options.clientCa ? { ca: options.clientCa } : {}),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, ipv6Only: false });
  });
}

/**
 * The HTTPS server around the app. The certificate comes from the reloader and is swapped with
 * `setSecureContext`: new handshakes get the new pair, open connections keep theirs, no request fails.
 * On a host without IPv6 the default `::` falls back to `0.0.0.0`.
 */
export async function startHttpsServer(app: WebhookApp, reloader: CertReloader, options: HttpsOptions, logger: Logger): Promise<Server> {
  const pair = reloader.pair();
  if (!pair) throw new Error('the certificate reloader has not loaded a pair');
  const server = createServer({
    ...contextOptions(pair, options),
    ...(options.clientCa ? { requestCert: true, rejectUnauthorized: true } : {}),
    headersTimeout: HEADERS_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
  }, app);
  reloader.onChange((next) => server.setSecureContext(contextOptions(next, options)));
  server.on('tlsClientError', (error) => logger.debug({ err: error }, 'TLS handshake failed'));
  try {
    await listen(server, options.host, options.port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (options.host !== DEFAULT_HOST || (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL')) throw error;
    logger.warn({ host: DEFAULT_HOST, fallback: FALLBACK_HOST }, 'no IPv6 on this host; listening on IPv4 only');
    await listen(server, FALLBACK_HOST, options.port);
  }
  return server;
}

export function boundAddress(server: Server): AddressInfo {
  return server.address() as AddressInfo;
}
