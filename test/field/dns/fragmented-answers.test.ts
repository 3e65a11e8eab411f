import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { type Dnsmasq, startDnsmasq } from '../../helpers/dnsmasq.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';
import { fieldAddress, fieldSuite } from './field-dns.js';
import { lossyPath } from './lossy-path.js';

// Block 6. Answers bigger than one packet of the path: IP fragments are lost on the way.

const hostsFor = (n: number) => Array.from({ length: n }, (_, i) => `10.6.${i >> 8}.${i & 255}`);
type Path = Awaited<ReturnType<typeof lossyPath>>;

describe.skipIf(!hasPeerBinary('dnsmasq'))('field: a path that loses IP fragments', () => {
  let dnsmasq: Dnsmasq;
  let embedded: DnsServer;
  const paths: Record<string, Path> = {};
  const { pollServers } = fieldSuite();

  beforeAll(async () => {
    // dnsmasq (2.87+) caps its UDP answers at 1,232 bytes itself; the embedded server, like
    // CoreDNS and BIND, fills whatever size the query advertises.
    dnsmasq = await startDnsmasq(
      fieldAddress(6, 1),
      [
        ...hostsFor(60).map((a) => `${a} small.field.test`),
        ...hostsFor(100).map((a) => `${a} big.field.test`),
      ],
      ['--local=/field.test/'],
    );
    embedded = new DnsServer({ host: fieldAddress(6, 3) });
    await embedded.start();
    embedded.setA('small.field.test', hostsFor(60)).setA('big.field.test', hostsFor(100));
    // MTU 1280 (IPv6's minimum, common on tunnels): 1,232 bytes of DNS per datagram at most.
    const [host, port] = dnsmasq.address.split(':') as [string, string];
    paths.dnsmasq = await lossyPath(fieldAddress(6, 2), { host, port: Number(port) }, 1232);
    const bound = await embedded.start();
    paths.embedded = await lossyPath(fieldAddress(6, 4), bound, 1232);
  });
  afterAll(async () => {
    for (const p of Object.values(paths)) await p.close();
    await embedded?.stop();
    await dnsmasq?.stop();
  });

  // Source: folbricht/routedns#170 (an EDNS size of 4096 invites fragmentation; DNS Flag Day
  // 2020 recommends 1232), PowerDNS/pdns#7307 ("networks that drop fragments").
  it.each([
    ['embedded', 'small', 60],
    ['embedded', 'big', 100],
    ['dnsmasq', 'small', 60],
    ['dnsmasq', 'big', 100],
  ])(
    'through %s, %s.field.test (%i records) arrives: truncated to our size, TCP carries the rest',
    async (server, name, n) => {
      const path = paths[server]!;
      const before = path.dropped();
      const poll = await pollServers(`${name}.field.test.`, [path.address], { timeout: 500 });
      expect(poll.errors).toEqual([]);
      expect(poll.known()).toEqual(
        hostsFor(n)
          .map((a) => `hello@${a}`)
          .sort(),
      );
      expect(path.dropped()).toBe(before);
    },
  );
});
