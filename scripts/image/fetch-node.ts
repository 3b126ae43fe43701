/**
 * `tsx scripts/image/fetch-node.ts FOLDER`: the image's Node.js (node-runtime.json) under FOLDER, checked
 * against its pinned integrity; prints the folder of the node binary. CI puts it first on PATH to run `npm test` on
 * Node.js 24 as well as on the machine's Node.js.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fetchNode, NODE_RUNTIME } from './runtime.js';

const folder = process.argv[2];
if (!folder) {
  process.stderr.write('usage: tsx scripts/image/fetch-node.ts FOLDER\n');
  process.exit(2);
}
// One folder per pinned version: a changed pin fetches anew.
const work = path.resolve(folder, `${NODE_RUNTIME.package}-${NODE_RUNTIME.version}`);
const bin = path.join(work, 'node-package', 'bin');
if (!existsSync(path.join(bin, 'node'))) {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  fetchNode(work);
}
process.stdout.write(`${bin}\n`);
