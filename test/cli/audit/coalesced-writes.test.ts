import assert from 'node:assert/strict';
import { CoalescedWrites, type WriteClock } from '../../../src/cli/audit/coalesced-writes.js';

/** A clock the test moves by hand: timers run when `advance` passes their time. */
class ManualClock implements WriteClock {
  private time = 0;
  private timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  now(): number { return this.time; }
  setTimer(run: () => void, delayMs: number) {
    const timer = { at: this.time + delayMs, run, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }
  /** Moves time forward, running each timer due on the way at its own time. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((timer) => !timer.cancelled && timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = next.at;
      next.run();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn += 1) await Promise.resolve();
}

function recorder(clock: ManualClock) {
  const writes: [string, number][] = [];
  return { writes, write: async (key: string) => { writes.push([key, clock.now()]); } };
}

describe('coalesced report writes (at most one per namespace per second)', () => {
  it('writes the first change at once and the changes of the next second as one write at its end', async () => {
    const clock = new ManualClock();
    const { writes, write } = recorder(clock);
    const coalesced = new CoalescedWrites(write, 1000, clock);
    coalesced.schedule('a');
    await settle();
    for (let change = 0; change < 50; change += 1) {
      await clock.advance(10);
      coalesced.schedule('a');
    }
    await clock.advance(499);
    assert.deepEqual(writes, [['a', 0]]);
    await clock.advance(1);
    assert.deepEqual(writes, [['a', 0], ['a', 1000]]);
    await clock.advance(5000);
    assert.deepEqual(writes, [['a', 0], ['a', 1000]]);
  });

  it('spaces each namespace on its own', async () => {
    const clock = new ManualClock();
    const { writes, write } = recorder(clock);
    const coalesced = new CoalescedWrites(write, 1000, clock);
    coalesced.schedule('a');
    coalesced.schedule('b');
    await settle();
    await clock.advance(100);
    coalesced.schedule('a');
    await clock.advance(2000);
    assert.deepEqual(writes, [['a', 0], ['b', 0], ['a', 1000]]);
  });

  it('writes once more after a write in flight when a change came meanwhile, never two at once', async () => {
    const clock = new ManualClock();
    let finish: (() => void) | undefined;
    let running = 0;
    let most = 0;
    const starts: number[] = [];
    const coalesced = new CoalescedWrites(() => new Promise<void>((resolve) => {
      starts.push(clock.now());
      running += 1;
      most = Math.max(most, running);
      finish = () => { running -= 1; resolve(); };
    }), 1000, clock);
    coalesced.schedule('a');
    await settle();
    await clock.advance(1500);
    coalesced.schedule('a');
    coalesced.schedule('a');
    finish!();
    await settle();
    assert.deepEqual(starts, [0, 1500]);
    finish!();
    await settle();
    assert.equal(most, 1);
  });

  it('drops waiting writes when stopped', async () => {
    const clock = new ManualClock();
    const { writes, write } = recorder(clock);
    const coalesced = new CoalescedWrites(write, 1000, clock);
    coalesced.schedule('a');
    await settle();
    coalesced.schedule('a');
    await coalesced.stop();
    await clock.advance(2000);
    coalesced.schedule('a');
    assert.deepEqual(writes, [['a', 0]]);
  });
});
