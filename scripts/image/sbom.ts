/**
 * The image's CycloneDX SBOM: `npm sbom` for the JavaScript packages, plus the Node.js runtime and the Debian packages
 * the image carries. Reproducible like the image: no wall-clock time, a serial number derived from the image digest.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './commands.js';
import { iso } from './oci.js';
import { NODE_RUNTIME, type Runtime } from './runtime.js';

interface Component {
  readonly 'bom-ref': string;
  readonly [key: string]: unknown;
}

interface Bom {
  serialNumber: string;
  metadata: { timestamp: string; component: Record<string, unknown>; [key: string]: unknown };
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
  [key: string]: unknown;
}

/**
 * What `npm ci --omit=dev` installs: every lockfile entry not marked dev. (`npm sbom --omit dev` also drops packages
 * that production code needs when a dev dependency needs them too, e.g. debug, qs, @types/node with npm 11.)
 */
function productionPackages(packageRoot: string): Set<string> {
  const lock = JSON.parse(readFileSync(path.join(packageRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean }>;
  };
  const refs = new Set<string>();
  for (const [location, entry] of Object.entries(lock.packages)) {
    if (location && !entry.dev && entry.version) refs.add(`${location.slice(location.lastIndexOf('node_modules/') + 13)}@${entry.version}`);
  }
  return refs;
}

/** A UUID (version 5 layout) from the image digest, so the same image always has the same SBOM serial number. */
function serialNumberOf(digest: string): string {
  const hex = createHash('sha1').update(digest).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function renderSbom(options: {
  packageRoot: string; name: string; runtime: Runtime; digest: string; epoch: number;
}): string {
  const bom = JSON.parse(run('npm', ['sbom', '--sbom-format', 'cyclonedx', '--sbom-type', 'application', '--package-lock-only'], {
    cwd: options.packageRoot,
  })) as Bom;
  const production = productionPackages(options.packageRoot);
  bom.components = bom.components.filter((component) => production.has(component['bom-ref']));
  const kept = new Set([String(bom.metadata.component['bom-ref']), ...bom.components.map((component) => component['bom-ref'])]);
  bom.dependencies = bom.dependencies
    .filter((dependency) => kept.has(dependency.ref))
    .map((dependency) => ({ ...dependency, dependsOn: (dependency.dependsOn ?? []).filter((ref) => kept.has(ref)) }));
  const node = `${NODE_RUNTIME.package}@${NODE_RUNTIME.version}`;
  bom.components.push({
    'bom-ref': node, type: 'platform', name: 'node', version: NODE_RUNTIME.version, purl: `pkg:npm/${NODE_RUNTIME.package}@${NODE_RUNTIME.version}`,
    description: `Node.js runtime (${options.runtime.nodeVersion}), the official Linux x64 build from the npm package ${NODE_RUNTIME.package}`,
    hashes: [{ alg: 'SHA-512', content: Buffer.from(NODE_RUNTIME.integrity.replace(/^sha512-/, ''), 'base64').toString('hex') }],
    licenses: [{ license: { id: 'MIT' } }],
  });
  for (const debian of options.runtime.packages) {
    const ref = `deb:${debian.name}@${debian.version}`;
    bom.components.push({
      'bom-ref': ref, type: 'library', name: debian.name, version: debian.version,
      purl: `pkg:deb/debian/${debian.name}@${encodeURIComponent(debian.version)}?arch=${debian.architecture}`,
      description: `shared libraries Node.js loads, from the build machine's Debian package (copyright: /usr/share/doc/${debian.name}/copyright)`,
    });
  }
  bom.serialNumber = serialNumberOf(options.digest);
  // The folder npm ran in is not the product's name; the timestamp is the commit's, as in the image.
  bom.metadata = {
    ...bom.metadata,
    timestamp: iso(options.epoch),
    component: { ...bom.metadata.component, name: options.name, properties: [{ name: 'oci:image:digest', value: options.digest }] },
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}
