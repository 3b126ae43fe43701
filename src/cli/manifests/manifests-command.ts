import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UnreadableInputError, readInputText } from '../../documents/documents.js';
import { CHART_FOLDER, GENERATED_CHART_FILES, renderChartFiles } from '../../manifests/chart-files.js';
import { type Drift, findDrift } from '../../manifests/manifest-drift.js';
import {
  type ManifestFile, renderManifestTree, renderOutsideClusterWebhooks, renderRegistryObjects,
} from '../../manifests/manifest-tree.js';
import { IMAGE_REPOSITORY } from '../../manifests/names.js';
import { type WebhookEndpoint, caBundleOf, parseWebhookUrl } from '../../manifests/webhook-endpoint.js';
import { PACKAGE_ROOT } from '../../paths.js';
import { REGISTRY } from '../../rules/index.js';
import { formatOptions, type OptionSpecs, parseArguments } from '../arguments.js';

const OPTIONS = {
  out: { type: 'string', value: 'DIR', description: 'write every file of the manifests tree (base, overlays, CRDs) under DIR' },
  chart: {
    type: 'string',
    value: 'DIR',
    description: `the Helm chart whose generated files (${GENERATED_CHART_FILES.join(', ')}) --out writes and --check compares `
      + `(default the package's ${CHART_FOLDER}/)`,
  },
  check: {
    type: 'boolean',
    description: 'compare a fresh render with the files in DIR (--out, default the package\'s manifests/) and the chart\'s generated files; exit 1 when they differ',
  },
  image: { type: 'string', value: 'IMAGE', description: 'container image of the Deployment (default dualstack-webhook:<package version>)' },
  'webhook-url': {
    type: 'string',
    value: 'URL',
    description: 'print only the webhook configurations, calling URL/validate and URL/mutate (a webhook outside the cluster)',
  },
  'ca-bundle': { type: 'string', value: 'FILE', description: 'with --webhook-url: PEM CA certificate(s) that verify the webhook\'s serving certificate' },
} as const satisfies OptionSpecs;

const USAGE = `usage: dualstack-webhook manifests [--out DIR] [--chart DIR] [--check] [--image IMAGE]
       dualstack-webhook manifests --webhook-url URL --ca-bundle FILE

Renders the ValidatingWebhookConfiguration, the MutatingWebhookConfiguration and the RBAC from the registry of kinds
the server routes on. Without options, prints them to stdout as one YAML stream. With --webhook-url, prints only
the webhook configurations, with clientConfig.url instead of the in-cluster Service (kubectl apply -f -).

options:
`;

async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

async function writeFiles(folder: string, files: readonly ManifestFile[]): Promise<void> {
  for (const file of files) {
    const target = path.join(folder, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.text);
  }
}

function usageError(message: string): number {
  process.stderr.write(`dualstack-webhook manifests: ${message}\n${USAGE}${formatOptions(OPTIONS)}`);
  return 2;
}

/** The endpoint from --webhook-url and --ca-bundle, or the message that says what is wrong with them. */
async function endpointOf(url: string, caBundleFile: string): Promise<{ endpoint: WebhookEndpoint } | { error: string }> {
  const baseUrl = parseWebhookUrl(url);
  if (!baseUrl.ok) return { error: `--webhook-url ${JSON.stringify(url)}: ${baseUrl.reason}` };
  let pem: string;
  try {
    pem = await readInputText(caBundleFile);
  } catch (error) {
    if (error instanceof UnreadableInputError) return { error: `--ca-bundle ${error.message}` };
    throw error;
  }
  const caBundle = caBundleOf(pem);
  if (!caBundle.ok) return { error: `--ca-bundle ${caBundleFile}: ${caBundle.reason}` };
  return { endpoint: { baseUrl: baseUrl.value, caBundle: caBundle.value } };
}

export async function runManifests(argv: string[]): Promise<number> {
  const parsed = parseArguments(argv, OPTIONS);
  if (!parsed.ok) return usageError(parsed.error);
  if (parsed.help) {
    process.stdout.write(USAGE + formatOptions(OPTIONS));
    return 0;
  }
  const { out, chart, check, image } = parsed.values;
  const url = parsed.values['webhook-url'];
  const caBundleFile = parsed.values['ca-bundle'];
  if (url !== undefined || caBundleFile !== undefined) {
    if (url === undefined || caBundleFile === undefined) return usageError('--webhook-url and --ca-bundle go together');
    if (out !== undefined || chart !== undefined || check || image !== undefined) {
      return usageError('--webhook-url renders only the webhook configurations; --out, --chart, --check and --image do not apply');
    }
    const found = await endpointOf(url, caBundleFile);
    if ('error' in found) {
      process.stderr.write(`dualstack-webhook manifests: ${found.error}\n`);
      return 2;
    }
    process.stdout.write(renderOutsideClusterWebhooks(REGISTRY, found.endpoint));
    return 0;
  }
  if (!out && !chart && !check) {
    process.stdout.write(renderRegistryObjects(REGISTRY));
    return 0;
  }
  const version = await packageVersion();
  const files = renderManifestTree({ registry: REGISTRY, image: image ?? `${IMAGE_REPOSITORY}:${version}` });
  const chartFiles = renderChartFiles({ registry: REGISTRY, version });
  const folder = path.resolve(out ?? path.join(PACKAGE_ROOT, 'manifests'));
  const chartFolder = path.resolve(chart ?? path.join(PACKAGE_ROOT, CHART_FOLDER));
  if (check) {
    const drift: { folder: string; entry: Drift }[] = [
      ...(await findDrift(folder, files)).map((entry) => ({ folder, entry })),
      // The chart's templates are written by hand: only its generated files are compared.
      ...(await findDrift(chartFolder, chartFiles, { wholeFolder: false })).map((entry) => ({ folder: chartFolder, entry })),
    ];
    if (drift.length === 0) {
      process.stdout.write(`${folder}: up to date (${files.length} files)\n${chartFolder}: up to date (${chartFiles.length} generated files)\n`);
      return 0;
    }
    for (const { folder: root, entry } of drift) process.stdout.write(`${entry.problem}: ${path.join(root, entry.path)}\n`);
    process.stdout.write(`run: dualstack-webhook manifests --out ${folder} --chart ${chartFolder}\n`);
    return 1;
  }
  await writeFiles(folder, files);
  await writeFiles(chartFolder, chartFiles);
  process.stdout.write(`wrote ${files.length} files under ${folder} and ${chartFiles.length} under ${chartFolder}\n`);
  return 0;
}
