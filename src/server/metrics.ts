import { Counter, Gauge, Histogram, type Registry, register } from 'prom-client';

/**
 * The webhook's Prometheus metrics. They live on prom-client's default registry unless a test passes its own, so other
 * modules' metrics (facts age in watch mode) appear on the same /metrics page.
 */
export interface WebhookMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'webhook' | 'kind' | 'operation' | 'decision'>;
  readonly latency: Histogram<'webhook' | 'kind' | 'operation' | 'decision'>;
  readonly inFlight: Gauge<'webhook'>;
  readonly ruleHits: Counter<'webhook' | 'rule' | 'effect'>;
  readonly existingViolations: Counter<'webhook' | 'rule'>;
  readonly internalErrors: Counter<'webhook' | 'kind'>;
  readonly badRequests: Counter<'code'>;
  readonly certificateExpiry: Gauge;
  readonly certificateReloads: Counter<'result'>;
}

// controller-runtime's webhook latency buckets are Prometheus' defaults; ours start lower since a review takes ~100 µs.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A metric of that name already on the registry, or a new one: several apps (tests) may share the default registry. */
function reuse<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function createWebhookMetrics(registry: Registry = register): WebhookMetrics {
  const registers = [registry];
  return {
    registry,
    requests: reuse(registry, 'dualstack_webhook_requests_total', () => new Counter({
      name: 'dualstack_webhook_requests_total',
      help: 'Admission reviews answered, by webhook, kind, operation and decision.',
      labelNames: ['webhook', 'kind', 'operation', 'decision'] as const,
      registers,
    })),
    latency: reuse(registry, 'dualstack_webhook_request_duration_seconds', () => new Histogram({
      name: 'dualstack_webhook_request_duration_seconds',
      help: 'Time from a review\'s body being read to its answer being written, in seconds.',
      labelNames: ['webhook', 'kind', 'operation', 'decision'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    })),
    inFlight: reuse(registry, 'dualstack_webhook_requests_in_flight', () => new Gauge({
      name: 'dualstack_webhook_requests_in_flight',
      help: 'Admission reviews being served right now.',
      labelNames: ['webhook'] as const,
      registers,
    })),
    ruleHits: reuse(registry, 'dualstack_webhook_rule_hits_total', () => new Counter({
      name: 'dualstack_webhook_rule_hits_total',
      help: 'Causes (effect="deny") and warnings (effect="warn") answered, by rule ID (docs/rules.md).',
      labelNames: ['webhook', 'rule', 'effect'] as const,
      registers,
    })),
    existingViolations: reuse(registry, 'dualstack_webhook_existing_violations_total', () => new Counter({
      name: 'dualstack_webhook_existing_violations_total',
      help: 'Causes an UPDATE kept from its old object, answered as warnings instead of denials (docs/rules.md D19), by rule ID.',
      labelNames: ['webhook', 'rule'] as const,
      registers,
    })),
    internalErrors: reuse(registry, 'dualstack_webhook_internal_errors_total', () => new Counter({
      name: 'dualstack_webhook_internal_errors_total',
      help: 'Reviews denied because a rule threw (a bug: see the log line with the uid).',
      labelNames: ['webhook', 'kind'] as const,
      registers,
    })),
    badRequests: reuse(registry, 'dualstack_webhook_bad_requests_total', () => new Counter({
      name: 'dualstack_webhook_bad_requests_total',
      help: 'Requests refused before review (400, 404, 405, 413, 415), by HTTP status.',
      labelNames: ['code'] as const,
      registers,
    })),
    certificateExpiry: reuse(registry, 'dualstack_webhook_certificate_expiry_timestamp_seconds', () => new Gauge({
      name: 'dualstack_webhook_certificate_expiry_timestamp_seconds',
      help: 'notAfter of the serving certificate in use, as a Unix timestamp.',
      registers,
    })),
    certificateReloads: reuse(registry, 'dualstack_webhook_certificate_reloads_total', () => new Counter({
      name: 'dualstack_webhook_certificate_reloads_total',
      help: 'Serving certificate reloads after the files changed, by result (success, error).',
      labelNames: ['result'] as const,
      registers,
    })),
  };
}
