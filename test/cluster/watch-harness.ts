import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { yamlObjects } from '../support/yaml.js';
import { startWatchFactsSource, type WatchFactsSource, type WatchTiming } from '../../src/cluster/watch-facts-source.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { type FakeKubeApiServer, type StoredObject } from './fake-kube-api-server.js';
import { type LogLine, recordingLogger } from './recording-logger.js';

/** Short delays so that retries happen within a test; the order of events, not their timing, is what tests assert. */
export const FAST_TIMING: Partial<WatchTiming> = {
  initialBackoffMs: 10,
  maxBackoffMs: 40,
  missingRetryMs: 30,
  healthyWatchMs: 20,
};

export interface Watching {
  readonly source: WatchFactsSource;
  readonly log: LogLine[];
}

export async function startWatching(fake: FakeKubeApiServer, timing: Partial<WatchTiming> = {}): Promise<Watching> {
  const logger = recordingLogger();
  const source = await startWatchFactsSource({ kubeconfig: fake.kubeconfigPath, logger, timing: { ...FAST_TIMING, ...timing } });
  return { source, log: logger.lines };
}

/** The documents of a YAML file under examples/ or test/fixtures/, by kind. */
export function documentsOf(relativePath: string): StoredObject[] {
  const file = join(PACKAGE_ROOT, relativePath);
  return yamlObjects<StoredObject>(readFileSync(file, 'utf8'), file);
}

export function documentOf(relativePath: string, kind: string): StoredObject {
  const found = documentsOf(relativePath).find((document) => document.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} in ${relativePath}`);
  return structuredClone(found);
}
