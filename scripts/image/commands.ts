import { spawnSync } from 'node:child_process';

/** Runs a build step to its end and returns its stdout; a failure throws with what the tool said. */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const result = spawnSync(command, args, {
    cwd: options.cwd, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(missing ? `${command} not found: ${installHint(command)}` : `${command}: ${result.error.message}`);
  }
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}:\n${result.stderr.trim() || result.stdout.trim()}`);
  }
  return result.stdout;
}

function installHint(command: string): string {
  const debian: Record<string, string> = { umoci: 'umoci', tar: 'tar', ldd: 'libc-bin', 'dpkg-query': 'dpkg', git: 'git' };
  return debian[command] ? `install it (Debian: apt-get install ${debian[command]})` : 'is it on PATH?';
}
