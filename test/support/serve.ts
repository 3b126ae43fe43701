import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { CLI } from './cli.js';
import { type ManagedProcess, startProcess } from './processes.js';

/** The real `dualstack-webhook serve`: a managed process whose JSON log lines (stdout) are parsed as they come. */
export interface ServeProcess extends ManagedProcess {
  readonly lines: Record<string, unknown>[];
  stderr(): string;
  /** Resolves once stderr matches. */
  waitForStderr(pattern: RegExp): Promise<string>;
  /** Resolves with the first JSON log line that matches (already seen or still to come). */
  waitForLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

/**
 * The built `dualstack-webhook serve <args>` in its own process (stopped at the end of the run whatever happens, as
 * every managed process), its JSON log lines collected from stdout. The unit tests and the end-to-end tests start it
 * this one way.
 */
export function spawnServe(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; logFile?: string } = {}): ServeProcess {
  return serveProcessOf(startProcess('dualstack-webhook', process.execPath, [CLI, 'serve', ...args], {
    cwd: options.cwd ?? PACKAGE_ROOT, ...(options.env ? { env: options.env } : {}), ...(options.logFile ? { logFile: options.logFile } : {}),
  }));
}

/** A `serve` started some other way (the container image's entrypoint), its log lines collected the same way. */
export function serveProcessOf(managed: ManagedProcess): ServeProcess {
  const { child, exited } = managed;
  const lines: Record<string, unknown>[] = [];
  const waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  let errorText = '';
  const stderrWaiters: { pattern: RegExp; resolve: (text: string) => void }[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    errorText += chunk.toString('utf8');
    for (const waiter of [...stderrWaiters]) {
      if (waiter.pattern.test(errorText)) {
        stderrWaiters.splice(stderrWaiters.indexOf(waiter), 1);
        waiter.resolve(errorText);
      }
    }
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      line = { unparsed: text };
    }
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.match(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  return {
    ...managed,
    lines,
    stderr: () => errorText,
    waitForStderr(pattern) {
      if (pattern.test(errorText)) return Promise.resolve(errorText);
      return new Promise((resolve, reject) => {
        stderrWaiters.push({ pattern, resolve });
        void exited.then(({ code }) => reject(new Error(`serve exited (${code}) before stderr matched ${pattern}; stderr: ${errorText}`)));
      });
    },
    waitForLine(match) {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ match, resolve });
        void exited.then(({ code }) => reject(new Error(`serve exited (${code}) before the line came; stderr: ${errorText}`)));
      });
    },
  };
}

export async function listeningPort(serve: ServeProcess): Promise<number> {
  const line = await serve.waitForLine((entry) => entry.msg === 'listening');
  return Number(line.port);
}
