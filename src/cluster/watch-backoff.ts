/**
 * Exponential backoff with full jitter between watch or list attempts: delays grow from `initialMs` to `maxMs`, and
 * each one is drawn uniformly from [delay/2, delay] so that replicas restarting together do not retry in step.
 */
export class Backoff {
  private attempt = 0;

  constructor(private readonly initialMs: number, private readonly maxMs: number, private readonly random = Math.random) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts; never rejects and leaves no timer behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export type Raced<T> = { readonly settled: 'value'; readonly value: T }
  | { readonly settled: 'error'; readonly error: unknown }
  | { readonly settled: 'timeout' }
  | { readonly settled: 'aborted' };

/**
 * Waits for `promise`, at most `timeoutMs`, and no longer than `signal` stays unaborted. The generated API clients of
 * @kubernetes/client-node take no abort signal, so a hanging list is left behind (its result ignored) rather than
 * awaited.
 */
export function race<T>(promise: Promise<T>, timeoutMs: number, signal: AbortSignal): Promise<Raced<T>> {
  return new Promise((resolve) => {
    const finish = (result: Raced<T>) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = () => finish({ settled: 'aborted' });
    const timer = setTimeout(() => finish({ settled: 'timeout' }), timeoutMs);
    if (signal.aborted) {
      finish({ settled: 'aborted' });
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
    promise.then((value) => finish({ settled: 'value', value }), (error: unknown) => finish({ settled: 'error', error }));
  });
}
