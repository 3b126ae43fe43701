import { existsSync } from 'node:fs';
import path from 'node:path';
import { collectDefaultMetrics, register } from 'prom-client';
import { type Logger } from 'pino';
import { UnreadableInputError } from '../../documents/documents.js';
import { loadFactsFromFile } from '../../cluster/facts-from-file.js';
import { type FactsSource, staticFactsSource } from '../../cluster/facts-source.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { ensureDevCertificates } from '../../server/dev-certificates.js';
import { createLogger } from '../../server/logger.js';
import { createWebhookMetrics } from '../../server/metrics.js';
import { type RunningWebhookServer, startWebhookServer } from '../../server/webhook-server.js';
import { type ServeConfig, parseServeArguments } from './serve-options.js';

const REVIEW_EXAMPLE = path.join(PACKAGE_ROOT, 'test', 'fixtures', 'admission', 'service-create-review.json');

function fail(message: string): number {
  process.stderr.write(`dualstack-webhook serve: ${message}\n`);
  return 2;
}

async function factsSourceFor(config: ServeConfig, logger: Logger): Promise<FactsSource> {
  if (config.watch) {
    // Loaded only for --watch: the Kubernetes client is most of the process's memory otherwise.
    const { startWatchFactsSource } = await import('../../cluster/watch-facts-source.js');
    return startWatchFactsSource({ kubeconfig: config.kubeconfig, logger: logger.child({ component: 'watch' }) });
  }
  const file = config.clusterConfig!;
  const facts = await loadFactsFromFile(file);
  logger.info({
    file, clusters: facts.clusters.length, nodePools: facts.nodePools.length,
    clusterCidrConfigs: facts.clusterCidrConfigs.length, serviceCidrs: facts.serviceCidrs.length,
  }, 'cluster facts loaded');
  return staticFactsSource(facts);
}

/** What a developer needs after `npm start`: where the CA is and a request that works against it. */
function printDevelopmentHints(caFile: string, port: number, generated: boolean): void {
  const url = `https://localhost:${port}`;
  const lines = [
    generated ? `generated a development CA and serving certificate in ${path.dirname(caFile)}` : `development certificates in ${path.dirname(caFile)}`,
    `  CA certificate: ${caFile}`,
    `  try: curl --cacert ${caFile} ${url}/readyz`,
  ];
  if (existsSync(REVIEW_EXAMPLE)) {
    lines.push(`       curl --cacert ${caFile} -H 'Content-Type: application/json' --data @${REVIEW_EXAMPLE} ${url}/mutate`);
  }
  process.stderr.write(`${lines.map((line) => `dualstack-webhook: ${line}`).join('\n')}\n`);
}

function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

export async function runServe(argv: string[]): Promise<number> {
  const parsed = parseServeArguments(argv, process.env);
  if (parsed.kind === 'error') return fail(`${parsed.message} (see --help)`);
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    return 0;
  }
  const config = parsed.config;
  const logger = createLogger(config.logLevel);
  collectDefaultMetrics({ register });
  const metrics = createWebhookMetrics(register);

  let dev: Awaited<ReturnType<typeof ensureDevCertificates>> | undefined;
  if (config.devCertificates) {
    try {
      dev = await ensureDevCertificates(path.dirname(path.resolve(config.certFile)));
    } catch (error) {
      return fail(`cannot write development certificates: ${(error as Error).message}`);
    }
  }

  let facts: FactsSource;
  try {
    facts = await factsSourceFor(config, logger);
  } catch (error) {
    if (error instanceof UnreadableInputError) return fail(`--cluster-config ${error.message}`);
    return fail(`cluster facts: ${(error as Error).message}`);
  }

  let running: RunningWebhookServer;
  const stopSignal = signalled();
  try {
    running = await startWebhookServer({
      host: config.host, port: config.port, minVersion: config.minVersion,
      certFile: config.certFile, keyFile: config.keyFile, clientCaFile: config.clientCaFile,
      facts, settings: config.settings, logger, metrics, shutdownDelayMs: config.shutdownDelayMs,
    });
  } catch (error) {
    await facts.stop();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(`cannot read ${(error as NodeJS.ErrnoException).path ?? 'a TLS file'}: no such file`);
    return fail(`cannot start: ${(error as Error).message}`);
  }
  if (dev) printDevelopmentHints(dev.caCert, running.port, dev.generated);

  const signal = await stopSignal;
  logger.info({ signal }, 'shutting down');
  // Ctrl-C in a terminal means now; SIGTERM from the kubelet gets the configured delay.
  await running.stop({ skipDelay: signal === 'SIGINT' });
  // Anything left holding the event loop (a watch socket) must not keep a stopped server alive.
  setTimeout(() => process.exit(0), 2000).unref();
  return 0;
}
