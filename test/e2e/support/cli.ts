import { PACKAGE_ROOT } from '../../../src/paths.js';
import { type CommandResult, runCommand } from './processes.js';
import { CLI } from './webhook.js';

export type CliResult = CommandResult;

/** The built `dualstack-webhook` command line with `args`, standard input optional, as a user runs it. */
export function runCli(args: readonly string[], stdin?: string): Promise<CliResult> {
  return runCommand(process.execPath, [CLI, ...args], { cwd: PACKAGE_ROOT }, stdin);
}
