import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MusterError } from '../../../src/core/errors.js';
import { DnsResolver } from '../../../src/dns/dns-resolver.js';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { dnsTestAddress, silentNameserver } from '../../helpers/dns-loopback.js';

// This file owns 127.10.2.0/24.
const HOST = dnsTestAddress(2, 1);
const addressesOf = (n: number, net = 42) =>
  Array.from({ length: n }, (_, i) => `10.${net}.${i >> 8}.${i & 255}`);

async function failure(p: Promise<unknown>): Promise<MusterError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(MusterError);
    return err as MusterError;
  }
  throw new Error('expected a failure');
}

describe('DnsResolver against the embedded server', () => {
  let server: DnsServer;
  let resolver: DnsResolver;

  beforeAll(async () => {
    server = new DnsServer({ host: HOST });
    await server.start();
    resolver = new DnsResolver({ nameservers: [server.address], timeout: 2000, attempts: 1 });
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.clear().setFault(undefined);
    server.stats.udp = 0;
    server.stats.tcp = 0;
  });

  it.each([
    [1, 0],
    [30, 0],
    [31, 0],
    [74, 0],
    [75, 1],
    [250, 1],
    [300, 1],
    [3000, 1],
  ])('returns all %i A records (TCP retries: %i)', async (n, tcp) => {
    const want = addressesOf(n);
    server.setA('svc.test', want);
    const result = await resolver.resolve4('svc.test');
    expect(result.kind).toBe('found');
    expect(result.kind === 'found' && [...result.records].sort()).toEqual([...want].sort());
    expect(server.stats).toEqual({ udp: 1, tcp });
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    server.setA('svc.test', ['10.0.0.1']).setFault({ mode: 'truncate', transport: 'udp' });
    expect(await resolver.resolve4('svc.test')).toEqual({
      kind: 'found',
      name: 'svc.test',
      records: ['10.0.0.1'],
    });
    expect(server.stats).toEqual({ udp: 1, tcp: 1 });
  });

  it('tells NXDOMAIN from NODATA, both as empty results', async () => {
    server.setA('svc.test', ['10.0.0.1']);
    expect(await resolver.resolve4('nope.test')).toMatchObject({
      kind: 'empty',
      reason: 'NXDOMAIN',
    });
    expect(await resolver.resolve6('svc.test')).toMatchObject({ kind: 'empty', reason: 'NODATA' });
  });

  it('reports SERVFAIL and REFUSED as typed errors', async () => {
    server.setA('svc.test', ['10.0.0.1']).setFault({ mode: 'servfail' });
    expect((await failure(resolver.resolve4('svc.test'))).code).toBe('MUSTER_ERR_DNS_SERVFAIL');
    server.setFault({ mode: 'refused' });
    expect((await failure(resolver.resolve4('svc.test'))).code).toBe('MUSTER_ERR_DNS_REFUSED');
  });

  it('reports a malformed answer as a typed error', async () => {
    server.setA('svc.test', ['10.0.0.1']).setFault({ mode: 'malformed' });
    expect((await failure(resolver.resolve4('svc.test'))).code).toBe('MUSTER_ERR_DNS_MALFORMED');
  });

  it('drops an answer with the wrong id and believes the right one that follows', async () => {
    server.setA('svc.test', ['10.0.0.1']).setFault({ mode: 'wrong-id-first' });
    expect(await resolver.resolve4('svc.test')).toMatchObject({
      kind: 'found',
      records: ['10.0.0.1'],
    });
  });

  it('times out on a server that never answers, after `attempts` tries', async () => {
    const silent = await silentNameserver(dnsTestAddress(2, 2));
    try {
      const r = new DnsResolver({ nameservers: [silent.address], timeout: 150, attempts: 2 });
      const err = await failure(r.resolve4('svc.test'));
      expect(err.code).toBe('MUSTER_ERR_DNS_TIMEOUT');
      expect(silent.received()).toBe(2);
    } finally {
      await silent.close();
    }
  });

  it('moves on to the next nameserver when one never answers, and rotates', async () => {
    const silent = await silentNameserver(dnsTestAddress(2, 3));
    try {
      server.setA('svc.test', ['10.0.0.1']);
      const r = new DnsResolver({
        nameservers: [silent.address, server.address],
        timeout: 150,
        attempts: 1,
      });
      expect(await r.resolve4('svc.test')).toMatchObject({ kind: 'found', records: ['10.0.0.1'] });
      expect(silent.received()).toBe(1);
      const rot = new DnsResolver({
        nameservers: [server.address, silent.address],
        timeout: 150,
        attempts: 1,
        rotate: true,
      });
      await rot.resolve4('svc.test');
      await rot.resolve4('svc.test'); // starts at the silent one, falls back to the server
      expect(silent.received()).toBe(2);
    } finally {
      await silent.close();
    }
  });

  it('expands search domains in getaddrinfo order, honouring ndots', async () => {
    server.setA('hello.web.rancher.internal', ['10.0.0.7']).setA('hello', ['10.6.6.6']);
    const seen: string[] = [];
    server.on('query', (q) => seen.push(q.name));
    const r = new DnsResolver({
      nameservers: [server.address],
      search: ['stack.rancher.internal', 'web.rancher.internal'],
      ndots: 1,
      timeout: 2000,
      attempts: 1,
    });
    expect(await r.resolve4('hello')).toEqual({
      kind: 'found',
      name: 'hello.web.rancher.internal',
      records: ['10.0.0.7'],
    });
    expect(seen).toEqual(['hello.stack.rancher.internal', 'hello.web.rancher.internal']);
    seen.length = 0;
    const k8s = new DnsResolver({
      nameservers: [server.address],
      search: ['rancher.internal'],
      ndots: 5,
      timeout: 2000,
      attempts: 1,
    });
    expect(await k8s.resolve4('hello.web')).toMatchObject({ records: ['10.0.0.7'] });
    expect(seen).toEqual(['hello.web.rancher.internal']);
    seen.length = 0;
    expect(await r.resolve4('hello.')).toMatchObject({ records: ['10.6.6.6'] });
    expect(seen).toEqual(['hello']);
    server.removeAllListeners('query');
  });

  it('fails, rather than claiming empty, when one search candidate gets SERVFAIL', async () => {
    server.setFault({ mode: 'servfail', count: 1 });
    const r = new DnsResolver({
      nameservers: [server.address],
      search: ['a.test'],
      timeout: 2000,
      attempts: 1,
    });
    expect((await failure(r.resolve4('hello'))).code).toBe('MUSTER_ERR_DNS_SERVFAIL');
  });

  it('returns AAAA records', async () => {
    server.setAAAA('svc.test', ['fd00::1', 'fd00::2']);
    expect(await resolver.resolve6('svc.test')).toMatchObject({
      kind: 'found',
      records: ['fd00::1', 'fd00::2'],
    });
  });

  it('returns SRV records with targets from the additional section', async () => {
    server
      .setSrv('_hello._tcp.svc.test', [
        { target: 'a.svc.test', port: 4370 },
        { target: 'b.svc.test', port: 4371, priority: 1, weight: 5 },
      ])
      .setA('a.svc.test', ['10.0.0.1'])
      .setAAAA('b.svc.test', ['fd00::2']);
    const result = await resolver.resolveSrv('_hello._tcp.svc.test');
    expect(result).toEqual({
      kind: 'found',
      name: '_hello._tcp.svc.test',
      records: [
        { target: 'a.svc.test', port: 4370, priority: 0, weight: 0, addresses: ['10.0.0.1'] },
        { target: 'b.svc.test', port: 4371, priority: 1, weight: 5, addresses: ['fd00::2'] },
      ],
    });
    expect(server.stats.udp).toBe(1);
  });

  it('follows CNAME chains, and detects a CNAME loop', async () => {
    server
      .setCname('www.test', 'web.test')
      .setCname('web.test', 'svc.test')
      .setA('svc.test', ['10.0.0.1']);
    expect(await resolver.resolve4('www.test')).toEqual({
      kind: 'found',
      name: 'svc.test',
      records: ['10.0.0.1'],
    });
    server.setCname('l1.test', 'l2.test').setCname('l2.test', 'l1.test');
    expect((await failure(resolver.resolve4('l1.test'))).code).toBe('MUSTER_ERR_DNS_CNAME_LOOP');
    server.setCname('dangling.test', 'nowhere.test');
    expect(await resolver.resolve4('dangling.test')).toMatchObject({
      kind: 'empty',
      reason: 'NXDOMAIN',
    });
  });
});

