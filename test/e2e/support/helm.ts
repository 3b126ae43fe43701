import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { makeScratchFolder } from './control-plane.js';
import { type CommandResult, runCommand } from '../../support/processes.js';

/** charts/dualstack-webhook as the README's commands name it, run from the package root. */
export const CHART = './charts/dualstack-webhook';

/**
 * The helm binary: HELM when set (a helm v4 of your own), otherwise built once from its Go module
 * (test/e2e/binaries/build-helm.sh) into the cache beside kube-apiserver.
 */
export function findHelm(): string {
  const given = process.env.HELM;
  if (given) {
    accessSync(given, constants.X_OK);
    return path.resolve(given);
  }
  const script = path.join(PACKAGE_ROOT, 'test', 'e2e', 'binaries', 'build-helm.sh');
  const built = spawnSync('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`${script} failed (exit ${built.status ?? built.signal})`);
  const binary = built.stdout.trim().split('\n').at(-1) ?? '';
  accessSync(binary, constants.X_OK);
  return binary;
}

export interface Helm {
  /** A scratch folder of the test's own (values files), removed by close(). */
  readonly folder: string;
  /** helm with `args`, from the package root, against the kubeconfig; its output and exit code. */
  run(args: readonly string[]): Promise<CommandResult>;
  /** Every command run so far, as shapeOf gives it. */
  commands(): string[];
  /** Removes helm's own folders (config, cache, data). */
  close(): Promise<void>;
}

/**
 * helm against one kube-apiserver. Its config, cache and data folders are a scratch folder of the test, so no user
 * repository, plugin or kubeconfig of the machine leaks in, and nothing is left behind.
 */
export async function helmFor(binary: string, kubeconfig: string): Promise<Helm> {
  const home = await makeScratchFolder('helm');
  const folders = { HELM_CONFIG_HOME: 'config', HELM_CACHE_HOME: 'cache', HELM_DATA_HOME: 'data' };
  for (const name of Object.values(folders)) await mkdir(path.join(home, name));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    KUBECONFIG: kubeconfig,
    ...Object.fromEntries(Object.entries(folders).map(([variable, name]) => [variable, path.join(home, name)])),
  };
  const shapes: string[] = [];
  const folder = path.join(home, 'work');
  await mkdir(folder);
  return {
    folder,
    run: (args) => {
      shapes.push(shapeOf(['helm', ...args]));
      return runCommand(binary, args, { env, cwd: PACKAGE_ROOT });
    },
    commands: () => [...shapes],
    close: () => rm(home, { recursive: true, force: true }),
  };
}

/**
 * A helm command line without its values: the subcommand, arguments and option names are kept, a file after -f and
 * the value of --set KEY=VALUE are dropped. The README's commands and the tests' are compared in this shape.
 */
export function shapeOf(words: readonly string[]): string {
  const shape: string[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (word === '-f' || word === '--values') {
      shape.push(word, 'FILE');
      index += 1;
    } else if ((word === '--set' || word === '--set-string') && index + 1 < words.length) {
      shape.push(word, `${words[index + 1]!.split('=')[0]}=VALUE`);
      index += 1;
    } else {
      shape.push(word);
    }
  }
  return shape.join(' ');
}
