import { Counter, Gauge, type Registry } from 'prom-client';

/** `audit --watch`'s metrics (docs/audit.md), on the registry its /metrics serves. */
export interface AuditMetrics {
  readonly findings: Gauge<'rule' | 'result'>;
  readonly writes: Counter<'operation'>;
  readonly writeErrors: Counter<'operation'>;
}

export function createAuditMetrics(registry: Registry): AuditMetrics {
  const registers = [registry];
  const metrics: AuditMetrics = {
    findings: new Gauge({
      name: 'dualstack_webhook_audit_findings',
      help: 'Report results now written, by rule ID (empty for pass) and result (fail, warn, pass).',
      labelNames: ['rule', 'result'] as const,
      registers,
    }),
    writes: new Counter({
      name: 'dualstack_webhook_audit_report_writes_total',
      help: 'Report writes made to the API: apply (server-side apply) or delete.',
      labelNames: ['operation'] as const,
      registers,
    }),
    writeErrors: new Counter({
      name: 'dualstack_webhook_audit_report_write_errors_total',
      help: 'Report writes the API refused or that failed; retried on the next change of the namespace.',
      labelNames: ['operation'] as const,
      registers,
    }),
  };
  // Shown at 0 from the start, so an alert on their rate has a series to read.
  for (const operation of ['apply', 'delete']) {
    metrics.writes.inc({ operation }, 0);
    metrics.writeErrors.inc({ operation }, 0);
  }
  return metrics;
}
