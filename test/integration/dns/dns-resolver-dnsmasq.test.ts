import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MusterError } from '../../../src/core/errors.js';
import { DnsResolver } from '../../../src/dns/dns-resolver.js';
import { dnsTestAddress } from '../../helpers/dns-loopback.js';
import { type Dnsmasq, startDnsmasq } from '../../helpers/dnsmasq.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// This file owns 127.10.3.0/24. Debian's dnsmasq is a second, independent DNS implementation.
const HOST = dnsTestAddress(3, 1);
const hostsFor = (name: string, n: number) =>
  Array.from({ length: n }, (_, i) => `10.77.${i >> 8}.${i & 255} ${name}`);

const BASE_HOSTS = [
  ...hostsFor('n1.test.internal', 1),
  ...hostsFor('n30.test.internal', 30),
  ...hostsFor('n31.test.internal', 31),
  ...hostsFor('n300.test.internal', 300),
  ...hostsFor('n3000.test.internal', 3000),
  '10.9.9.9 one.test.internal',
  'fd00::9 one.test.internal',
  'fd00::10 v6only.test.internal',
];

describe.skipIf(!hasPeerBinary('dnsmasq'))('DnsResolver against dnsmasq', () => {
  let dnsmasq: Dnsmasq | undefined;
  let resolver: DnsResolver;

  beforeAll(async () => {
    dnsmasq = await startDnsmasq(HOST, BASE_HOSTS, [
      '--local=/internal/',
      '--cname=alias.test.internal,mid.test.internal',
      '--cname=mid.test.internal,one.test.internal',
      '--srv-host=_hello._tcp.test.internal,one.test.internal,4370',
      '--srv-host=_hello._tcp.test.internal,v6only.test.internal,4371',
    ]);
    resolver = new DnsResolver({
      nameservers: [dnsmasq.address],
      search: ['other.internal', 'test.internal'],
      ndots: 1,
      timeout: 2000,
      attempts: 1,
    });
  });
  afterAll(async () => {
    await dnsmasq?.stop();
  });

  it.each([1, 30, 31, 300, 3000])(
    'returns all %i A records (UDP, or TCP after truncation)',
    async (n) => {
      const result = await resolver.resolve4(`n${n}`);
      expect(result.kind).toBe('found');
      if (result.kind !== 'found') return;
      expect(result.name).toBe(`n${n}.test.internal`);
      expect(new Set(result.records)).toEqual(
        new Set(hostsFor('x', n).map((l) => l.split(' ')[0])),
      );
    },
  );

  it('tries search domains in order and honours ndots and absolute names', async () => {
    expect(await resolver.resolve4('one')).toMatchObject({
      name: 'one.test.internal',
      records: ['10.9.9.9'],
    });
    const k8s = new DnsResolver({
      nameservers: [dnsmasq!.address],
      search: ['internal'],
      ndots: 5,
      timeout: 2000,
      attempts: 1,
    });
    expect(await k8s.resolve4('one.test')).toMatchObject({ name: 'one.test.internal' });
    expect(await resolver.resolve4('one.test.internal.')).toMatchObject({ records: ['10.9.9.9'] });
  });

  it('reports NXDOMAIN and NODATA as empty', async () => {
    expect(await resolver.resolve4('nope.test.internal.')).toMatchObject({
      kind: 'empty',
      reason: 'NXDOMAIN',
    });
    expect(await resolver.resolve4('v6only.test.internal.')).toMatchObject({
      kind: 'empty',
      reason: 'NODATA',
    });
  });

  it('reports a REFUSED name outside its zones as a typed error, not as empty', async () => {
    // Without upstream servers dnsmasq refuses names it is not local for.
    const err = await resolver.resolve4('elsewhere.example.').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MusterError);
    expect((err as MusterError).code).toBe('MUSTER_ERR_DNS_REFUSED');
  });

  it('returns AAAA records', async () => {
    expect(await resolver.resolve6('one')).toMatchObject({ kind: 'found', records: ['fd00::9'] });
  });

  it('returns SRV records with their targets addresses', async () => {
    const result = await resolver.resolveSrv('_hello._tcp');
    expect(result.kind).toBe('found');
    if (result.kind !== 'found') return;
    const byPort = Object.fromEntries(result.records.map((r) => [r.port, [...r.addresses].sort()]));
    expect(byPort).toEqual({ 4370: ['10.9.9.9', 'fd00::9'], 4371: ['fd00::10'] });
  });

  it('follows a CNAME chain', async () => {
    expect(await resolver.resolve4('alias')).toEqual({
      kind: 'found',
      name: 'one.test.internal',
      records: ['10.9.9.9'],
    });
  });

  it('sees a changed hosts file after SIGHUP', async () => {
    await dnsmasq!.setHosts([...BASE_HOSTS, '10.5.5.5 fresh.test.internal']);
    expect(await resolver.resolve4('fresh')).toMatchObject({ records: ['10.5.5.5'] });
    await dnsmasq!.setHosts(BASE_HOSTS);
    expect(await resolver.resolve4('fresh.test.internal.')).toMatchObject({
      kind: 'empty',
      reason: 'NXDOMAIN',
    });
  });
});

describe.skipIf(!hasPeerBinary('dnsmasq'))('DnsResolver against dnsmasq with a CNAME loop', () => {
  it('reports the loop as a typed error', async () => {
    let dnsmasq: Dnsmasq | undefined;
    try {
      dnsmasq = await startDnsmasq(
        dnsTestAddress(3, 2),
        ['10.9.9.9 one.test.internal'],
        [
          '--local=/internal/',
          '--cname=l1.test.internal,l2.test.internal',
          '--cname=l2.test.internal,l1.test.internal',
        ],
      );
    } catch (err) {
      // Some dnsmasq versions refuse to start with a loop in their own config; that is fine.
      expect(String(err)).toMatch(/loop|CNAME/i);
      return;
    }
    try {
      const r = new DnsResolver({ nameservers: [dnsmasq.address], timeout: 2000, attempts: 1 });
      const err = await r.resolve4('l1.test.internal.').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MusterError);
      expect([
        'MUSTER_ERR_DNS_CNAME_LOOP',
        'MUSTER_ERR_DNS_SERVFAIL',
        'MUSTER_ERR_DNS_REFUSED',
      ]).toContain((err as MusterError).code);
    } finally {
      await dnsmasq.stop();
    }
  });
});
