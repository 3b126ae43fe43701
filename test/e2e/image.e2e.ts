import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { environmentVariableFor } from '../../src/environment-variables.js';
import { IMAGE_REPOSITORY, RUN_AS_USER, TLS_MOUNT } from '../../src/manifests/names.js';
import { renderDeployment } from '../../src/manifests/server-objects.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { NODE_RUNTIME } from '../../scripts/image/runtime.js';
import { createNamespace, mainTarget, stopRegisteredWebhook, storedObject } from './support/admission.js';
import { runCli } from '../support/cli.js';
import { yamlObjects } from '../support/yaml.js';
import { e2e } from './support/environment.js';
import {
  type BuiltImage, buildImage, containerCommand, mountOptions, processStatus, runContainer, type UnpackedImage, unpackImage,
} from './support/image.js';
import { registerWebhook, type RunningWebhook, type ServeLauncher, startWebhook } from './support/webhook.js';

const kubectl = (args: readonly string[], stdin?: string) => mainTarget().kubectl(args, stdin);
const packageVersion = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

interface Container {
  env: { name: string; value: string }[];
  volumeMounts: { name: string; mountPath: string }[];
}

/** The rendered Deployment's container and its TLS Secret volume's mode: what the test copies. */
function deploymentContainer(): { container: Container; tlsMode: number } {
  const deployment = renderDeployment({ image: `${IMAGE_REPOSITORY}:${packageVersion}` }) as any;
  const pod = deployment.spec.template.spec;
  const tls = pod.volumes.find((volume: any) => volume.name === 'tls');
  return { container: pod.containers[0] as Container, tlsMode: tls.secret.defaultMode as number };
}

/**
 * `serve` from the image as the Deployment runs it: its environment (TLS files under the Secret's mount, port, log
 * level), the serving certificate and key mounted read-only at TLS_MOUNT as tls.crt/tls.key with the Secret's mode and
 * group (fsGroup). Changed for the test: 127.0.0.1 and a free port instead of :8443 on every address; no --watch (that
 * needs the in-cluster service account), so the image's default facts apply: the documentation cluster it carries.
 */
