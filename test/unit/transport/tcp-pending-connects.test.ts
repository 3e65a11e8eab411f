import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { toNodeName } from '../../../src/core/node-name.js';
import { PendingConnects } from '../../../src/transport/tcp/pending-connects.js';

/** A clock whose timers run when the test says so. */
function manualClock() {
  const timers = new Map<number, () => void>();
  let nextId = 1;
  const clock: Clock = {
    now: () => 0,
    setTimeout: (fn) => {
      const id = nextId++;
      timers.set(id, fn);
      return id;
    },
    clearTimeout: (id) => {
      timers.delete(id as number);
    },
  };
  const fire = () => {
    for (const [id, fn] of [...timers]) {
      timers.delete(id);
      fn();
    }
  };
  return { clock, timers, fire };
}

const node = toNodeName('n@127.0.0.1');
const never = () => {
  throw new Error('abort must not run');
};

describe('PendingConnects', () => {
  it('keeps one attempt per node until it settles, and settles it once', async () => {
    const { clock } = manualClock();
    const pending = new PendingConnects(clock);
    const attempt = pending.open(node, undefined, never);
    expect(pending.get(node)).toBe(attempt);
    expect(pending.size).toBe(1);
    pending.settle(attempt, true);
    pending.settle(attempt, false);
    await expect(attempt.promise).resolves.toBe(true);
    expect(pending.get(node)).toBeUndefined();
  });

  it('settling an old attempt does not forget a newer one for the same node', () => {
    const pending = new PendingConnects(manualClock().clock);
    const old = pending.open(node, undefined, never);
    const newer = pending.open(node, undefined, never);
    pending.settle(old, false);
    expect(pending.get(node)).toBe(newer);
  });

  it('runs abort when the signal fires, and stops listening once settled', async () => {
    const pending = new PendingConnects(manualClock().clock);
    const aborted: unknown[] = [];
    const c1 = new AbortController();
    const a1 = pending.open(node, c1.signal, (a) => {
      aborted.push(a);
      pending.settle(a, false);
    });
    c1.abort();
    expect(aborted).toEqual([a1]);
    await expect(a1.promise).resolves.toBe(false);

    const c2 = new AbortController();
    const a2 = pending.open(node, c2.signal, never);
    pending.settle(a2, true);
    c2.abort(); // removed: never runs
    await expect(a2.promise).resolves.toBe(true);
  });

  it('awaitWinner settles false after the wait unless the winner arrived', async () => {
    const { clock, timers, fire } = manualClock();
    const pending = new PendingConnects(clock);
    const lost = pending.open(node, undefined, never);
    pending.awaitWinner(lost, 100, () => false);
    expect(lost.waitTimer).toBeDefined();
    fire();
    await expect(lost.promise).resolves.toBe(false);

    const won = pending.open(node, undefined, never);
    pending.awaitWinner(won, 100, () => true);
    fire();
    expect(pending.get(node)).toBe(won); // still pending: the winning connection settles it
    pending.awaitWinner(won, 100, () => false);
    pending.settle(won, true); // settling clears the wait timer
    expect(timers.size).toBe(0);
    await expect(won.promise).resolves.toBe(true);
  });

  it('settleAll resolves every attempt', async () => {
    const pending = new PendingConnects(manualClock().clock);
    const a = pending.open(node, undefined, never);
    const b = pending.open(toNodeName('m@127.0.0.2'), undefined, never);
    pending.settleAll(false);
    await expect(Promise.all([a.promise, b.promise])).resolves.toEqual([false, false]);
    expect(pending.size).toBe(0);
  });
});
