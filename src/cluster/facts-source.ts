import { type ClusterFacts } from '../rules/index.js';

/**
 * Where the webhook's cluster facts come from: a cluster configuration file, or the API with watches. The admission
 * path only ever calls `current()`, which must be a cheap in-memory read (no API calls while a review waits).
 */
export interface FactsSource {
  /** The facts as they are now. */
  current(): ClusterFacts;
  /** True once the facts have been loaded (every initial list landed, in watch mode). */
  ready(): boolean;
  /** Human-readable reasons the source is not fully ready, e.g. kinds with no facts (a missing CRD); for /readyz. */
  problems(): string[];
  stop(): Promise<void>;
}

/** Facts that never change: a file read once at start-up, or facts given by a test. */
export function staticFactsSource(facts: ClusterFacts): FactsSource {
  return {
    current: () => facts,
    ready: () => true,
    problems: () => [],
    stop: async () => {},
  };
}
