import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.js';
import { freePort } from '../../support/processes.js';
import { FakeKubeApiServer } from '../../cluster/fake-kube-api-server.js';

describe('dualstack-webhook audit (process): the API cannot be read ⇒ exit 2 with one clear line', () => {
  it('a kubeconfig that is not there', async () => {
    const run = await runCli(['audit', '--kubeconfig', '/nonexistent/kubeconfig']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, "dualstack-webhook audit: --kubeconfig /nonexistent/kubeconfig: ENOENT: no such file or directory, open '/nonexistent/kubeconfig'\n");
  });

  it('a kubeconfig that is not YAML: the parser\'s first line, not its frame of the file', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'audit-'));
    const file = path.join(folder, 'kubeconfig');
    writeFileSync(file, 'garbage: [\n');
    let run;
    try {
      run = await runCli(['audit', '--kubeconfig', file]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `dualstack-webhook audit: --kubeconfig ${file}: unexpected end of the stream within a flow collection (2:1)\n`);
  });

  it('a kubeconfig whose server does not answer', async () => {
    const port = await freePort();
    const folder = mkdtempSync(path.join(tmpdir(), 'audit-'));
    const file = path.join(folder, 'kubeconfig');
    writeFileSync(file, [
      'apiVersion: v1', 'kind: Config', 'current-context: c',
      `clusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      'contexts: [{name: c, context: {cluster: c, user: u}}]', 'users: [{name: u, user: {token: t}}]', '',
    ].join('\n'));
    let run;
    try {
      run = await runCli(['audit', '--kubeconfig', file]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, new RegExp(`^dualstack-webhook audit: cannot read the API: cannot list \\S+: request to https://127\\.0\\.0\\.1:${port}/\\S+ failed, reason: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\n$`));
  });

  it('bad usage', async () => {
    const run = await runCli(['audit', '--reports', 'kyverno']);
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'dualstack-webhook audit: --reports: "kyverno" is not one of auto, openreports, policyreport, none (see --help)\n');
  });
});

describe('dualstack-webhook audit (process): against a small API server', () => {
  let fake: FakeKubeApiServer | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  it('a list the API refuses (403) ⇒ exit 2 with the kind and the API\'s answer', async () => {
    fake = await FakeKubeApiServer.start();
    fake.failLists('nodepools', 403, 1000);
    const run = await runCli(['audit', '--kubeconfig', fake.kubeconfigPath, '--reports', 'none']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'dualstack-webhook audit: cannot read the API: cannot list nodepools: HTTP 403: fake failure 403\n');
  });

  it('--output to a file that cannot be written ⇒ exit 2 with one line, no stack trace', async () => {
    fake = await FakeKubeApiServer.start();
    const run = await runCli(['audit', '--kubeconfig', fake.kubeconfigPath, '--reports', 'none', '--output', 'json=/nonexistent/audit.json']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, "dualstack-webhook audit: ENOENT: no such file or directory, open '/nonexistent/audit.json'\n");
  });
});

describe('dualstack-webhook audit --watch (process): its port taken ⇒ exit 2 with one line', () => {
  it('--port of a listening server', async () => {
    const fake = await FakeKubeApiServer.start();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    let run;
    try {
      run = await runCli(['audit', '--watch', '--kubeconfig', fake.kubeconfigPath, '--reports', 'none', '--output', 'json=/dev/null',
        '--host', '127.0.0.1', '--port', String(port), '--log-level', 'error']);
    } finally {
      taken.close();
      await fake.stop();
    }
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `dualstack-webhook audit: --port ${port}: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n`);
  });
});
