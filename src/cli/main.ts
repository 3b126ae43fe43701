#!/usr/bin/env node

const USAGE = `usage: dualstack-webhook <command> [options]

commands:
  serve       run the HTTPS admission webhook (see --help)
  check       judge manifests offline, as the webhook would (see --help)
  manifests   render the webhook configurations and RBAC from the registry of kinds
  plan        the IPv4/IPv6 address plan and capacity of a cluster configuration (see --help)
  vap         render the rules as ValidatingAdmissionPolicies for kube-apiserver itself (see --help)
  audit       judge what the API already stores and write OpenReports/PolicyReports (see --help)
`;

// Each command loads only its own modules, when it runs: `check` in a pre-commit hook or an editor starts without the
// server, the Kubernetes client, metrics or the logger (test/cli/module-graph.test.ts holds this), and --help without
// any command.
const commands: Record<string, (argv: string[]) => Promise<number>> = {
  serve: async (argv) => (await import('./serve/serve-command.js')).runServe(argv),
  check: async (argv) => (await import('./check/check-command.js')).runCheck(argv),
  manifests: async (argv) => (await import('./manifests/manifests-command.js')).runManifests(argv),
  plan: async (argv) => (await import('./plan/plan-command.js')).runPlan(argv),
  vap: async (argv) => (await import('./vap/vap-command.js')).runVap(argv),
  audit: async (argv) => (await import('./audit/audit-command.js')).runAudit(argv),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`dualstack-webhook: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    process.stderr.write(`dualstack-webhook: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
