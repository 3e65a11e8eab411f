import { describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../../src/core/clock.js';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { captureLogger, fieldAddress, fieldSuite, WARN } from './field-dns.js';

// Block 5. What a DNS outage writes to the log, poll after poll.

describe('field: log noise while DNS fails', () => {
  const { defer, pollServers } = fieldSuite();

  async function setup(clock: Clock = systemClock) {
    const dns = new DnsServer({ host: fieldAddress(5, 1) });
    await dns.start();
    defer(() => dns.stop());
    dns.setA('svc.field.test', ['10.5.0.1']);
    const { logger, lines } = captureLogger();
    const poll = await pollServers(
      'svc.field.test.',
      [dns.address],
      { timeout: 5_000 },
      { logger, clock },
    );
    const warns = () => lines.filter((l) => (l.level as number) >= WARN);
    return { dns, poll, lines, warns };
  }

  // Source: bitwalker/libcluster#16 ("very noisy logging": a line at least once a second).
  it('logs the first failure of a kind once, with code and message and no stack; recovery once', async () => {
    const { dns, poll, warns } = await setup();
    dns.setFault({ mode: 'servfail' });
    for (let i = 0; i < 10; i++) await poll.poll();
    expect(poll.errors).toHaveLength(10);
    expect(warns()).toHaveLength(1);
    expect(warns()[0]).toMatchObject({ code: 'MUSTER_ERR_DNS_SERVFAIL' });
    expect(warns()[0]!.msg).toContain('answered SERVFAIL');
    expect(JSON.stringify(warns())).not.toContain('stack');
    // A new kind of failure in the same outage is worth one more line.
    dns.setFault({ mode: 'refused' });
    await poll.poll();
    await poll.poll();
    expect(warns().map((l) => l.code)).toEqual([
      'MUSTER_ERR_DNS_SERVFAIL',
      'MUSTER_ERR_DNS_REFUSED',
    ]);
    dns.setFault(undefined);
    await poll.poll();
    await poll.poll();
    expect(warns()).toHaveLength(3);
    expect(warns()[2]).toMatchObject({ failures: 12 });
    expect(warns()[2]!.msg).toContain('recovered');
    expect(poll.known()).toEqual(['hello@10.5.0.1']);
  });

  // Source: ClickHouse/ClickHouse#26711 ("DNS Resolver polluting the logs" while re-resolving).
  it('summarises repeats at most once a minute while the outage lasts', async () => {
    let now = 0;
    const clock: Clock = { ...systemClock, now: () => now };
    const { dns, poll, warns } = await setup(clock);
    dns.setFault({ mode: 'servfail' });
    // 61 failed polls one second apart: the first line, then one summary at the minute.
    for (let i = 0; i < 61; i++) {
      await poll.poll();
      now += 1_000;
    }
    expect(poll.errors).toHaveLength(61);
    expect(warns()).toHaveLength(2);
    expect(warns()[1]!.msg).toContain('still failing');
    expect(warns()[1]).toMatchObject({ code: 'MUSTER_ERR_DNS_SERVFAIL', repeats: 60 });
  });
});
