// The benchmark's load generator: Debian's `wrk` (C, epoll), a separate process, so the load does not compete with
// the measured servers for a Node event loop, and at one thread it leaves the second core of a 2-core machine to them.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export const WRK = '/usr/bin/wrk';

/** Why the benchmark cannot run here, or undefined. */
export function wrkMissing(): string | undefined {
  if (existsSync(WRK)) return undefined;
  return `npm run bench needs wrk (${WRK}), the load generator it measures with: install it with 'apt-get install wrk'`;
}

// POSTs the body file to every request; at the end prints one JSON line (latencies in microseconds).
const SCRIPT = `
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nBENCH {"requests":%d,"durationUs":%d,"socketErrors":%d,"badStatus":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
`;

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly socketErrors: number;
  /** Answers other than 2xx/3xx. */
  readonly badStatus: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface WrkRun {
  readonly url: string;
  readonly bodyFile: string;
  readonly connections: number;
  readonly seconds: number;
}

/** Writes the Lua script beside the bodies; returns its path. */
export async function writeWrkScript(folder: string): Promise<string> {
  const file = path.join(folder, 'post-body.lua');
  await writeFile(file, SCRIPT);
  return file;
}

export function runWrk(script: string, run: WrkRun): Promise<WrkResult> {
  const args = ['--threads', '1', '--connections', String(run.connections), '--duration', `${run.seconds}s`,
    '--timeout', '10s', '--script', script, run.url];
  return new Promise((resolve, reject) => {
    execFile(WRK, args, { env: { ...process.env, BENCH_BODY_FILE: run.bodyFile } }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`wrk ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        return;
      }
      const line = /^BENCH (\{.*\})$/m.exec(stdout)?.[1];
      if (!line) {
        reject(new Error(`wrk printed no result:\n${stdout}\n${stderr}`));
        return;
      }
      const parsed = JSON.parse(line) as {
        requests: number; durationUs: number; socketErrors: number; badStatus: number; p50Us: number; p99Us: number;
      };
      resolve({
        requests: parsed.requests, seconds: parsed.durationUs / 1e6, socketErrors: parsed.socketErrors,
        badStatus: parsed.badStatus, p50Ms: parsed.p50Us / 1e3, p99Ms: parsed.p99Us / 1e3,
      });
    });
  });
}
