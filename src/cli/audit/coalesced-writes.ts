/** The clock the writes are spaced by; tests pass their own. */
export interface WriteClock {
  now(): number;
  setTimer(run: () => void, delayMs: number): { cancel(): void };
}

export const REAL_CLOCK: WriteClock = {
  now: () => Date.now(),
  setTimer(run, delayMs) {
    const timer = setTimeout(run, delayMs);
    return { cancel: () => clearTimeout(timer) };
  },
};

interface KeyState {
  lastStart: number;
  timer: { cancel(): void } | undefined;
  inFlight: Promise<void> | undefined;
  /** Asked again while a write was in flight or waiting: one more write follows. */
  again: boolean;
}

/**
 * At most one write per key (a namespace) per interval: the first change is written at once, the changes that follow
 * within the interval become one write at its end, which reads the state as it is then. `write` reports its own errors.
 */
export class CoalescedWrites {
  private readonly keys = new Map<string, KeyState>();
  private stopped = false;

  constructor(
    private readonly write: (key: string) => Promise<void>,
    private readonly intervalMs = 1000,
    private readonly clock: WriteClock = REAL_CLOCK,
  ) {}

  schedule(key: string): void {
    if (this.stopped) return;
    let state = this.keys.get(key);
    if (!state) {
      state = { lastStart: Number.NEGATIVE_INFINITY, timer: undefined, inFlight: undefined, again: false };
      this.keys.set(key, state);
    }
    if (state.timer || state.inFlight) {
      state.again = true;
      return;
    }
    const delay = state.lastStart + this.intervalMs - this.clock.now();
    if (delay <= 0) {
      this.start(key, state);
      return;
    }
    state.timer = this.clock.setTimer(() => {
      state.timer = undefined;
      this.start(key, state);
    }, delay);
  }

  /** Resolves when no write is waiting or running. */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.keys.values()].filter((state) => state.timer || state.inFlight);
      if (busy.length === 0) return;
      await Promise.all(busy.map((state) => state.inFlight ?? new Promise((resolve) => setTimeout(resolve, 10))));
    }
  }

  /** No new writes; those waiting are dropped, the one in flight finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const state of this.keys.values()) {
      state.timer?.cancel();
      state.timer = undefined;
      state.again = false;
    }
    await Promise.all([...this.keys.values()].map((state) => state.inFlight));
  }

  private start(key: string, state: KeyState): void {
    if (this.stopped) return;
    state.lastStart = this.clock.now();
    state.again = false;
    state.inFlight = this.write(key).catch(() => {}).finally(() => {
      state.inFlight = undefined;
      if (state.again) {
        state.again = false;
        this.schedule(key);
      }
    });
  }
}
