import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { type Logger } from 'pino';
import { type AdmissionRequest, decodeAdmissionReview, missingObjectOf, reviewResponse } from '../admission/admission-review.js';
import { type ReviewOutcome, type WebhookName, reviewAdmission } from '../admission/review.js';
import { type FactsSource } from '../cluster/facts-source.js';
import { type Settings } from '../rules/facts.js';
import { type Judgement } from '../rules/judgement.js';
import { type JudgeRequest } from '../rules/registry.js';
import { type WebhookMetrics } from './metrics.js';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './request-body.js';
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

const WEBHOOKS: readonly WebhookName[] = ['validate', 'mutate'];

/** The express app: admission routes, probes and metrics. It holds no socket, so supertest drives it directly. */
export function createWebhookApp(dependencies: WebhookAppDependencies): Express {
  const { logger, metrics } = dependencies;
  const state = dependencies.state ?? servingState();
  const bodyLimit = dependencies.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((request, response, next) => {
    // While draining, each connection closes after its current answer so clients reconnect to another replica.
    if (state.draining) response.setHeader('Connection', 'close');
    next();
  });

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

  async function serveReview(webhook: WebhookName, request: Request, response: Response): Promise<void> {
    const started = process.hrtime.bigint();
    metrics.inFlight.inc({ webhook });
    response.once('close', () => metrics.inFlight.dec({ webhook }));
    const body = await readJsonBody(request, bodyLimit);
    if (!body.ok) {
      // An unread body is left on the socket: the connection cannot carry another request.
      if (body.code === 413) response.setHeader('Connection', 'close');
      refuse(response, body.code, body.message);
      return;
    }
    const decoded = decodeAdmissionReview(body.value);
    if (!decoded.ok) {
      refuse(response, 400, decoded.reason);
      return;
    }
    const missing = missingObjectOf(decoded.request);
    if (missing) {
      refuse(response, 400, missing);
      return;
    }
    const { request: review } = decoded;
    const outcome = reviewAdmission(review, webhook, {
      facts: dependencies.facts.current(),
      settings: dependencies.settings,
      ...(dependencies.judge ? { judge: dependencies.judge } : {}),
    });
    response.type('application/json').send(JSON.stringify(reviewResponse(outcome.response)));
    record(webhook, review, outcome, started);
  }

  function refuse(response: Response, code: 400 | 413 | 415, message: string): void {
    metrics.badRequests.inc({ code: String(code) });
    logger.debug({ code, reason: message }, 'bad request');
    sendStatus(response, code, message);
  }

  function record(webhook: WebhookName, review: AdmissionRequest, outcome: ReviewOutcome, started: bigint): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const labels = { webhook, kind: outcome.kind, operation: review.operation, decision: outcome.decision };
    metrics.requests.inc(labels);
    metrics.latency.observe(labels, seconds);
    for (const rule of outcome.denied) metrics.ruleHits.inc({ webhook, rule, effect: 'deny' });
    for (const rule of outcome.warned) metrics.ruleHits.inc({ webhook, rule, effect: 'warn' });
    const { group, kind } = review.kind;
    const line = {
      uid: review.uid, webhook, kind: group ? `${kind}.${group}` : kind, namespace: review.namespace,
      name: outcome.name, operation: review.operation, dryRun: review.dryRun,
      decision: outcome.decision, allowed: outcome.response.allowed, denied: outcome.denied, warned: outcome.warned,
      durationMs: Math.round(seconds * 1e6) / 1e3,
    };
    if (outcome.error !== undefined) {
      metrics.internalErrors.inc({ webhook, kind: outcome.kind });
      logger.error({ ...line, err: outcome.error }, 'rule raised an internal error; request denied');
    } else {
      logger.info(line, 'review');
    }
  }

  return app;
}
