import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

export const GENERATE = path.join(PACKAGE_ROOT, 'certs', 'generate.sh');

export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs certs/generate.sh with these arguments (bash and openssl from PATH). */
export function runGenerate(args: readonly string[]): ScriptRun {
  const result = spawnSync('bash', [GENERATE, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function runOpenssl(args: readonly string[]): ScriptRun {
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
