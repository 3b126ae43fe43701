import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findDrift } from '../manifests/manifest-drift.js';
import { renderManifestTree, renderRegistryObjects } from '../manifests/manifest-tree.js';
import { PACKAGE_ROOT } from '../paths.js';
import { REGISTRY } from '../rules/registry.js';
import { formatOptions, type OptionSpecs, parseArguments } from './arguments.js';

const OPTIONS = {
  out: { type: 'string', value: 'DIR', description: 'write every file of the manifests tree (base, overlays, CRDs) under DIR' },
  check: {
    type: 'boolean',
    description: 'compare a fresh render with the files in DIR (--out, default the package\'s manifests/); exit 1 when they differ',
  },
  image: { type: 'string', value: 'IMAGE', description: 'container image of the Deployment (default dualstack-webhook:<package version>)' },
} as const satisfies OptionSpecs;

const USAGE = `usage: dualstack-webhook manifests [--out DIR] [--check] [--image IMAGE]

Renders the ValidatingWebhookConfiguration, the MutatingWebhookConfiguration and the RBAC from the registry of kinds
the server routes on. Without options, prints them to stdout as one YAML stream.

options:
`;

async function defaultImage(): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return `dualstack-webhook:${manifest.version}`;
}

export async function runManifests(argv: string[]): Promise<number> {
  const parsed = parseArguments(argv, OPTIONS);
  if (!parsed.ok) {
    process.stderr.write(`dualstack-webhook manifests: ${parsed.error}\n${USAGE}${formatOptions(OPTIONS)}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE + formatOptions(OPTIONS));
    return 0;
  }
  const { out, check } = parsed.values;
  if (!out && !check) {
    process.stdout.write(renderRegistryObjects(REGISTRY));
    return 0;
  }
  const files = renderManifestTree({ registry: REGISTRY, image: parsed.values.image ?? await defaultImage() });
  const folder = path.resolve(out ?? path.join(PACKAGE_ROOT, 'manifests'));
  if (check) {
    const drift = await findDrift(folder, files);
    if (drift.length === 0) {
      process.stdout.write(`${folder}: up to date (${files.length} files)\n`);
      return 0;
    }
    for (const entry of drift) process.stdout.write(`${entry.problem}: ${path.join(folder, entry.path)}\n`);
    process.stdout.write(`run: dualstack-webhook manifests --out ${folder}\n`);
    return 1;
  }
  for (const file of files) {
    const target = path.join(folder, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
  process.stdout.write(`wrote ${files.length} files under ${folder}\n`);
  return 0;
}
