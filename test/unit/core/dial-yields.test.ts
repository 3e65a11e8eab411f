import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { DialYields, MAX_YIELD_RENEWALS } from '../../../src/core/dial-yields.js';
import type { NodeName } from '../../../src/core/node-name.js';

/** A clock moved by hand that counts the timers armed on it. */
function handClock() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextId = 0;
  let armed = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      armed++;
      timers.set(++nextId, { at: now + ms, fn });
      return nextId;
    },
    clearTimeout: (h) => {
      timers.delete(h as number);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= end);
      if (due.length === 0) break;
      due.sort((a, b) => a[1].at - b[1].at);
      const [id, t] = due[0]!;
      timers.delete(id);
      now = t.at;
      t.fn();
    }
    now = end;
  };
  return { clock, advance, armed: () => armed, pending: () => timers.size };
}

const names = (k: number) =>
  Array.from({ length: k }, (_, i) => `n${i}@127.0.0.${i + 1}` as NodeName);

describe('DialYields', () => {
  it('holds thousands of waits on one timer, renewing them while busy', () => {
    const { clock, advance, armed, pending } = handClock();
    let busy = true;
    const dialed: NodeName[] = [];
    const yields = new DialYields(clock, 200, () => 0, {
      stillNeedsDial: () => true,
      busy: () => busy,
      dial: (node) => dialed.push(node),
    });
    const all = names(2_000);
    for (const node of all) yields.add(node);
    expect(pending()).toBe(1);
    advance(100 * 10); // ten renewals of every wait
    expect(dialed).toEqual([]);
    expect(armed()).toBeLessThanOrEqual(11);
    busy = false;
    advance(100);
    expect(dialed).toEqual(all);
    expect(yields.size).toBe(0);
    expect(pending()).toBe(0);
  });

  it('dials after MAX_YIELD_RENEWALS renewals even while busy; skips what is no longer needed', () => {
    const { clock, advance } = handClock();
    const [a, b] = names(2);
    const dialed: NodeName[] = [];
    const yields = new DialYields(clock, 100, () => 0, {
      stillNeedsDial: (node) => node === a,
      busy: () => true,
      dial: (node) => dialed.push(node),
    });
    yields.add(a!);
    yields.add(b!);
    advance(50 * MAX_YIELD_RENEWALS);
    expect(dialed).toEqual([]);
    advance(50);
    expect(dialed).toEqual([a]); // b is checked when its wait ends, and not needed any more
    expect(yields.has(b!)).toBe(false);
  });

  it('waits at least half a wait, at most a whole one; delete and stop cancel', () => {
    const { clock, advance, pending } = handClock();
    let jitter = 1;
    const dialed: NodeName[] = [];
    const yields = new DialYields(clock, 200, () => jitter, {
      stillNeedsDial: () => true,
      busy: () => false,
      dial: (node) => dialed.push(node),
    });
    const [a, b, c] = names(3);
    yields.add(a!); // may end from 100, the sweep comes at 100 + 100 (full jitter)
    advance(150);
    yields.add(b!); // may end from 250: not swept at 200
    yields.add(c!);
    yields.delete(c!);
    jitter = 0; // the next sweep comes as soon as b may end
    advance(49);
    expect(dialed).toEqual([]);
    advance(1);
    expect(dialed).toEqual([a]);
    advance(49);
    expect(dialed).toEqual([a]);
    advance(1);
    expect(dialed).toEqual([a, b]);
    yields.add(c!);
    yields.stop();
    advance(1_000);
    expect(dialed).toEqual([a, b]);
    expect(pending()).toBe(0);
  });
});
