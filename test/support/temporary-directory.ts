// Mocha root hooks (.mocharc.json `require`): the run gets a temporary directory of its own (TMPDIR, which os.tmpdir()
// and every child process read), and fails at the end if any test left something in it. Each test removes what it
// creates; this says which one did not. The directory itself is removed either way, so a failed run leaves nothing.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const runDirectory = mkdtempSync(path.join(tmpdir(), 'dualstack-webhook-run-'));
process.env.TMPDIR = runDirectory;

// tsx's compile cache (`tsx-<uid>`), made by a child the tests run through tsx (scripts/rule-catalog.ts): the loader's,
// not a test's; removed with the directory.
const LOADER_CACHE = /^tsx-\d+$/;

export const mochaHooks = {
  afterAll(): void {
    const left = readdirSync(runDirectory).filter((name) => !LOADER_CACHE.test(name));
    rmSync(runDirectory, { recursive: true, force: true });
    if (left.length > 0) {
      throw new Error(`the tests left ${left.length} entries in the temporary directory: ${left.join(', ')}`);
    }
  },
};
