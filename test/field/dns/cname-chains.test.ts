import { describe, expect, it } from 'vitest';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { fieldAddress, fieldSuite } from './field-dns.js';

// Block 10. Answers that go through CNAMEs: server-side search (CoreDNS autopath), an SRV name
// that is an alias, a chain a server does not chase.

describe('field: CNAME chains', () => {
  const { defer, pollServers } = fieldSuite();

  async function server(n: number, chaseCnames: boolean): Promise<DnsServer> {
    const dns = new DnsServer({ host: fieldAddress(10, n), chaseCnames });
    await dns.start();
    defer(() => dns.stop());
    return dns;
  }

  // Source: coredns/coredns#2552 (autopath answers the first search candidate with a CNAME to
  // the name that exists: "kubernetes.default.svc.cluster.local.default.svc.cluster.local is an
  // alias for kubernetes.default.svc.cluster.local").
  it('takes a server-side search answer: CNAME from the first candidate to the real name', async () => {
    const dns = await server(1, true);
    dns
      .setCname('hello.ns.svc.field.test.ns.svc.field.test', 'hello.ns.svc.field.test')
      .setA('hello.ns.svc.field.test', ['10.10.0.1', '10.10.0.2']);
    const poll = await pollServers('hello.ns.svc.field.test', [dns.address], {
      search: ['ns.svc.field.test', 'svc.field.test'],
      ndots: 5,
    });
    expect(poll.errors).toEqual([]);
    expect(poll.known()).toEqual(['hello@10.10.0.1', 'hello@10.10.0.2']);
  });

  // Source: kubernetes/dns#140 (an SRV name that is a CNAME: the SRV records of its target
  // are the answer).
  it.each([
    ['chased by the server', true],
    ['not chased (asked again for the target)', false],
  ])('follows an SRV name that is an alias, %s', async (_, chase) => {
    const dns = await server(chase ? 2 : 3, chase);
    dns
      .setCname('_hello._tcp.alias.field.test', '_hello._tcp.real.field.test')
      .setSrv('_hello._tcp.real.field.test', [
        { target: 'a.real.field.test', port: 4370 },
        { target: 'b.real.field.test', port: 4370 },
      ])
      .setA('a.real.field.test', ['10.10.1.1'])
      .setA('b.real.field.test', ['10.10.1.2']);
    const poll = await pollServers('_hello._tcp.alias.field.test.', [dns.address], {
      recordType: 'SRV',
    });
    expect(poll.errors).toEqual([]);
    expect(poll.known()).toEqual(['hello@10.10.1.1', 'hello@10.10.1.2']);
  });

  // Source: kubernetes/dns#140 (a CNAME loop or a dangling alias must not read as "nobody").
  it('fails a CNAME loop as a typed error and keeps the known nodes', async () => {
    const dns = await server(4, false);
    dns.setA('svc.field.test', ['10.10.2.1']);
    const poll = await pollServers('svc.field.test.', [dns.address]);
    expect(poll.known()).toEqual(['hello@10.10.2.1']);
    dns
      .remove('svc.field.test')
      .setCname('svc.field.test', 'loop.field.test')
      .setCname('loop.field.test', 'svc.field.test');
    await poll.poll();
    expect(poll.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_DNS_CNAME_LOOP']);
    expect(poll.known()).toEqual(['hello@10.10.2.1']);
  });
});
