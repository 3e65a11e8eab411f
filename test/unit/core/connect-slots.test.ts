import { describe, expect, it } from 'vitest';
import { ConnectSlots, type SlotJob } from '../../../src/core/connect-slots.js';

function dial(log: string[], name: string): SlotJob & { cancelled: boolean } {
  return {
    cancelled: false,
    start() {
      log.push(name);
    },
  };
}

describe('ConnectSlots', () => {
  it('runs at most `limit` dials and starts the next, in order, when one leaves', () => {
    const gate = new ConnectSlots(2);
    const log: string[] = [];
    for (const name of ['a', 'b', 'c', 'd']) gate.enter(dial(log, name));
    expect(log).toEqual(['a', 'b']);
    expect(gate.inUse).toBe(2);
    expect(gate.queued).toBe(2);
    gate.leave();
    expect(log).toEqual(['a', 'b', 'c']);
    gate.leave();
    gate.leave();
    expect(log).toEqual(['a', 'b', 'c', 'd']);
    gate.leave();
    expect(gate.inUse).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it('skips a dial cancelled while it waited', () => {
    const gate = new ConnectSlots(1);
    const log: string[] = [];
    gate.enter(dial(log, 'a'));
    const b = dial(log, 'b');
    gate.enter(b);
    gate.enter(dial(log, 'c'));
    b.cancelled = true;
    gate.leave();
    expect(log).toEqual(['a', 'c']);
  });
});
