import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../../src/core/clock.js';
import { DiscoveryError, MusterError } from '../../../src/core/errors.js';
import { FailureLog } from '../../../src/strategies/failure-log.js';

function setup() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l !== '') lines.push(JSON.parse(l));
      done();
    },
  });
  let now = 0;
  const clock: Clock = { ...systemClock, now: () => now };
  const log = new FailureLog(pino({ level: 'warn' }, sink), clock);
  return { lines, log, tick: (ms: number) => (now += ms) };
}

describe('FailureLog', () => {
  it('logs a stack only for unexpected errors (bugs)', () => {
    const { lines, log } = setup();
    log.failed(new MusterError('MUSTER_ERR_DNS_TIMEOUT', 'no answer'));
    log.failed(new DiscoveryError('t', 'boom', { cause: new TypeError('boom') }), true);
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toHaveProperty('err');
    expect((lines[1]!.err as { stack: string }).stack).toContain('boom');
  });

  it('names at most 16 kinds per outage, then only counts them', () => {
    const { lines, log, tick } = setup();
    for (let i = 0; i < 40; i++) log.failed(new MusterError(`MUSTER_ERR_X${i}`, 'x'));
    expect(lines).toHaveLength(16);
    tick(60_000);
    log.failed(new MusterError('MUSTER_ERR_X39', 'x'));
    expect(lines).toHaveLength(17);
    expect(lines[16]).toMatchObject({ repeats: 25, failures: 41 });
    log.succeeded();
    log.succeeded();
    expect(lines).toHaveLength(18);
    expect(Object.keys(lines[17]!.codes as object)).toHaveLength(16);
  });
});
