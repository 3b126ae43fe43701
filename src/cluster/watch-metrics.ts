import { Counter, Gauge } from 'prom-client';

/**
 * Metrics of `serve --watch`, on prom-client's default registry so that the server's /metrics shows them next to its
 * own. Created once per process: the default registry refuses a second metric of the same name.
 */
const ageSources = new Map<string, () => number>();

export const factsAgeSeconds = new Gauge({
  name: 'dualstack_webhook_watch_facts_age_seconds',
  help: 'Seconds since the facts of a kind were last known current (0 while its watch is open; since start when never listed)',
  labelNames: ['kind'] as const,
  collect() {
    this.reset();
    for (const [kind, age] of ageSources) this.set({ kind }, age());
  },
});

export const watchRestarts = new Counter({
  name: 'dualstack_webhook_watch_restarts_total',
  help: 'Watches started again after they ended: closed by the server, dropped, an ERROR event, or 410 Gone',
  labelNames: ['kind', 'reason'] as const,
});

export const watchRelists = new Counter({
  name: 'dualstack_webhook_watch_relists_total',
  help: 'Lists made again after the initial one: after 410 Gone, or after the resource went missing (404)',
  labelNames: ['kind', 'reason'] as const,
});

/** Reports the age of a kind's facts at every scrape, until the returned function is called. */
export function trackFactsAge(kind: string, ageSeconds: () => number): () => void {
  ageSources.set(kind, ageSeconds);
  return () => {
    if (ageSources.get(kind) === ageSeconds) ageSources.delete(kind);
  };
}
