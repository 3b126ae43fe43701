import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runCommand } from './processes.js';

/**
 * The built command line, exactly what `npx dualstack-webhook` runs after `npm install`. `npm test` builds it first
 * (`pretest`): a process test then pays the CLI's own start-up, not a TypeScript compile per spawn.
 */
export const CLI = path.join(PACKAGE_ROOT, 'dist', 'src', 'cli', 'main.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout split into lines, without the final empty one. */
  readonly lines: string[];
}

/** Runs `dualstack-webhook <args>` as a real process from the package root, standard input and environment optional. */
export async function runCli(args: readonly string[], stdin = '', environment: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  const { code, stdout, stderr } = await runCommand(process.execPath, [CLI, ...args], {
    cwd: PACKAGE_ROOT, env: { ...process.env, ...environment },
  }, stdin);
  return { status: code, stdout, stderr, lines: stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n') };
}

/** Runs several CLI invocations, two at a time (the machine has two cores), keeping their order. */
export async function runCliMany(invocations: readonly (readonly string[])[]): Promise<CliRun[]> {
  const results: CliRun[] = new Array(invocations.length);
  let next = 0;
  const worker = async () => {
    while (next < invocations.length) {
      const index = next++;
      results[index] = await runCli(invocations[index] ?? []);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}
