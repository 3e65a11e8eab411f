import { describe, expect, it } from 'vitest';
import type { NodeName } from '../../../../src/core/node-name.js';
import type { Connection } from '../../../../src/transport/tcp/connection.js';
import { sweepTicks, TICK_SWEEPS } from '../../../../src/transport/tcp/liveness.js';

/** The fields a tick sweep reads and writes, counting ticks and closes. */
function idleConnection() {
  const seen = { ticks: [] as number[], closed: undefined as string | undefined };
  const conn = {
    silentSweeps: 0,
    idleSweeps: 0,
    fullSweeps: 0,
    full: false,
    tick() {
      seen.ticks.push(sweep);
      this.idleSweeps = 0;
    },
    close(reason: string) {
      seen.closed = reason;
    },
  };
  let sweep = 0;
  const run = (sweeps: number, heard = false) => {
    const up = new Map([['a@h' as NodeName, conn as unknown as Connection]]);
    for (let i = 0; i < sweeps; i++) {
      sweep++;
      if (heard) conn.silentSweeps = 0;
      sweepTicks(up, 8_000);
    }
  };
  return { seen, run };
}

describe('tick sweeps (docs/transports.md, "Liveness")', () => {
  it('an idle connection ticks every third sweep: the peer hears from it at least every tickTime/2', () => {
    const { seen, run } = idleConnection();
    run(12, true);
    expect(seen.ticks).toEqual([3, 6, 9, 12]);
    expect(seen.closed).toBeUndefined();
  });

  it('a connection that hears nothing for more than eight sweeps is down with tick_timeout', () => {
    const { seen, run } = idleConnection();
    run(TICK_SWEEPS);
    expect(seen.closed).toBeUndefined();
    run(1);
    expect(seen.closed).toBe('tick_timeout');
  });
});
