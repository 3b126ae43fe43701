// `npm run bench`: every benchmark of SPEC.md in one run on this machine, reported as ratios against baselines
// measured in the same run.
import { runCheckBench } from './check-bench.js';
import { runWebhookBench } from './webhook-bench.js';

await runCheckBench();
await runWebhookBench();
