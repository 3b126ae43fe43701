// PLACEHOLDER until this benchmark lands.
export async function runWebhookBench(): Promise<void> {
  process.stdout.write('webhook benchmark: not available yet\n');
}
