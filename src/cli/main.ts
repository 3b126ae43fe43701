#!/usr/bin/env node
import { runCheck } from './check-command.js';
import { runManifests } from './manifests-command.js';
import { runPlan } from './plan-command.js';
import { runServe } from './serve-command.js';

const USAGE = `usage: dualstack-webhook <command> [options]

commands:
  serve       run the HTTPS admission webhook (see --help)
  check       judge manifests offline, as the webhook would (see --help)
  manifests   render the webhook configurations and RBAC from the registry of kinds
  plan        the IPv4/IPv6 address plan and capacity of a cluster configuration (see --help)
`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  serve: runServe,
  check: runCheck,
  manifests: runManifests,
  plan: runPlan,
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
