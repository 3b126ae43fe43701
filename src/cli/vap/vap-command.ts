import { writeFile } from 'node:fs/promises';
import {
  DEFAULT_KUBE_MINOR, MIN_KUBE_MINOR, renderVap, vapCoverage,
} from '../../manifests/validating-admission-policies.js';
import { DEFAULT_SETTINGS } from '../../rules/index.js';
import { type OptionSpecs, formatOptions, parseArguments, parseInteger } from '../arguments.js';

const OPTIONS = {
  'kube-minor': {
    type: 'string', value: 'N', default: String(DEFAULT_KUBE_MINOR),
    description: `the Kubernetes minor version the policies target (1.N; at least ${MIN_KUBE_MINOR}, where ValidatingAdmissionPolicy is GA; `
      + 'the IP/CIDR rules need 31)',
  },
  'warn-bindings': { type: 'boolean', description: 'a [Warn] binding beside every [Deny] binding, so kubectl prints every failing rule (default)' },
  'no-warn-bindings': { type: 'boolean', description: 'only the [Deny] bindings (and the [Warn] bindings of warn rules)' },
  'max-service-host-bits': {
    type: 'string', value: 'N', default: String(DEFAULT_SETTINGS.maxServiceHostBits),
    description: 'C-9 limit on IPv6 service range host bits, as the webhook\'s option; 0 leaves C-9 out',
  },
  output: { type: 'string', short: 'o', value: 'FILE', description: 'write the policies to FILE instead of stdout' },
} as const satisfies OptionSpecs;

const USAGE = `usage: dualstack-webhook vap [--kube-minor N] [--warn-bindings|--no-warn-bindings] [--max-service-host-bits N] [--output FILE]

Renders the rules that kube-apiserver can judge itself as ValidatingAdmissionPolicies and their bindings, from the
same rule registry as the webhook: one policy per rule, labelled ${'`dualstack-webhook/rule: C-16`'}. The leading comment
says which rules are covered and which are left to the webhook (docs/vap.md).

options:
`;

function usageError(message: string): number {
  process.stderr.write(`dualstack-webhook vap: ${message}\n${USAGE}${formatOptions(OPTIONS)}`);
  return 2;
}

export async function runVap(argv: string[]): Promise<number> {
  const parsed = parseArguments(argv, OPTIONS);
  if (!parsed.ok) return usageError(parsed.error);
  if (parsed.help) {
    process.stdout.write(USAGE + formatOptions(OPTIONS));
    return 0;
  }
  const { values } = parsed;
  if (values['warn-bindings'] && values['no-warn-bindings']) return usageError('--warn-bindings and --no-warn-bindings exclude each other');
  const kubeMinor = parseInteger('kube-minor', values['kube-minor']!, { min: 0, max: 999 });
  if (!kubeMinor.ok) return usageError(kubeMinor.error);
  if (kubeMinor.value < MIN_KUBE_MINOR) {
    return usageError(`--kube-minor ${kubeMinor.value}: ValidatingAdmissionPolicy v1 needs Kubernetes 1.${MIN_KUBE_MINOR} or later`);
  }
  const hostBits = parseInteger('max-service-host-bits', values['max-service-host-bits']!, { min: 0, max: 128 });
  if (!hostBits.ok) return usageError(hostBits.error);
  const options = { kubeMinor: kubeMinor.value, maxServiceHostBits: hostBits.value, warnBindings: !values['no-warn-bindings'] };
  const text = renderVap(options);
  if (values.output === undefined) {
    process.stdout.write(text);
    return 0;
  }
  try {
    await writeFile(values.output, text);
  } catch (error) {
    process.stderr.write(`dualstack-webhook vap: --output ${values.output}: cannot write it (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
    return 2;
  }
  const coverage = vapCoverage(options);
  process.stdout.write(`wrote ${values.output}: covers ${coverage.oneObject.length} one-object rules and ${coverage.params.length} param rules\n`);
  return 0;
}
