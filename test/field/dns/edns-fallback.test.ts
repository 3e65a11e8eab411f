import { describe, expect, it } from 'vitest';
import { DnsResolver } from '../../../src/dns/dns-resolver.js';
import { type DnsFaultMode, DnsServer } from '../../../src/testing/dns-server.js';
import { fieldAddress, fieldSuite } from './field-dns.js';

// Block 1. A nameserver without EDNS: it answers any query carrying an OPT record with FORMERR
// (with or without the question), NOTIMP or silence; the same query without OPT is answered.

const NODES = ['10.1.0.1', '10.1.0.2'];
const WANT = NODES.map((a) => `hello@${a}`);

async function server(
  n: number,
  fault?: DnsFaultMode,
): Promise<{ dns: DnsServer; asked: string[] }> {
  const dns = new DnsServer({ host: fieldAddress(1, n) });
  await dns.start();
  dns.setA('svc.field.test', NODES);
  if (fault) dns.setFault({ mode: fault });
  const asked: string[] = [];
  dns.on('query', (q) => asked.push(q.edns ? 'edns' : 'plain'));
  return { dns, asked };
}

describe('field: nameservers that do not speak EDNS (RFC 6891 §7)', () => {
  const { defer, poll: startTracked, pollServers } = fieldSuite();

  // Source: c-ares/c-ares#244 (FORMERR without OPT means no EDNS: retry without it), coredns/coredns#1899.
  it.each([
    ['FORMERR echoing the question', 'formerr-edns'],
    // Source: wahern/dns#4 ("some servers don't echo the question section when replying FORMERR").
    ['FORMERR with no question section', 'formerr-edns-bare'],
    // Source: nil0x42/dnsanity#3 (BIND retries without EDNS on FORMERR, BADVERS and NOTIMP).
    ['NOTIMP', 'notimp-edns'],
  ] as const)(
    'a server answering %s is asked again at once without EDNS, and remembered',
    async (_, fault) => {
      const { dns, asked } = await server(1, fault);
      defer(() => dns.stop());
      let now = 1_000_000;
      const resolver = new DnsResolver({
        nameservers: [dns.address],
        timeout: 5_000,
        attempts: 1,
        now: () => now,
      });
      const poll = await startTracked({ query: 'svc.field.test.' }, { resolver });
      expect(poll.errors).toEqual([]);
      expect(poll.known()).toEqual(WANT);
      // First lookup: EDNS rejected, the same question plainly; the next poll asks plainly only.
      expect(asked).toEqual(['edns', 'plain', 'plain']);
      await poll.poll();
      expect(asked).toEqual(['edns', 'plain', 'plain', 'plain']);
      // 15 minutes later EDNS is tried again (the server may have been upgraded).
      now += resolver.edns.retryAfter;
      dns.setFault(undefined);
      await poll.poll();
      expect(asked.at(-1)).toBe('edns');
      expect(poll.errors).toEqual([]);
      expect(poll.known()).toEqual(WANT);
    },
  );

  // Source: wahern/dns#4 ("some servers will fail to reply to requests with an OPT RR").
  it('a server silent to EDNS is asked plainly on its next try, and from then on', async () => {
    const { dns, asked } = await server(2, 'drop-edns');
    defer(() => dns.stop());
    const poll = await pollServers('svc.field.test.', [dns.address], { timeout: 300, attempts: 2 });
    expect(poll.errors).toEqual([]);
    expect(poll.known()).toEqual(WANT);
    expect(asked.slice(0, 2)).toEqual(['edns', 'plain']);
    const before = asked.length;
    await poll.poll();
    expect(asked.slice(before)).toEqual(['plain']);
    expect(poll.errors).toEqual([]);
  });

  // Source: c-ares/c-ares#244 (a FORMERR carrying our id is that server's answer).
  it('with two nameservers, a bare FORMERR from the first is not a timeout: the second is never asked', async () => {
    const first = await server(3, 'formerr-edns-bare');
    const second = await server(4);
    defer(
      () => first.dns.stop(),
      () => second.dns.stop(),
    );
    const poll = await pollServers('svc.field.test.', [first.dns.address, second.dns.address], {
      timeout: 5_000,
    });
    expect(poll.errors).toEqual([]);
    expect(poll.known()).toEqual(WANT);
    expect(first.asked.slice(0, 2)).toEqual(['edns', 'plain']);
    expect(second.asked).toEqual([]);
  });

  // Source: c-ares/c-ares#244 (a FORMERR that carries OPT comes from a server that speaks EDNS).
  it('a server that rejects the question itself, with or without EDNS, fails the poll and keeps the nodes', async () => {
    const { dns, asked } = await server(5);
    defer(() => dns.stop());
    const poll = await pollServers('svc.field.test.', [dns.address], { timeout: 5_000 });
    expect(poll.known()).toEqual(WANT);
    dns.setFault({ mode: 'servfail' });
    const before = asked.length;
    await poll.poll();
    // SERVFAIL with OPT is the server failing, not EDNS: no plain retry, nodes kept.
    expect(asked.slice(before)).toEqual(['edns']);
    expect(poll.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_DNS_SERVFAIL']);
    expect(poll.known()).toEqual(WANT);
  });
});
