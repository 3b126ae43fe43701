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

/** test/e2e/binaries/build.sh with `args`: the cache folder it prints last (it builds only what is missing). */
function builtFolder(args: readonly string[]): string {
  const script = path.join(PACKAGE_ROOT, 'test', 'e2e', 'binaries', 'build.sh');
  const built = spawnSync('bash', [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (exit ${built.status ?? built.signal})`);
  return built.stdout.trim().split('\n').at(-1) ?? '';
}

/**
 * kube-apiserver, kubectl and etcd: from KUBEBUILDER_ASSETS when set (the envtest convention, so setup-envtest users
 * reuse theirs), otherwise built once from the Go modules under test/e2e/binaries into a cache keyed by version.
 */
export function findKubeBinaries(): KubeBinaries {
  const assets = process.env.KUBEBUILDER_ASSETS;
  if (assets) return binariesIn(path.resolve(assets));
  return binariesIn(builtFolder([]));
}

/**
 * kube-controller-manager (envtest's assets have none): KUBE_CONTROLLER_MANAGER when set, otherwise built once from
 * the same kube module as kube-apiserver (`build.sh --controller-manager`), so both are the same release.
 */
export function findKubeControllerManager(): string {
  const binary = process.env.KUBE_CONTROLLER_MANAGER
    ? path.resolve(process.env.KUBE_CONTROLLER_MANAGER)
    : path.join(builtFolder(['--controller-manager']), 'kube-controller-manager');
  accessSync(binary, constants.X_OK);
  return binary;
}
