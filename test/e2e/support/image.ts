/**
 * The container image of `npm run image`, built, unpacked and run as a container runtime would run the Deployment's
 * pod: the image's own entrypoint, its user, its environment, the root filesystem read-only, a tmpfs on /tmp, volumes
 * bind-mounted. No runtime (runc, crun) is needed: a private mount namespace (`unshare --mount`), then `unshare --root`
 * (chroot) with the image's uid and gid.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { type CommandResult, runCommand } from '../../support/processes.js';

export interface BuiltImage {
  readonly archive: string;
  readonly digest: string;
  readonly sbom: string;
}

/** `npm run image -- --out FOLDER`, exactly the command docs/install.md gives; fails with its output when it fails. */
export async function buildImage(out: string): Promise<BuiltImage> {
  const built = await runCommand('npm', ['run', '--silent', 'image', '--', '--out', out], { cwd: PACKAGE_ROOT }, '', 15 * 60_000);
  if (built.code !== 0) throw new Error(`npm run image exited ${built.code}:\n${built.stderr}${built.stdout}`);
  const field = (name: string) => {
    const value = new RegExp(`^${name}: (\\S+)$`, 'm').exec(built.stdout)?.[1];
    if (!value) throw new Error(`npm run image printed no ${name}:\n${built.stdout}`);
    return value;
  };
  return { archive: field('archive'), digest: field('digest'), sbom: field('sbom') };
}

/** The parts of the image config a runtime uses. */
export interface ImageConfig {
  readonly User: string;
  readonly Entrypoint: string[];
  readonly Cmd: string[];
  readonly Env: string[];
  readonly WorkingDir: string;
  readonly ExposedPorts?: Record<string, unknown>;
  readonly Labels: Record<string, string>;
}

export interface UnpackedImage {
  readonly tag: string;
  readonly manifest: { layers: unknown[]; annotations?: Record<string, string> };
  readonly config: ImageConfig;
  readonly rootfs: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Extracts the OCI archive into `folder`/layout and its root filesystem (every layer, as root: owners kept) into `folder`/rootfs. */
export async function unpackImage(archive: string, folder: string): Promise<UnpackedImage> {
  const layout = path.join(folder, 'layout');
  const rootfs = path.join(folder, 'rootfs');
  mkdirSync(layout);
  await mustRun('tar', ['-xf', archive, '-C', layout]);
  const index = readJson<{ manifests: { digest: string; annotations: Record<string, string> }[] }>(path.join(layout, 'index.json'));
  const [entry] = index.manifests;
  const tag = entry!.annotations['org.opencontainers.image.ref.name']!;
  const blob = (digest: string) => path.join(layout, 'blobs', ...digest.split(':'));
  const manifest = readJson<{ config: { digest: string }; layers: unknown[]; annotations?: Record<string, string> }>(blob(entry!.digest));
  const { config } = readJson<{ config: ImageConfig }>(blob(manifest.config.digest));
  await mustRun('umoci', ['raw', 'unpack', '--image', `${layout}:${tag}`, rootfs]);
  return { tag, manifest, config, rootfs };
}

async function mustRun(command: string, args: readonly string[]): Promise<void> {
  const result = await runCommand(command, args, {}, '', 5 * 60_000);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
}

export interface Volume {
  readonly source: string;
  /** The path inside the container. */
  readonly target: string;
  readonly readOnly: boolean;
}

// $1 the root filesystem, then (ro|rw, source, target) per volume up to `--`, then the command. The mounts live in the
// private mount namespace of this one process: they go when it exits, and the host never sees them.
const CONTAINER_SCRIPT = `set -eu
root=$1; shift
mount --bind "$root" "$root"
mount -o remount,bind,ro "$root"
mount -t tmpfs -o size=16m,mode=1777 tmpfs "$root/tmp"
mount -t proc proc "$root/proc"
while [ "$1" != -- ]; do mount --bind -o "$1" "$2" "$root$3"; shift 3; done
shift
exec "$@"`;

/**
 * The command line that runs the image's entrypoint with `args` (default: the image's Cmd) as the image's user, in
 * `workingDir` (default: the image's), with only the image's environment and `env`. Creates the mount points in the
 * unpacked root filesystem first, as a runtime does before it makes the root read-only.
 */
export function containerCommand(image: UnpackedImage, options: {
  volumes?: readonly Volume[]; env?: Record<string, string>; args?: readonly string[]; workingDir?: string;
} = {}): { command: string; args: string[] } {
  const volumes = options.volumes ?? [];
  for (const target of ['/proc', ...volumes.map((volume) => volume.target)]) mkdirSync(path.join(image.rootfs, target), { recursive: true });
  const [uid, gid] = image.config.User.split(':');
  const env = [...image.config.Env, ...Object.entries(options.env ?? {}).map(([name, value]) => `${name}=${value}`)];
  return {
    command: '/usr/bin/unshare',
    args: [
      '--mount', '--', '/bin/sh', '-c', CONTAINER_SCRIPT, 'container', image.rootfs,
      ...volumes.flatMap((volume) => [volume.readOnly ? 'ro' : 'rw', volume.source, volume.target]), '--',
      '/usr/bin/env', '-i', ...env, '/usr/bin/unshare', `--root=${image.rootfs}`, `--wd=${options.workingDir ?? image.config.WorkingDir}`,
      `--setgid=${gid}`, `--setuid=${uid}`, '--', ...image.config.Entrypoint, ...(options.args ?? image.config.Cmd),
    ],
  };
}

/** Runs the image's entrypoint to its end (see containerCommand). */
export function runContainer(image: UnpackedImage, options: Parameters<typeof containerCommand>[1]): Promise<CommandResult> {
  const { command, args } = containerCommand(image, options);
  return runCommand(command, args, {});
}

/** The fields of /proc/PID/status a test asserts on (Uid, Gid, Groups, CapEff, NoNewPrivs…). */
export function processStatus(pid: number): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return fields;
}

/** The mount options of the mount at `point`, as the process sees it (its root is the image's). */
export function mountOptions(pid: number, point: string): { options: string[]; type: string } | undefined {
  let found: { options: string[]; type: string } | undefined;
  for (const line of readFileSync(`/proc/${pid}/mountinfo`, 'utf8').split('\n')) {
    const [before, after] = line.split(' - ');
    const fields = before?.split(' ') ?? [];
    // The last mount at a point is the one on top.
    if (fields[4] === point && after) found = { options: fields[5]!.split(','), type: after.split(' ')[0]! };
  }
  return found;
}
