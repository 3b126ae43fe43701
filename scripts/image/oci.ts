/**
 * The OCI image layout, written with umoci (no container daemon): one gzip layer per staged folder, the image config,
 * and an archive of the layout. Reproducible: every tar entry gets the same mtime (SOURCE_DATE_EPOCH), owner 0:0 by
 * number and normalised modes, in name order, without atime/ctime; the config and history carry the same time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './commands.js';

export interface ImageConfig {
  readonly user: string;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly env: readonly string[];
  readonly workingDir: string;
  readonly exposedPorts: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/** RFC 3339 in whole seconds, as image configs and labels write times. */
export const iso = (epoch: number): string => new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');

/** GNU tar options that make an archive depend only on the files' names, content and modes. */
function reproducibleTar(epoch: number): string[] {
  return [
    '--sort=name', '--format=posix', '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime',
    `--mtime=@${epoch}`, '--owner=0', '--group=0', '--numeric-owner',
  ];
}

export function createLayout(layout: string, tag: string): void {
  run('umoci', ['init', '--layout', layout]);
  run('umoci', ['new', '--image', `${layout}:${tag}`]);
}

/**
 * Adds `root` (a folder laid out like the image's /) as one layer. Modes are normalised first (u=rwX,go=rX; /tmp
 * keeps 1777), so the build machine's umask cannot change the digest.
 */
export function addLayer(layout: string, tag: string, root: string, epoch: number, createdBy: string): void {
  run('chmod', ['-R', 'u=rwX,go=rX', root]);
  const entries = readdirSync(root).sort();
  if (entries.includes('tmp')) run('chmod', ['1777', path.join(root, 'tmp')]);
  const tarFile = `${root}.tar`;
  run('tar', ['--create', '--file', tarFile, '--directory', root, ...reproducibleTar(epoch), '--', ...entries]);
  run('umoci', [
    'raw', 'add-layer', '--image', `${layout}:${tag}`, '--history.created', iso(epoch), '--history.created_by', createdBy, tarFile,
  ]);
  run('rm', ['-f', tarFile]);
}

export function configure(layout: string, tag: string, config: ImageConfig, epoch: number): void {
  const args = [
    'config', '--image', `${layout}:${tag}`, '--no-history', '--created', iso(epoch),
    '--config.user', config.user, '--config.workingdir', config.workingDir,
    ...config.entrypoint.flatMap((part) => ['--config.entrypoint', part]),
    ...config.cmd.flatMap((part) => ['--config.cmd', part]),
    ...config.env.flatMap((variable) => ['--config.env', variable]),
    ...config.exposedPorts.flatMap((port) => ['--config.exposedports', port]),
    ...Object.entries(config.labels).flatMap(([key, value]) => [
      '--config.label', `${key}=${value}`, '--manifest.annotation', `${key}=${value}`,
    ]),
  ];
  run('umoci', args);
  // Each umoci step wrote a new manifest and config; only the last ones are referenced.
  run('umoci', ['gc', '--layout', layout]);
}

/** The digest of the image's manifest: what a registry reports and what a Deployment can pin. */
export function manifestDigest(layout: string): string {
  const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  if (index.manifests.length !== 1) throw new Error(`${layout}: expected one image, found ${index.manifests.length}`);
  return index.manifests[0]!.digest;
}

/** The layout as one tar file (what `skopeo copy oci-archive:FILE` reads), itself byte-for-byte reproducible. */
export function writeArchive(layout: string, archive: string, epoch: number): void {
  run('chmod', ['-R', 'u=rwX,go=rX', layout]);
  run('tar', ['--create', '--file', archive, '--directory', layout, ...reproducibleTar(epoch), '--', ...readdirSync(layout).sort()]);
}
