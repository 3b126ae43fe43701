import assert from 'node:assert/strict';
import { Backoff, race, sleep } from '../../src/cluster/watch-backoff.js';

describe('backoff between watch and list attempts', () => {
  it('doubles from the initial delay up to the maximum, each delay drawn from [delay/2, delay]', () => {
    const highest = new Backoff(100, 1_000, () => 1);
    assert.deepEqual(Array.from({ length: 6 }, () => highest.next()), [100, 200, 400, 800, 1_000, 1_000]);
    const lowest = new Backoff(100, 1_000, () => 0);
    assert.deepEqual(Array.from({ length: 6 }, () => lowest.next()), [50, 100, 200, 400, 500, 500]);
  });

  it('starts again from the initial delay after reset()', () => {
    const backoff = new Backoff(100, 1_000, () => 1);
    backoff.next();
    backoff.next();
    backoff.reset();
    assert.equal(backoff.next(), 100);
  });

  it('sleep() ends at once when stopped, leaving no timer behind', async () => {
    const stopping = new AbortController();
    const slept = sleep(60_000, stopping.signal);
    stopping.abort();
    await slept;
  });

  it('race() gives up on a list that never answers when stopped, or when it times out', async () => {
    const never = new Promise<never>(() => {});
    const stopping = new AbortController();
    const raced = race(never, 60_000, stopping.signal);
    stopping.abort();
    assert.deepEqual(await raced, { settled: 'aborted' });
    assert.deepEqual(await race(never, 1, new AbortController().signal), { settled: 'timeout' });
    assert.deepEqual(await race(Promise.reject(new Error('refused')), 60_000, new AbortController().signal),
      { settled: 'error', error: new Error('refused') });
  });
});
