import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { renderVap } from '../../src/manifests/validating-admission-policies.js';
import { runCli, runCliMany } from '../support/cli.js';

describe('dualstack-webhook vap (the command)', function () {
  // Each case starts a real process; on a loaded two-core machine a start takes seconds.
  this.timeout(120_000);
  let folder: string;
  before(async () => { folder = await mkdtemp(path.join(os.tmpdir(), 'vap-cli-')); });
  after(async () => { await rm(folder, { recursive: true, force: true }); });

  it('prints the policies for 1.31 with Warn twins by default; the options reach the render; exit 0', async () => {
    const [plain, tuned] = await runCliMany([['vap'], ['vap', '--kube-minor', '35', '--no-warn-bindings', '--max-service-host-bits', '0']]);
    assert.equal(plain!.status, 0, plain!.stderr);
    assert.equal(plain!.stdout, renderVap({ kubeMinor: 31, maxServiceHostBits: 20, warnBindings: true }));
    assert.equal(tuned!.status, 0, tuned!.stderr);
    assert.equal(tuned!.stdout, renderVap({ kubeMinor: 35, maxServiceHostBits: 0, warnBindings: false }));
    assert.ok(tuned!.lines.includes('#   C-9: turned off by the settings (--max-service-host-bits 0)'));
  });

  it('--output FILE writes the same text and says what it covers', async () => {
    const file = path.join(folder, 'vap.yaml');
    const run = await runCli(['vap', '--output', file]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `wrote ${file}: covers 50 one-object rules and 5 param rules\n`);
    assert.equal(await readFile(file, 'utf8'), renderVap({ kubeMinor: 31, maxServiceHostBits: 20, warnBindings: true }));
  });

  it('refuses bad options with exit 2 and a message that names the option', async () => {
    const runs = await runCliMany([
      ['vap', '--kube-minor', '29'], ['vap', '--kube-minor', '1.31'], ['vap', '--warn-bindings', '--no-warn-bindings'],
      ['vap', '--max-service-host-bits', '129'], ['vap', '--output', path.join(folder, 'missing', 'vap.yaml')], ['vap', '--bogus'],
      ['vap', '--kube-minor', 'abc'], ['vap', '--kube-minor', '-1'], ['vap', '--kube-minor=-1'], ['vap', '--max-service-host-bits', '-1'],
      ['vap', '--output', folder],
    ]);
    const first = runs.map((run) => run.stderr.split('\n')[0]);
    assert.deepEqual(runs.map((run) => run.status), [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    assert.deepEqual(first, [
      'dualstack-webhook vap: --kube-minor 29: ValidatingAdmissionPolicy v1 needs Kubernetes 1.30 or later',
      'dualstack-webhook vap: --kube-minor: "1.31" is not a whole number',
      'dualstack-webhook vap: --warn-bindings and --no-warn-bindings exclude each other',
      'dualstack-webhook vap: --max-service-host-bits: 129 is outside 0..128',
      `dualstack-webhook vap: --output ${path.join(folder, 'missing', 'vap.yaml')}: cannot write it (ENOENT)`,
      "dualstack-webhook vap: Unknown option '--bogus'",
      'dualstack-webhook vap: --kube-minor: "abc" is not a whole number',
      "dualstack-webhook vap: Option '--kube-minor' argument is ambiguous; to give a value starting with a dash use '--kube-minor=-XYZ'",
      'dualstack-webhook vap: --kube-minor: -1 is outside 0..999',
      "dualstack-webhook vap: Option '--max-service-host-bits' argument is ambiguous; to give a value starting with a dash use '--max-service-host-bits=-XYZ'",
      `dualstack-webhook vap: --output ${folder}: cannot write it (EISDIR)`,
    ]);
    // A bad write is one line (no usage after it); a bad option is one line and the usage.
    assert.equal(runs[4]!.stderr, `dualstack-webhook vap: --output ${path.join(folder, 'missing', 'vap.yaml')}: cannot write it (ENOENT)\n`);
    assert.ok(runs.every((run, index) => index === 4 || index === 10 || run.stderr.split('\n')[1]!.startsWith('usage: dualstack-webhook vap ')));
    assert.ok(runs.every((run) => run.stdout === ''));
  });
});
