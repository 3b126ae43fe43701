import { spawn } from 'node:child_process';
import { PACKAGE_ROOT } from '../../src/paths.js';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout split into lines, without the final empty one. */
  readonly lines: string[];
}

/** Runs `dualstack-webhook <args>` as a real process from the package root (tsx, no build needed). */
export function runCli(args: readonly string[], stdin = '', environment: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: PACKAGE_ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...environment },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const text = Buffer.concat(stdout).toString('utf8');
      resolve({
        status,
        stdout: text,
        stderr: Buffer.concat(stderr).toString('utf8'),
        lines: text === '' ? [] : text.replace(/\n$/, '').split('\n'),
      });
    });
    child.stdin.end(stdin);
  });
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