describe('DnsResolver against a server that does not chase CNAMEs or send glue', () => {
  let server: DnsServer;
  let resolver: DnsResolver;
  let dir: string;

  beforeAll(async () => {
    server = new DnsServer({ host: dnsTestAddress(2, 4), chaseCnames: false, srvGlue: false });
    await server.start();
    // Configured only through a resolv.conf file, as in production.
    dir = await mkdtemp(join(tmpdir(), 'muster-dns-'));
    const { host, port } = await server.start();
    await writeFile(
      join(dir, 'resolv.conf'),
      `nameserver ${host}\nsearch test\noptions ndots:1 timeout:2 attempts:1\n`,
    );
    resolver = await DnsResolver.fromResolvConf(join(dir, 'resolv.conf'), {
      nameservers: [`${host}:${port}`],
    });
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => server.clear());

  it('re-asks for each CNAME target', async () => {
    server
      .setCname('www.test', 'web.test')
      .setCname('web.test', 'svc.test')
      .setA('svc.test', ['10.0.0.1']);
    expect(await resolver.resolve4('www')).toEqual({
      kind: 'found',
      name: 'svc.test',
      records: ['10.0.0.1'],
    });
  });

  it('detects a loop spread over several answers', async () => {
    server
      .setCname('l1.test', 'l2.test')
      .setCname('l2.test', 'l3.test')
      .setCname('l3.test', 'l1.test');
    expect((await failure(resolver.resolve4('l1'))).code).toBe('MUSTER_ERR_DNS_CNAME_LOOP');
  });

  it('looks up SRV targets without glue (A, then AAAA)', async () => {
    server
      .setSrv('_hello._tcp.test', [
        { target: 'a.test', port: 1 },
        { target: 'b.test', port: 2 },
        { target: 'gone.test', port: 3 },
      ])
      .setA('a.test', ['10.0.0.1'])
      .setAAAA('b.test', ['fd00::2']);
    const result = await resolver.resolveSrv('_hello._tcp');
    expect(result.kind === 'found' && result.records.map((r) => r.addresses)).toEqual([
      ['10.0.0.1'],
      ['fd00::2'],
      [],
    ]);
  });
});
