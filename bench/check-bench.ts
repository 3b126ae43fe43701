// PLACEHOLDER until this benchmark lands.
export async function runCheckBench(): Promise<void> {
  process.stdout.write('check benchmark: not available yet\n');
}
