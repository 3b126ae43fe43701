import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type Logger } from 'pino';
import { type AdmissionRequest, decodeAdmissionReview, missingObjectOf, reviewResponse } from '../admission/admission-review.js';
import { type ReviewOutcome, type WebhookName, reviewAdmission } from '../admission/review.js';
import { type FactsSource } from '../cluster/facts-source.js';
import { type Judgement, type JudgeRequest, type Settings } from '../rules/index.js';
import { type WebhookMetrics } from './metrics.js';
import { refuseUnreadBody } from './lingering-close.js';
import { readJsonBody } from './request-body.js';
import { type ServingState } from './serving-state.js';
import { sendJson, sendStatus } from './status-response.js';

export interface AdmissionHandlerDependencies {
  readonly facts: FactsSource;
  readonly settings: Settings;
  readonly logger: Logger;
  readonly metrics: WebhookMetrics;
  readonly state: ServingState;
  readonly bodyLimit: number;
  readonly judge?: ((request: JudgeRequest) => Judgement) | undefined;
}

/**
 * POST /validate and /mutate on node's own request and response: body → AdmissionReview → rules → answer, one log
 * line (allowed reviews at debug, every other decision at info, docs/webhook.md `--log-level`) and the metrics. Never throws for any input; bad requests are answered with a Status.
 */
export function admissionHandler(dependencies: AdmissionHandlerDependencies) {
  const { logger, metrics, state } = dependencies;

  async function refuse(request: IncomingMessage, response: ServerResponse, code: 400 | 413 | 415, message: string): Promise<void> {
    metrics.badRequests.inc({ code: String(code) });
    logger.debug({ code, reason: message }, 'bad request');
    // An over-size body is left unread: the connection cannot carry another request, and closes once the rest is read.
    if (code === 413) await refuseUnreadBody(request, response, code, message);
    else sendStatus(response, code, message);
  }

  function record(webhook: WebhookName, review: AdmissionRequest, outcome: ReviewOutcome, started: bigint): void {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const labels = { webhook, kind: outcome.kind, operation: review.operation, decision: outcome.decision };
    metrics.requests.inc(labels);
    metrics.latency.observe(labels, seconds);
    for (const rule of outcome.denied) metrics.ruleHits.inc({ webhook, rule, effect: 'deny' });
    for (const rule of outcome.warned) metrics.ruleHits.inc({ webhook, rule, effect: 'warn' });
    for (const rule of outcome.existing ?? []) metrics.existingViolations.inc({ webhook, rule });
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
    } else if (outcome.decision === 'allowed') {
      // Most reviews of a busy cluster: at info they would flood the log (the metrics above still count them).
      logger.debug(line, 'review');
    } else {
      logger.info(line, 'review');
    }
  }

  return async function serveReview(webhook: WebhookName, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    metrics.inFlight.inc({ webhook });
    response.once('close', () => metrics.inFlight.dec({ webhook }));
    const body = await readJsonBody(request, dependencies.bodyLimit);
    // While draining, each connection closes after its answer so the client reconnects to another replica.
    if (state.draining) response.setHeader('Connection', 'close');
    if (!body.ok) return refuse(request, response, body.code, body.message);
    const decoded = decodeAdmissionReview(body.value);
    if (!decoded.ok) return refuse(request, response, 400, decoded.reason);
    const missing = missingObjectOf(decoded.request);
    if (missing) return refuse(request, response, 400, missing);
    const review = decoded.request;
    const outcome = reviewAdmission(review, webhook, {
      facts: dependencies.facts.current(),
      settings: dependencies.settings,
      judge: dependencies.judge,
    });
    sendJson(response, 200, reviewResponse(outcome.response));
    record(webhook, review, outcome, started);
  };
}
