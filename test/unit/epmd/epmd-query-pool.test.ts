import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { QueryPool } from '../../../src/epmd/epmd-query-pool.js';

/** What QueryPool uses of a socket: its address, 'close', destroy(). */
function socket(remoteAddress: string) {
  const s = new EventEmitter() as EventEmitter & { remoteAddress: string; destroyed: boolean };
  s.remoteAddress = remoteAddress;
  s.destroyed = false;
  (s as unknown as { destroy(): void }).destroy = () => {
    s.destroyed = true;
    s.emit('close');
  };
  return s as unknown as Socket & { destroyed: boolean };
}

describe('QueryPool', () => {
  it('admits every socket, cutting the oldest of its address past the per-address cap', () => {
    const pool = new QueryPool({ maxSockets: 100, maxPerAddress: 2 });
    const [a1, a2, a3] = [socket('10.0.0.1'), socket('10.0.0.1'), socket('10.0.0.1')];
    const b1 = socket('10.0.0.2');
    for (const s of [a1, b1, a2, a3]) pool.admit(s);
    expect([a1.destroyed, a2.destroyed, a3.destroyed, b1.destroyed]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect(pool.size).toBe(3);
  });

  it('cuts the oldest socket overall past the pool size; released sockets do not count', () => {
    const pool = new QueryPool({ maxSockets: 2, maxPerAddress: 10 });
    const [x, y, z, w] = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map(socket) as [
      Socket & { destroyed: boolean },
      Socket & { destroyed: boolean },
      Socket & { destroyed: boolean },
      Socket & { destroyed: boolean },
    ];
    pool.admit(x);
    pool.admit(y);
    pool.release(x); // it registered a name
    pool.admit(z);
    expect([x.destroyed, y.destroyed, z.destroyed]).toEqual([false, false, false]);
    pool.admit(w);
    expect([y.destroyed, z.destroyed, w.destroyed]).toEqual([true, false, false]);
    z.emit('close');
    expect(pool.size).toBe(1);
  });
});
