// PLACEHOLDER until `serve --watch` lands.
import { type FactsSource } from './facts-source.js';

export interface WatchOptions {
  /** A kubeconfig file; in-cluster configuration when undefined. */
  readonly kubeconfig?: string | undefined;
}

export async function startWatchFactsSource(options: WatchOptions): Promise<FactsSource> {
  throw new Error(`--watch is not available yet (kubeconfig ${options.kubeconfig ?? 'in-cluster'})`);
}
