import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { startRegisteredWebhook, stopRegisteredWebhook } from './support/admission.js';
import { makeScratchFolder } from './support/control-plane.js';
import { e2e } from './support/environment.js';
import { runKubectl } from './support/kubectl.js';
import { type RunningWebhook } from './support/webhook.js';

// The kubectl outputs in the install guide, captured here from the real kube-apiserver and kubectl: each
// transcript must appear verbatim in docs/install.md. `DUALSTACK_E2E_PRINT_README=1 npm run test:e2e` prints them.
const FILES: Record<string, string> = {
  'bad-service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: bad-service
spec:
  selector:
    app: try-dual-stack
  type: ClusterIP
  ipFamilyPolicy: SingleStack
  ipFamilies:
  - IPv6
  - IPv4
  ports:
  - port: 80
    targetPort: 8080
`,
  'two-ips.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ipFamilyPolicy: SingleStack
  clusterIP: 172.16.0.10
  clusterIPs: [172.16.0.10, fd12::5:10]
  ipFamilies: [IPv4, IPv6]
  ports:
  - port: 80
`,
  'ip-outside-range.yaml': `apiVersion: v1
kind: Service
metadata:
  name: ip-outside-range
spec:
  ipFamilyPolicy: SingleStack
  clusterIP: 10.96.0.10
  ports:
  - port: 80
`,
  'cluster.yaml': readFileSync(path.join(PACKAGE_ROOT, 'examples', 'dual-stack-cluster.yaml'), 'utf8')
    .replace(/\bcluster-dual-stack\b/g, 'readme-cluster').split('\n---\n').slice(0, 2).join('\n---\n'),
};

describe('e2e: the install guide\'s kubectl outputs, captured from the real apiserver', function () {
  this.timeout(120_000);
  let webhook: RunningWebhook | undefined;
  let folder = '';
  const transcript: string[] = [];

  async function run(command: string, comment = ''): Promise<void> {
    // examples/ is read from the repository; everything else from the scratch folder.
    const args = command.split(' ').slice(1).map((arg) => (arg.startsWith('examples/') ? path.join(PACKAGE_ROOT, arg) : arg));
    const result = await runKubectl(e2e().binaries.kubectl, e2e().api.kubeconfigFile, args, undefined, folder);
    transcript.push(`$ ${command}${comment}`, ...`${result.stdout}${result.stderr}`.split('\n').filter(Boolean));
    if (result.code !== 0) transcript.push('$ echo $?', String(result.code));
  }

  before(async () => {
    webhook = await startRegisteredWebhook(['--cluster-config', path.join(PACKAGE_ROOT, 'examples', 'dual-stack-cluster.yaml')]);
    folder = await makeScratchFolder('readme');
    for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(folder, name), text);
  });
  after(async () => {
    await stopRegisteredWebhook(webhook);
    await rm(folder, { recursive: true, force: true });
  });

  it('walkthrough, several causes, a cluster IP outside the range, and the webhook down: as docs/install.md shows them', async () => {
    await run('kubectl apply -f examples/my-deployment.yaml');
    await run('kubectl apply -f examples/my-cip-service.yaml');
    await run('kubectl apply -f bad-service.yaml');
    await run('kubectl apply -f two-ips.yaml', '     # SingleStack, clusterIPs [172.16.0.10, fd12::5:10], ipFamilies [IPv4, IPv6]');
    await run('kubectl apply -f ip-outside-range.yaml', '   # clusterIP: 10.96.0.10');
    await webhook!.stop();
    await run('kubectl apply -f cluster.yaml');
    await webhook!.start();
    const captured = transcript.join('\n').replaceAll(`127.0.0.1:${webhook!.port}`, '127.0.0.1:<port>');
    if (process.env.DUALSTACK_E2E_PRINT_README) process.stderr.write(`${captured}\n`);
    const readme = readFileSync(path.join(PACKAGE_ROOT, 'docs', 'install.md'), 'utf8');
    for (const block of captured.split(/\n(?=\$ kubectl)/)) {
      assert.ok(readme.includes(block), `docs/install.md lacks the captured output:\n${block}`);
    }
  });
});
