import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { fieldAddress, fieldSuite, type PollHarness } from './field-dns.js';

// Block 2. A packet that carries our query id (and the response bit) but does not decode.

describe('field: an undecodable packet carrying our id', () => {
  const { defer, pollServers } = fieldSuite();

  // Source: golang/go#13281 (keep waiting for a legitimate answer after a bogus UDP packet).
  it('does not end the lookup: the real answer that follows is used', async () => {
    const dns = new DnsServer({ host: fieldAddress(2, 1) });
    await dns.start();
    defer(() => dns.stop());
    dns.setA('svc.field.test', ['10.2.0.1']).setFault({ mode: 'malformed-first' });
    const poll: PollHarness = await pollServers('svc.field.test.', [dns.address], {
      timeout: 5_000,
    });
    expect(poll.errors).toEqual([]);
    expect(poll.known()).toEqual(['hello@10.2.0.1']);
    expect(dns.stats.tcp).toBe(0);
  });

  // Source: hickory-dns/hickory-dns#3526 (a bad packet could be spoofed; wait for the real one).
  it('from a server that sends nothing else: the poll fails as MALFORMED at the deadline (not as a timeout)', async () => {
    // This "server" answers every query with garbage under the query's id and nothing else:
    // the typed error still says what came, once the deadline passed.
    const liar = createSocket('udp4');
    liar.on('message', (msg, rinfo) => {
      const bad = Buffer.from([msg[0]!, msg[1]!, 0x84, 0, 0, 1, 0, 5, 0, 0, 0, 0, 9, 9, 9]);
      liar.send(bad, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => liar.bind(0, fieldAddress(2, 2), resolve));
    defer(() => new Promise<void>((resolve) => liar.close(() => resolve())));
    const poll = await pollServers(
      'svc.field.test.',
      [`${fieldAddress(2, 2)}:${liar.address().port}`],
      { timeout: 200 },
    );
    expect(poll.errors.map((e) => e.code)).toEqual([
      'MUSTER_ERR_DNS_MALFORMED',
      'MUSTER_ERR_DNS_MALFORMED',
    ]);
    expect(poll.known()).toEqual([]);
  });
});
