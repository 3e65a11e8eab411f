import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/testing/manual-clock.js';

describe('ManualClock', () => {
  it('fires due timers in order of due time, then of setting, each at its own now()', async () => {
    const clock = new ManualClock(1_000);
    const fired: [string, number][] = [];
    const at = (name: string) => () => fired.push([name, clock.now()]);
    clock.setTimeout(at('late'), 300);
    clock.setTimeout(at('first'), 100);
    clock.setTimeout(at('second'), 100);
    const cleared = clock.setTimeout(at('cleared'), 50);
    clock.clearTimeout(cleared);
    expect(clock.nextDue()).toBe(100);
    await clock.advance(299);
    expect(fired).toEqual([
      ['first', 1_100],
      ['second', 1_100],
    ]);
    expect(clock.now()).toBe(1_299);
    await clock.advance(1);
    expect(fired.at(-1)).toEqual(['late', 1_300]);
    expect(clock.pending).toBe(0);
  });

  it('fires a timer set by a firing timer when it falls due within the same step', async () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const again = () => {
      fired.push(clock.now());
      if (fired.length < 5) clock.setTimeout(again, 10);
    };
    clock.setTimeout(again, 10);
    await clock.advance(35);
    expect(fired).toEqual([10, 20, 30]);
    expect(clock.nextDue()).toBe(5);
  });

  it('lets promise callbacks run between timers', async () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    clock.setTimeout(() => {
      void Promise.resolve().then(() => {
        seen.push('then');
        clock.setTimeout(() => seen.push('after'), 0);
      });
    }, 5);
    await clock.advance(5);
    expect(seen).toEqual(['then', 'after']);
  });
});
