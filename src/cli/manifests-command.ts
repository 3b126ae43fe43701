// PLACEHOLDER until the command lands.
export async function runManifests(argv: string[]): Promise<number> {
  process.stderr.write(`dualstack-webhook manifests: not available yet (${argv.length} arguments)\n`);
  return 2;
}
