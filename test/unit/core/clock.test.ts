import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { ConnectQueue } from '../../../src/core/connect-queue.js';
import { ConnectSlots } from '../../../src/core/connect-slots.js';
import { ConnectErrorCode } from '../../../src/core/errors.js';
import { n } from '../../helpers/reconciler-harness.js';

const HOUR = 3_600_000;
const A = n('app@127.142.0.1');

/** Steps the wall clock (Date.now) by `offset` ms from now on, as an NTP step or `date -s` does. */
function stepWallClock(offset: number): void {
  const real = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => real() + offset);
}

/** A queue over a dialer that never answers until aborted, on the real (system) clock. */
function silentQueue(timeoutMs: number) {
  return new ConnectQueue(
    {
      dial: (_node, { signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
    },
    { slots: new ConnectSlots(1), timeoutMs, clock: systemClock, onLateAnswer: () => {} },
  );
}

describe('systemClock', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is monotonic: a wall clock stepped back or forward an hour does not move it', () => {
    const before = systemClock.now();
    stepWallClock(-HOUR);
    const afterBack = systemClock.now();
    expect(afterBack).toBeGreaterThanOrEqual(before);
    expect(afterBack - before).toBeLessThan(HOUR / 2);
    vi.restoreAllMocks();
    stepWallClock(HOUR);
    expect(systemClock.now() - afterBack).toBeLessThan(HOUR / 2);
  });

  it('a connect timeout still fires when the wall clock steps back an hour (no stall)', async () => {
    const queue = silentQueue(200);
    const t0 = performance.now();
    const result = queue.connect(A);
    stepWallClock(-HOUR);
    const error = await result;
    expect(error?.code).toBe(ConnectErrorCode.timeout);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
  });

  it('a connect timeout does not fire early when the wall clock steps forward an hour', async () => {
    const queue = silentQueue(200);
    const t0 = performance.now();
    const result = queue.connect(A);
    stepWallClock(HOUR);
    const error = await result;
    expect(error?.code).toBe(ConnectErrorCode.timeout);
    // Given up between 1 and 1.25 timeouts after it started, by the monotonic clock.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
  });
});
