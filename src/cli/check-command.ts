// PLACEHOLDER until the command lands.
export async function runCheck(argv: string[]): Promise<number> {
  process.stderr.write(`dualstack-webhook check: not available yet (${argv.length} arguments)\n`);
  return 2;
}
