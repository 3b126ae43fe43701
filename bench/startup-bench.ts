// `npm run bench`, start-up part (issue 17): what one CLI run costs next to starting Node itself. `check` runs in
// pre-commit hooks and editors once per file; its start-up is most of its time. Each command is timed in alternating
// runs with a bare `node -e 0`, so drift (other load, caches) hits both alike; medians, ratios and absolute times.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PACKAGE_ROOT } from '../src/paths.js';
import { buildWebhook } from './webhook-bench.js';

const ROUNDS = Number(process.env.DUALSTACK_BENCH_STARTUP_ROUNDS ?? 20);
const WARM_UP = 2;

interface Arm {
  readonly name: string;
  readonly args: readonly string[];
  /** The aim as a ratio to the bare Node start (issue 17), when there is one. */
  readonly aim?: number;
}

const ARMS: readonly Arm[] = [
  { name: 'check one file', args: ['check', 'examples/dual-stack-cluster.yaml'], aim: 2 },
  { name: 'check --each-file examples/', args: ['check', '--each-file', 'examples/'] },
  { name: 'plan one file', args: ['plan', 'examples/dual-stack-cluster.yaml'] },
  { name: '--help', args: ['--help'], aim: 1.5 },
];

/** Wall time of one run, in milliseconds; output discarded (as a hook that reads only the exit status). */
function timeRun(args: readonly string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: 'ignore' });
  const elapsed = performance.now() - start;
  if (run.error) throw run.error;
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function runStartupBench(): Promise<void> {
  const main = await buildWebhook();
  const out = process.stdout;
  out.write(`\nstart-up benchmark: the built CLI against \`node -e 0\`, median wall time of ${ROUNDS} alternating runs each `
    + `(after ${WARM_UP} warm-up), node ${process.version}\n`);
  out.write(`  ${'command'.padEnd(30)} ${'time'.padStart(8)} ${'node -e 0'.padStart(10)} ${'ratio'.padStart(6)}  aim\n`);
  for (const arm of ARMS) {
    const command: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      const bareTime = timeRun(['-e', '0']);
      const commandTime = timeRun([main, ...arm.args]);
      if (round < WARM_UP) continue;
      bare.push(bareTime);
      command.push(commandTime);
    }
    const ratio = median(command) / median(bare);
    const aim = arm.aim === undefined ? '' : `<= ${arm.aim}x ${ratio <= arm.aim ? 'met' : 'NOT met'}`;
    out.write(`  ${arm.name.padEnd(30)} ${`${median(command).toFixed(0)} ms`.padStart(8)} ${`${median(bare).toFixed(0)} ms`.padStart(10)} `
      + `${`${ratio.toFixed(2)}x`.padStart(6)}  ${aim}\n`);
  }
}
