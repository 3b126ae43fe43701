/**
 * Polls `condition` until it holds; fails with `what` after `limitMs`. The limit only bounds a broken test: nothing
 * asserts how long anything took.
 */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
