/**
 * What goes where in the image. Three folders, one layer each, from the least to the most often changed: the system
 * files (users, the Debian libraries node loads, /tmp), the Node.js runtime, the application.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { RUN_AS_USER } from '../../src/manifests/names.js';
import { run } from './commands.js';
import { type Runtime, stageLibraries, stageNode } from './runtime.js';

export const APP_FOLDER = '/app';
export const NODE_BINARY = '/usr/local/bin/node';
/** The entrypoint: on PATH, so `dualstack-webhook check …` reads the same inside the image as on a workstation. */
export const LAUNCHER = '/usr/local/bin/dualstack-webhook';
export const IMAGE_ENV = ['PATH=/usr/local/bin:/usr/bin:/bin', 'NODE_ENV=production'] as const;

/** Files of the repository the running webhook reads: package.json (its root and version), schemas, the license. */
const APP_FILES = ['package.json', 'package-lock.json', 'LICENSE', 'schemas', path.join('examples', 'dual-stack-cluster.yaml')];

function write(root: string, file: string, text: string, mode = 0o644): void {
  mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
  writeFileSync(path.join(root, file), text, { mode });
}

/** Users by number (no name lookups needed), name resolution from files then DNS, the libraries, an empty /tmp. */
export function stageSystem(root: string, runtime: Runtime): void {
  // Home is /tmp: the only writable folder (the Deployment mounts an emptyDir there).
  write(root, 'etc/passwd', `root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:${RUN_AS_USER}:${RUN_AS_USER}:nonroot:/tmp:/sbin/nologin\n`);
  write(root, 'etc/group', `root:x:0:\nnonroot:x:${RUN_AS_USER}:\n`);
  write(root, 'etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n');
  mkdirSync(path.join(root, 'tmp'));
  stageLibraries(runtime, root);
}

export function stageNodeRuntime(root: string, runtime: Runtime): void {
  stageNode(runtime, root, NODE_BINARY);
}

/**
 * The application: a fresh `tsc` build (no stale files of an old dist/, no source maps), the production dependencies
 * only (`npm ci --omit=dev` from the lockfile, no install scripts), the launcher.
 */
export function stageApp(root: string): void {
  const app = path.join(root, APP_FOLDER);
  mkdirSync(app, { recursive: true });
  for (const file of APP_FILES) cpSync(path.join(PACKAGE_ROOT, file), path.join(app, file), { recursive: true });
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: app });
  // npm's record of the tree it installed: nothing in the image runs npm, and it only repeats package-lock.json.
  rmSync(path.join(app, 'node_modules', '.package-lock.json'), { force: true });
  // The schemas' validators are generated code (src/rules/generated, git-ignored): made fresh before the compile.
  run('npm', ['run', '--silent', 'build:schemas'], { cwd: PACKAGE_ROOT });
  run(path.join(PACKAGE_ROOT, 'node_modules', '.bin', 'tsc'), [
    '-p', path.join(PACKAGE_ROOT, 'tsconfig.build.json'), '--outDir', path.join(app, 'dist'), '--sourceMap', 'false',
  ], { cwd: PACKAGE_ROOT });
  // No shell in the image: the launcher is a script for node itself. Its import() loads the ES module command line.
  write(root, LAUNCHER, `#!${NODE_BINARY}\nimport(${JSON.stringify(`${APP_FOLDER}/dist/src/cli/main.js`)});\n`, 0o755);
}
