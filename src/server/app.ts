import { type IncomingMessage, type ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { type Logger } from 'pino';
import { type WebhookName } from '../admission/review.js';
import { type FactsSource } from '../cluster/facts-source.js';
import { type Judgement, type JudgeRequest, type Settings } from '../rules/index.js';
import { admissionHandler } from './admission-handler.js';
import { type WebhookMetrics } from './metrics.js';
import { DEFAULT_BODY_LIMIT } from './request-body.js';
import { type ServingState, servingState } from './serving-state.js';
import { sendStatus } from './status-response.js';

export interface WebhookAppDependencies {
  readonly facts: FactsSource;
  readonly settings: Settings;
  readonly logger: Logger;
  readonly metrics: WebhookMetrics;
  /** Certificate and shutdown state for /readyz; a test without TLS leaves it out. */
  readonly state?: ServingState;
  readonly bodyLimit?: number;
  /** Replaces the rules' entry point (tests of the internal-error path). */
  readonly judge?: (request: JudgeRequest) => Judgement;
}

/** A node request listener: what https.createServer takes and what supertest drives. */
export type WebhookApp = (request: IncomingMessage, response: ServerResponse) => void;

const WEBHOOKS: readonly WebhookName[] = ['validate', 'mutate'];
const HOT_PATHS: Readonly<Record<string, WebhookName>> = { '/validate': 'validate', '/mutate': 'mutate' };

/**
 * The webhook's request listener. Reviews (POST /validate, POST /mutate, kube-apiserver appends `?timeout=…`) go
 * straight to the admission handler on node's request and response; everything else (probes, metrics, 404, 405) is
 * an express app. Measured on this machine, express's per-request set-up alone halved the throughput of a bare node
 * HTTPS server (docs/webhook.md), and the reviews are the only hot path.
 */
export function createWebhookApp(dependencies: WebhookAppDependencies): WebhookApp {
  const { logger, metrics } = dependencies;
  const state = dependencies.state ?? servingState();
  const serveReview = admissionHandler({
    facts: dependencies.facts, settings: dependencies.settings, logger, metrics, state,
    bodyLimit: dependencies.bodyLimit ?? DEFAULT_BODY_LIMIT, judge: dependencies.judge,
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((_request, response, next) => {
    if (state.draining) response.setHeader('Connection', 'close');
    next();
  });

  // The same handler for the spellings express also matches (`/Validate`, `/validate/`).
  for (const webhook of WEBHOOKS) {
    app.post(`/${webhook}`, (request, response, next) => {
      serveReview(webhook, request, response).catch(next);
    });
    app.all(`/${webhook}`, methodNotAllowed('POST'));
  }

  app.get('/healthz', (_request, response) => {
    response.type('text/plain').send('ok');
  });
  app.get('/readyz', (_request, response) => {
    const checks: string[] = [];
    const facts = dependencies.facts;
    const factsReady = facts.ready();
    checks.push(state.certificateLoaded ? '[+]certificate ok' : '[-]certificate not loaded');
    checks.push(factsReady ? '[+]cluster-facts ok' : '[-]cluster-facts not synced');
    for (const problem of facts.problems()) checks.push(`    ${problem}`);
    checks.push(state.draining ? '[-]shutdown draining' : '[+]shutdown ok');
    const ready = state.certificateLoaded && factsReady && !state.draining;
    checks.push(ready ? 'readyz check passed' : 'readyz check failed');
    response.status(ready ? 200 : 503).type('text/plain').send(`${checks.join('\n')}\n`);
  });
  app.get('/metrics', (_request, response) => {
    metrics.registry.metrics().then(
      (text) => { response.type(metrics.registry.contentType).send(text); },
      (error: unknown) => {
        logger.error({ err: error }, 'metrics could not be rendered');
        response.status(503).type('text/plain').send('metrics unavailable\n');
      },
    );
  });
  for (const path of ['/healthz', '/readyz', '/metrics']) app.all(path, methodNotAllowed('GET, HEAD'));

  app.use((request, response) => {
    metrics.badRequests.inc({ code: '404' });
    sendStatus(response, 404, `no route for ${request.method} ${request.path.slice(0, 200)}: use POST /validate or POST /mutate`);
  });

  // Only express itself can get here (say, a malformed URL): input never yields a 500.
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const status = (error as { status?: unknown }).status;
    const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
    logger.warn({ err: error }, 'request refused');
    metrics.badRequests.inc({ code: String(code) });
    sendStatus(response, code, 'the request could not be read');
  });

  function methodNotAllowed(allow: string) {
    return (request: Request, response: Response): void => {
      metrics.badRequests.inc({ code: '405' });
      response.setHeader('Allow', allow);
      sendStatus(response, 405, `method ${request.method} is not allowed on ${request.path}: use ${allow}`);
    };
  }

  return (request, response) => {
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const webhook = request.method === 'POST' ? HOT_PATHS[query === -1 ? url : url.slice(0, query)] : undefined;
    if (!webhook) {
      app(request, response);
      return;
    }
    serveReview(webhook, request, response).catch((error: unknown) => {
      // Unreachable by design (every input is a value); kept so a bug answers 400 instead of hanging the request.
      logger.error({ err: error }, 'review handler failed');
      if (!response.headersSent) sendStatus(response, 400, 'the request could not be read');
    });
  };
}
