import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PACKAGE_ROOT } from '../../../src/paths.js';

const MAIN = path.join(PACKAGE_ROOT, 'src', 'cli', 'main.ts');
// Absolute, so the process can run from any folder (a fresh checkout's cwd in the dev-certificate test).
const TSX = import.meta.resolve('tsx');

export interface ServeProcess {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  stderr(): string;
  /** Resolves once stderr matches. */
  waitForStderr(pattern: RegExp): Promise<string>;
  /** Resolves with the first JSON log line that matches (already seen or still to come). */
  waitForLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The real `dualstack-webhook serve` in its own process, its JSON log lines collected from stdout. */
export function spawnServe(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): ServeProcess {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'serve', ...args], {
    cwd: options.cwd ?? PACKAGE_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
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
    exited,
  };
}

export async function listeningPort(serve: ServeProcess): Promise<number> {
  const line = await serve.waitForLine((entry) => entry.msg === 'listening');
  return Number(line.port);
}