function imageLauncher(image: UnpackedImage): ServeLauncher {
  return ({ port, serving, logLevel }) => {
    const { container, tlsMode } = deploymentContainer();
    const tls = path.join(path.dirname(serving.certFile), 'tls');
    mkdirSync(tls, { recursive: true });
    for (const [from, to] of [[serving.certFile, 'tls.crt'], [serving.keyFile, 'tls.key']] as const) {
      copyFileSync(from, path.join(tls, to));
      chownSync(path.join(tls, to), 0, RUN_AS_USER);
      chmodSync(path.join(tls, to), tlsMode);
    }
    const env: Record<string, string> = Object.fromEntries(container.env.map(({ name, value }) => [name, value]));
    delete env[environmentVariableFor('watch')];
    Object.assign(env, {
      [environmentVariableFor('host')]: '127.0.0.1',
      [environmentVariableFor('port')]: String(port),
      [environmentVariableFor('log-level')]: logLevel,
      [environmentVariableFor('shutdown-delay')]: '0',
    });
    assert.equal(container.volumeMounts.find((mount) => mount.name === 'tls')?.mountPath, TLS_MOUNT);
    return containerCommand(image, { env, volumes: [{ source: tls, target: TLS_MOUNT, readOnly: true }] });
  };
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Every entry under `root` (not following links), relative, with its stat. */
function walk(root: string, relative = ''): { file: string; uid: number; gid: number; mode: number }[] {
  const entries = [];
  for (const name of readdirSync(path.join(root, relative)).sort()) {
    const file = path.join(relative, name);
    const stat = lstatSync(path.join(root, file));
    entries.push({ file, uid: stat.uid, gid: stat.gid, mode: stat.mode });
    if (stat.isDirectory()) entries.push(...walk(root, file));
  }
  return entries;
}

describe('e2e: the container image (npm run image), run read-only as uid 65532 and called by kube-apiserver', function () {
  this.timeout(120_000);
  let scratch: string | undefined;
  let first: BuiltImage;
  let second: BuiltImage;
  let image: UnpackedImage;
  let webhook: RunningWebhook | undefined;

  before(async function () {
    this.timeout(40 * 60_000);
    if (process.getuid?.() !== 0) throw new Error('the image test mounts and chroots as a container runtime does: run it as root');
    scratch = await mkdtemp(path.join(tmpdir(), 'dualstack-e2e-image-'));
    const started = Date.now();
    first = await buildImage(path.join(scratch, 'first'));
    const once = Date.now();
    second = await buildImage(path.join(scratch, 'second'));
    process.stderr.write(`e2e: npm run image took ${((once - started) / 1000).toFixed(0)} s, then ${((Date.now() - once) / 1000).toFixed(0)} s (${first.digest})\n`);
    mkdirSync(path.join(scratch, 'unpacked'));
    image = await unpackImage(first.archive, path.join(scratch, 'unpacked'));
    webhook = await startWebhook([], { launcher: imageLauncher(image) });
    await registerWebhook(e2e().api, e2e().binaries.kubectl, webhook);
    await createNamespace(mainTarget(), 'image-e2e');
  });
  after(async function () {
    this.timeout(120_000);
    try {
      if (webhook) await stopRegisteredWebhook(webhook);
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
  });

  it('two builds of the same commit give the same digest, the same archive bytes and the same SBOM', () => {
    assert.match(first.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(second.digest, first.digest);
    assert.equal(sha256(second.archive), sha256(first.archive));
    assert.equal(readFileSync(second.sbom, 'utf8'), readFileSync(first.sbom, 'utf8'));
    assert.equal(path.basename(first.archive), `${IMAGE_REPOSITORY}-${packageVersion}.oci.tar`);
  });

  it('is tagged with the package version the Deployment names, runs as 65532 with entrypoint dualstack-webhook and command serve', () => {
    assert.equal(image.tag, packageVersion);
    const base = readFileSync(path.join(PACKAGE_ROOT, 'manifests', 'base', 'deployment.yaml'), 'utf8');
    assert.match(base, new RegExp(`\\n {10}image: ${IMAGE_REPOSITORY}:${image.tag.replace(/\./g, '\\.')}\\n`));
    assert.equal(image.config.User, `${RUN_AS_USER}:${RUN_AS_USER}`);
    assert.deepEqual(image.config.Entrypoint, ['dualstack-webhook']);
    assert.deepEqual(image.config.Cmd, ['serve']);
    assert.deepEqual(Object.keys(image.config.ExposedPorts ?? {}), ['8443/tcp']);
    const revision = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim();
    assert.equal(image.config.Labels['org.opencontainers.image.version'], packageVersion);
    assert.equal(image.config.Labels['org.opencontainers.image.revision'], revision);
    assert.equal(image.config.Labels['org.opencontainers.image.licenses'], 'Apache-2.0');
    assert.deepEqual(image.manifest.annotations, image.config.Labels);
    assert.equal(image.manifest.layers.length, 3);
  });

  it('holds root-owned files nobody else can write (only /tmp), the production dependencies only, dist/ without source maps', () => {
    // Without the mount points this test made (as a runtime does): /proc and the TLS folder.
    const entries = walk(image.rootfs).filter((entry) => entry.file !== 'proc' && !entry.file.startsWith('etc/dualstack-webhook'));
    assert.deepEqual(entries.filter((entry) => entry.uid !== 0 || entry.gid !== 0).map((entry) => entry.file), []);
    const writable = entries.filter((entry) => (entry.mode & 0o022) !== 0 && !((entry.mode & 0o170000) === 0o120000));
    assert.deepEqual(writable.map((entry) => `${entry.file} ${(entry.mode & 0o7777).toString(8)}`), ['tmp 1777']);
    assert.deepEqual(entries.filter((entry) => (entry.mode & 0o6000) !== 0).map((entry) => entry.file), []);
    const files = new Set(entries.map((entry) => entry.file));
    for (const needed of [
      'usr/local/bin/dualstack-webhook', 'usr/local/bin/node', 'usr/local/share/doc/node/LICENSE', 'app/LICENSE', 'app/package.json',
      'app/dist/src/cli/main.js', 'app/dist/src/rules/generated/all-error-validators.js', 'app/schemas/cluster.schema.json',
      'app/examples/dual-stack-cluster.yaml', 'app/node_modules/express/package.json', 'usr/share/doc/libc6/copyright',
    ]) assert.ok(files.has(needed), `${needed} is missing`);
    for (const absent of ['app/node_modules/mocha', 'app/node_modules/typescript', 'app/node_modules/tsx', 'app/src', 'app/test']) {
      assert.ok(!files.has(absent), `${absent} is in the image`);
    }
    assert.deepEqual([...files].filter((file) => file.startsWith('app/dist/') && file.endsWith('.map')), []);
  });

  it('has a CycloneDX SBOM of the production packages, the Node.js runtime and the Debian libraries', () => {
    const sbom = JSON.parse(readFileSync(first.sbom, 'utf8')) as any;
    assert.equal(sbom.bomFormat, 'CycloneDX');
    const refs = new Set((sbom.components as { 'bom-ref': string }[]).map((component) => component['bom-ref']));
    const installed = readdirSync(path.join(image.rootfs, 'app', 'node_modules')).filter((name) => !name.startsWith('.'));
    const names = new Set((sbom.components as { name: string }[]).map((component) => component.name.split('/')[0]));
    assert.deepEqual(installed.filter((name) => !names.has(name)), []);
    assert.ok([...refs].some((ref) => ref.startsWith('express@')));
    assert.ok(![...refs].some((ref) => ref.startsWith('mocha@')));
    assert.ok(refs.has(`${NODE_RUNTIME.package}@${NODE_RUNTIME.version}`));
    assert.ok([...refs].some((ref) => ref.startsWith('deb:libc6@')));
    assert.deepEqual(sbom.metadata.component.properties, [{ name: 'oci:image:digest', value: first.digest }]);
  });

  it('kube-apiserver calls the image\'s webhook: a Cluster is refused with our message', async () => {
    const cluster = yamlObjects(readFileSync(path.join(PACKAGE_ROOT, 'examples', 'dual-stack-cluster.yaml'), 'utf8')).find((object) => object.kind === 'Cluster')!;
    cluster.metadata = { name: 'image-c24', namespace: 'image-e2e' };
    cluster.spec.loadBalancer.mode = 'automatic';
    const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(cluster));
    assert.equal(applied.code, 1, applied.stdout);
    assert.equal(applied.stderr,
      'The Cluster "image-c24" is invalid: spec.loadBalancer.mode: Unsupported value: "automatic": supported values: "bundled", "manual" [C-24]\n');
    assert.equal(await storedObject(mainTarget(), 'clusters.baremetal.cluster.gke.io', 'image-e2e', 'image-c24'), undefined);
  });

  it('kube-apiserver calls the image\'s webhook: a Service without ipFamilyPolicy is defaulted', async () => {
    const service = {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'image-defaulted', namespace: 'image-e2e' },
      spec: { selector: { app: 'try-dual-stack' }, ports: [{ port: 80, targetPort: 8080 }] },
    };
    const applied = await kubectl(['apply', '-f', '-'], JSON.stringify(service));
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout, 'service/image-defaulted created\n');
    const stored = await storedObject(mainTarget(), 'service', 'image-e2e', 'image-defaulted');
    assert.equal(stored?.spec.ipFamilyPolicy, 'SingleStack');
    assert.deepEqual(stored?.spec.ipFamilies, ['IPv4']);
    const reviews = webhook!.lines().filter((line) => line.msg === 'review' && line.name === 'image-defaulted');
    assert.deepEqual(reviews.map((line) => [line.webhook, line.kind, line.operation, line.allowed]), [
      ['mutate', 'Service', 'CREATE', true], ['validate', 'Service', 'CREATE', true],
    ]);
  });

  it('serves as uid and gid 65532 without groups or capabilities, on a read-only root with /tmp a tmpfs', () => {
    const pid = webhook!.process().child.pid!;
    const status = processStatus(pid);
    assert.equal(status.Uid, `${RUN_AS_USER}\t${RUN_AS_USER}\t${RUN_AS_USER}\t${RUN_AS_USER}`);
    assert.equal(status.Gid, `${RUN_AS_USER}\t${RUN_AS_USER}\t${RUN_AS_USER}\t${RUN_AS_USER}`);
    assert.equal(status.Groups, '');
    assert.equal(status.CapEff, '0000000000000000');
    assert.equal(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1], '/usr/local/bin/dualstack-webhook');
    assert.ok(mountOptions(pid, '/')?.options.includes('ro'), 'the root filesystem is read-only');
    assert.equal(mountOptions(pid, '/tmp')?.type, 'tmpfs');
    assert.ok(mountOptions(pid, TLS_MOUNT)?.options.includes('ro'));
    const loaded = webhook!.lines().find((line) => line.msg === 'cluster facts loaded');
    assert.equal(loaded?.file, '/app/examples/dual-stack-cluster.yaml');
  });

  it('check and plan inside the image print what the built command line prints, on examples/ mounted read-only', async () => {
    const volumes = [{ source: path.join(PACKAGE_ROOT, 'examples'), target: '/work/examples', readOnly: true }];
    for (const args of [['check', '--each-file', 'examples/'], ['plan', 'examples/dual-stack-cluster.yaml']]) {
      const inside = await runContainer(image, { volumes, args, workingDir: '/work' });
      const outside = await runCli(args);
      assert.deepEqual(inside, { code: outside.status, stdout: outside.stdout, stderr: outside.stderr }, args.join(' '));
      assert.ok(inside.stdout.length > 200, inside.stderr);
    }
  });
});
