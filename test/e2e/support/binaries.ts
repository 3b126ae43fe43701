import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../../src/paths.js';

export interface KubeBinaries {
  readonly folder: string;
  readonly kubeApiServer: string;
  readonly kubectl: string;
  readonly etcd: string;
}

const NAMES = ['kube-apiserver', 'kubectl', 'etcd'] as const;

function binariesIn(folder: string): KubeBinaries {
  const missing = NAMES.filter((name) => {
    try {
      accessSync(path.join(folder, name), constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) throw new Error(`${folder}: no executable ${missing.join(', ')}`);
  return {
    folder,
    kubeApiServer: path.join(folder, 'kube-apiserver'),
    kubectl: path.join(folder, 'kubectl'),
    etcd: path.join(folder, 'etcd'),
  };
}

/**
 * kube-apiserver, kubectl and etcd: from KUBEBUILDER_ASSETS when set (the envtest convention, so setup-envtest users
 * reuse theirs), otherwise built once from the Go modules under test/e2e/binaries into a cache keyed by version.
 */
export function findKubeBinaries(): KubeBinaries {
  const assets = process.env.KUBEBUILDER_ASSETS;
  if (assets) return binariesIn(path.resolve(assets));
  const script = path.join(PACKAGE_ROOT, 'test', 'e2e', 'binaries', 'build.sh');
  const built = spawnSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`${script} failed (exit ${built.status ?? built.signal})`);
  const folder = built.stdout.trim().split('\n').at(-1) ?? '';
  return binariesIn(folder);
}
