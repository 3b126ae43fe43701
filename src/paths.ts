import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, found from this file whether it runs from src/ (tsx) or dist/src/ (built). */
function findPackageRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(folder, 'package.json'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) return process.cwd();
    folder = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const EXAMPLE_CLUSTER_CONFIG = path.join(PACKAGE_ROOT, 'examples', 'dual-stack-cluster.yaml');
