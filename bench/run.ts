// `npm run bench`: every benchmark of docs/webhook.md in one run on this machine, reported as ratios against baselines
// measured in the same run.
import { runCheckBench } from './check-bench.js';
import { runWebhookBench } from './webhook-bench.js';
import { wrkMissing } from './wrk.js';

// Said before the offline part runs, not minutes later.
const missing = wrkMissing();
if (missing) {
  process.stderr.write(`${missing}\n`);
  process.exit(1);
}
await runCheckBench();
await runWebhookBench();
