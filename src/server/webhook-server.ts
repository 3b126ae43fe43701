import { readFile } from 'node:fs/promises';
import { type Server } from 'node:https';
import { type Logger } from 'pino';
import { type FactsSource } from '../cluster/facts-source.js';
import { type Settings } from '../rules/index.js';
import { createWebhookApp } from './app.js';
import { CertReloader } from './cert-reloader.js';
import { type HttpsOptions, boundAddress, startHttpsServer } from './https-server.js';
import { type WebhookMetrics } from './metrics.js';
import { type ServingState, servingState } from './serving-state.js';

export interface WebhookServerConfig {
  readonly host: string;
  readonly port: number;
  readonly minVersion: HttpsOptions['minVersion'];
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientCaFile?: string | undefined;
  readonly facts: FactsSource;
  readonly settings: Settings;
  readonly logger: Logger;
  readonly metrics: WebhookMetrics;
  /** Time to keep accepting connections after SIGTERM while endpoints drop this pod (0: stop listening at once). */
  readonly shutdownDelayMs?: number;
  /** Bound on waiting for in-flight requests; then the remaining connections are cut. */
  readonly drainTimeoutMs?: number;
  readonly certPollIntervalMs?: number;
}

export interface RunningWebhookServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  readonly state: ServingState;
  readonly reloader: CertReloader;
  /** Readiness false at once, stop accepting, let in-flight requests finish (bounded), release everything. */
  stop(options?: { readonly skipDelay?: boolean }): Promise<void>;
}

// Below kube's default terminationGracePeriodSeconds (30 s), so the process exits on its own before SIGKILL.
export const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => { setTimeout(resolve, ms); });
}

/** Starts the webhook: certificate (watched), app, HTTPS listener. Throws when the certificate cannot be loaded. */
export async function startWebhookServer(config: WebhookServerConfig): Promise<RunningWebhookServer> {
  const { logger, metrics } = config;
  const state = servingState();
  state.certificateLoaded = false;
  const reloader = new CertReloader({
    certFile: config.certFile, keyFile: config.keyFile, logger, metrics,
    ...(config.certPollIntervalMs ? { pollIntervalMs: config.certPollIntervalMs } : {}),
  });
  const pair = await reloader.start();
  state.certificateLoaded = true;
  const clientCa = config.clientCaFile ? await readFile(config.clientCaFile) : undefined;
  const app = createWebhookApp({ facts: config.facts, settings: config.settings, logger, metrics, state });
  let server: Server;
  try {
    server = await startHttpsServer(app, reloader, {
      host: config.host, port: config.port, minVersion: config.minVersion, clientCa,
    }, logger);
  } catch (error) {
    reloader.stop();
    throw error;
  }
  const address = boundAddress(server);
  logger.info({
    address: address.address, port: address.port, tlsMinVersion: config.minVersion, mutualTls: Boolean(clientCa),
    certificateSerial: pair.serialNumber, certificateNotAfter: pair.notAfter.toISOString(),
  }, 'listening');

  let stopping: Promise<void> | undefined;
  async function drain(skipDelay: boolean): Promise<void> {
    state.draining = true;
    logger.info({ shutdownDelayMs: skipDelay ? 0 : config.shutdownDelayMs ?? 0 }, 'draining: readiness is false');
    if (!skipDelay && config.shutdownDelayMs) await delay(config.shutdownDelayMs);
    const closed = new Promise<void>((resolve) => { server.close(() => resolve()); });
    logger.info('stopped accepting connections; waiting for in-flight requests');
    // A connection whose request began before draining keeps alive after its answer; close it as soon as it is idle.
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    const timeoutMs = config.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), timeoutMs); });
    const expired = await Promise.race([closed.then(() => false), timedOut]);
    clearInterval(sweeper);
    clearTimeout(timer);
    if (expired) {
      logger.warn({ timeoutMs }, 'in-flight requests did not finish in time; closing their connections');
      server.closeAllConnections();
      await closed;
    }
    reloader.stop();
    await config.facts.stop();
    logger.info('stopped');
  }

  return {
    server, host: address.address, port: address.port, state, reloader,
    stop(options = {}) {
      stopping ??= drain(options.skipDelay ?? false);
      return stopping;
    },
  };
}
