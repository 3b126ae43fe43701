import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { CERTS_SCRIPT_OVERLAY, GENERATED_FOLDER, type ManifestFile } from './manifest-tree.js';

export interface Drift {
  readonly path: string;
  readonly problem: 'differs' | 'missing' | 'not rendered';
}

// certs/generate.sh writes here (git-ignored); it is never part of the render.
const IGNORED_FOLDERS = new Set([`${CERTS_SCRIPT_OVERLAY}/${GENERATED_FOLDER}`]);

async function filesUnder(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!IGNORED_FOLDERS.has(child)) found.push(...await filesUnder(root, child));
    } else {
      found.push(child);
    }
  }
  return found;
}

/**
 * How the files in `folder` differ from a fresh render: changed, missing, and (when the render is the whole folder,
 * as manifests/ is, unlike the chart whose templates are written by hand) left-over files.
 */
export async function findDrift(
  folder: string, rendered: readonly ManifestFile[], { wholeFolder = true }: { wholeFolder?: boolean } = {},
): Promise<Drift[]> {
  const drift: Drift[] = [];
  for (const file of rendered) {
    const committed = await readFile(path.join(folder, file.path), 'utf8').catch(() => undefined);
    if (committed === undefined) drift.push({ path: file.path, problem: 'missing' });
    else if (committed !== file.text) drift.push({ path: file.path, problem: 'differs' });
  }
  if (!wholeFolder) return drift;
  const renderedPaths = new Set(rendered.map((file) => file.path));
  for (const existing of await filesUnder(folder)) {
    if (!renderedPaths.has(existing)) drift.push({ path: existing, problem: 'not rendered' });
  }
  return drift;
}
