// `npm run bench`: every benchmark of docs/webhook.md and docs/check.md in one run on this machine, reported as ratios against baselines
// measured in the same run. `npm run bench -- startup` runs only the start-up arm (no wrk needed).
import { runCheckBench } from './check-bench.js';
import { runStartupBench } from './startup-bench.js';
import { runWebhookBench } from './webhook-bench.js';
import { wrkMissing } from './wrk.js';

const only = process.argv[2];
if (only !== undefined && only !== 'startup') {
  process.stderr.write(`bench: unknown part "${only}" (give none for every part, or startup)\n`);
  process.exit(2);
}
// Said before the offline part runs, not minutes later.
const missing = only === undefined ? wrkMissing() : undefined;
if (missing) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}
await runStartupBench();
if (only === undefined) {
  await runCheckBench();
  await runWebhookBench();
}
