/**
 * `npm run image [-- --out DIR]`: the container image, built without a container daemon (umoci, GNU tar), as an OCI
 * archive `DIR/dualstack-webhook-<version>.oci.tar` (DIR: build/image) with its CycloneDX SBOM beside it. Prints the
 * archive, the image's digest and the SBOM. Two builds of the same commit give the same digest: every timestamp is
 * SOURCE_DATE_EPOCH (default: the commit's time), files are sorted and owned 0:0 by number.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CONTAINER_PORT, IMAGE_REPOSITORY, RUN_AS_USER } from '../../src/manifests/names.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { run } from './commands.js';
import { addLayer, configure, createLayout, iso, manifestDigest, writeArchive } from './oci.js';
import { NODE_RUNTIME, prepareRuntime } from './runtime.js';
import { renderSbom } from './sbom.js';
import { APP_FOLDER, IMAGE_ENV, LAUNCHER, stageApp, stageNodeRuntime, stageSystem } from './stage.js';

interface PackageJson {
  readonly version: string;
  readonly license: string;
  readonly repository?: string | { url?: string };
}

/** SOURCE_DATE_EPOCH when set (the reproducible-builds convention), otherwise the time of the checked-out commit. */
function sourceDateEpoch(): number {
  const given = process.env.SOURCE_DATE_EPOCH;
  const text = given ?? run('git', ['log', '-1', '--format=%ct'], { cwd: PACKAGE_ROOT }).trim();
  const epoch = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(epoch)) throw new Error(`SOURCE_DATE_EPOCH ${JSON.stringify(text)} is not whole seconds`);
  return epoch;
}

function revision(): string {
  const commit = run('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT }).trim();
  const changed = run('git', ['status', '--porcelain'], { cwd: PACKAGE_ROOT }).trim();
  if (changed) process.stderr.write(`image: the working tree differs from ${commit}; the image holds the changes, its revision label does not say so\n`);
  return commit;
}

function sourceUrl(manifest: PackageJson): string | undefined {
  const url = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  return url?.replace(/^git\+/, '').replace(/\.git$/, '');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function main(): void {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = path.resolve(values.out ?? path.join(PACKAGE_ROOT, 'build', 'image'));
  const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as PackageJson;
  const epoch = sourceDateEpoch();
  const tag = manifest.version;
  const labels: Record<string, string> = {
    'org.opencontainers.image.title': IMAGE_REPOSITORY,
    'org.opencontainers.image.version': manifest.version,
    'org.opencontainers.image.revision': revision(),
    'org.opencontainers.image.licenses': manifest.license,
    'org.opencontainers.image.created': iso(epoch),
  };
  const source = sourceUrl(manifest);
  if (source) labels['org.opencontainers.image.source'] = source;
  else process.stderr.write('image: package.json names no repository, so the image has no org.opencontainers.image.source label\n');

  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(path.join(out, '.work-'));
  try {
    const runtime = prepareRuntime(work);
    const layout = path.join(work, 'layout');
    createLayout(layout, tag);
    const layers = [
      { folder: 'system', stage: (root: string) => stageSystem(root, runtime),
        createdBy: `users, /tmp and the shared libraries of node from Debian (${runtime.packages.map((p) => `${p.name} ${p.version}`).join(', ')})` },
      { folder: 'node', stage: (root: string) => stageNodeRuntime(root, runtime),
        createdBy: `Node.js ${runtime.nodeVersion} from npm ${NODE_RUNTIME.package}@${NODE_RUNTIME.version}` },
      { folder: 'app', stage: stageApp, createdBy: `${IMAGE_REPOSITORY} ${manifest.version}: dist, production dependencies, schemas, license` },
    ];
    for (const layer of layers) {
      const root = path.join(work, layer.folder);
      mkdirSync(root);
      layer.stage(root);
      addLayer(layout, tag, root, epoch, layer.createdBy);
    }
    configure(layout, tag, {
      user: `${RUN_AS_USER}:${RUN_AS_USER}`, entrypoint: [path.posix.basename(LAUNCHER)], cmd: ['serve'], env: IMAGE_ENV,
      workingDir: APP_FOLDER, exposedPorts: [`${CONTAINER_PORT}/tcp`], labels,
    }, epoch);
    const digest = manifestDigest(layout);
    const base = path.join(out, `${IMAGE_REPOSITORY}-${manifest.version}`);
    writeArchive(layout, `${base}.oci.tar`, epoch);
    writeFileSync(`${base}.cdx.json`, renderSbom({ packageRoot: PACKAGE_ROOT, name: IMAGE_REPOSITORY, runtime, digest, epoch }));
    process.stdout.write([
      `image: ${IMAGE_REPOSITORY}:${tag} (${megabytes(statSync(`${base}.oci.tar`).size)})`,
      `archive: ${base}.oci.tar`,
      `digest: ${digest}`,
      `sbom: ${base}.cdx.json`,
      '',
    ].join('\n'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`image: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
