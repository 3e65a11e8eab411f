import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/core/backoff.js';

describe('backoffDelay', () => {
  const policy = { initialDelayMs: 100, maxDelayMs: 5_000 };

  it('grows exponentially, is jittered within [step/2, step], and is capped', () => {
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const step = Math.min(5_000, 100 * 2 ** attempt);
          const d = backoffDelay(policy, attempt, () => r);
          expect(d).toBeGreaterThanOrEqual(Math.floor(step / 2));
          expect(d).toBeLessThanOrEqual(step);
        },
      ),
    );
  });

  it('never waits zero, whatever the random draw', () => {
    expect(backoffDelay(policy, 0, () => 0)).toBe(50);
  });
});
