// PLACEHOLDER until the command lands.
export async function runServe(argv: string[]): Promise<number> {
  process.stderr.write(`dualstack-webhook serve: not available yet (${argv.length} arguments)\n`);
  return 2;
}
