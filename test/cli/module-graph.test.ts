import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { runCli } from '../support/cli.js';

const RECORDER = path.join(PACKAGE_ROOT, 'test', 'support', 'record-modules.mjs');
const EXAMPLE = 'examples/dual-stack-cluster.yaml';

/** What `check`, `plan` and `manifests` must never load: the server side, and ajv's compiler (schemas are compiled at build time). */
const SERVER_SIDE = [
  /\/node_modules\/@kubernetes\/client-node\//, /\/node_modules\/express\//, /\/node_modules\/prom-client\//,
  /\/node_modules\/pino\//, /\/dist\/src\/server\//, /\/node_modules\/ajv\/dist\/(ajv|core|compile\/)/,
];

/** The modules (URLs and paths) the built CLI loads for `args`, and how it ended. */
async function modulesLoadedBy(args: readonly string[]): Promise<{ status: number | null; modules: string[] }> {
  const folder = mkdtempSync(path.join(tmpdir(), 'dualstack-webhook-modules-'));
  try {
    const file = path.join(folder, 'modules.txt');
    const run = await runCli(args, '', { RECORD_MODULES_FILE: file, NODE_OPTIONS: `--import=${RECORDER}` });
    return { status: run.status, modules: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Where the built CLI keeps a command: src/cli/<command>/<command>-command.ts, compiled. */
function commandModule(command: string): string {
  return `/dist/src/cli/${command}/${command}-command.js`;
}

function serverSide(modules: readonly string[]): string[] {
  return [...new Set(modules.filter((module) => SERVER_SIDE.some((pattern) => pattern.test(module))))];
}

describe('the CLI loads only what a command uses (the module graph of the built CLI)', () => {
  for (const args of [['check', EXAMPLE], ['check', '--each-file', 'examples/'], ['plan', EXAMPLE], ['manifests']]) {
    it(`${args.join(' ')} loads neither the Kubernetes client, express, prom-client, pino, src/server/ nor ajv's compiler`, async () => {
      const { status, modules } = await modulesLoadedBy(args);
      assert.notEqual(status, 2);
      assert.ok(modules.some((module) => module.includes(commandModule(args[0]!))), 'the recorder saw the command load');
      assert.deepEqual(serverSide(modules), []);
    });
  }

  it('--help loads main.js and nothing of the package beyond it', async () => {
    const { status, modules } = await modulesLoadedBy(['--help']);
    assert.equal(status, 0);
    const ours = modules.filter((module) => module.includes('/dist/') || module.includes('/node_modules/'));
    assert.deepEqual([...new Set(ours)].map((module) => module.slice(module.indexOf('/dist/'))), ['/dist/src/cli/main.js']);
  });

  it('serve --help does load the server side (the recorder sees what check must not load)', async () => {
    const { status, modules } = await modulesLoadedBy(['serve', '--help']);
    assert.equal(status, 0);
    for (const name of ['express', 'prom-client', 'pino']) {
      assert.ok(serverSide(modules).some((module) => module.includes(`/node_modules/${name}/`)), name);
    }
  });
});
