import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { ConfigError, type MusterError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { NodeName } from '../../../src/core/node-name.js';
import type { NodeDiff } from '../../../src/core/node-set-diff.js';
import { DnsServfailError } from '../../../src/dns/dns-errors.js';
import type { DnsLookup, DnsResult, SrvRecord } from '../../../src/dns/dns-resolver.js';
import {
  type DnsPollConfig,
  DnsPollStrategy,
  hostKey,
} from '../../../src/strategies/dns-poll-strategy.js';

describe('DnsPollStrategy.parseConfig', () => {
  it('fills the defaults', () => {
    expect(
      DnsPollStrategy.parseConfig({ query: 'my-hello-service', nodeBasename: 'hello' }),
    ).toEqual({
      query: 'my-hello-service',
      nodeBasename: 'hello',
      pollingInterval: 5000,
      recordType: 'A',
      resolvConf: '/etc/resolv.conf',
    });
  });

  it('keeps every explicit key', () => {
    const raw = {
      query: '_hello._tcp.svc.cluster.local.',
      nodeBasename: 'hello',
      pollingInterval: 1000,
      recordType: 'SRV',
      nameservers: ['127.10.0.1:5353', '[::1]:53', '10.43.0.10'],
      search: ['svc.cluster.local'],
      ndots: 5,
      timeout: 300,
      attempts: 3,
      resolvConf: '/tmp/resolv.conf',
    };
    expect(DnsPollStrategy.parseConfig(raw)).toEqual(raw);
  });

  it.each([
    [{ nodeBasename: 'hello' }, 'query'],
    [{ query: '', nodeBasename: 'hello' }, 'query'],
    [{ query: 'a..b', nodeBasename: 'hello' }, 'query'],
    [{ query: 'svc' }, 'nodeBasename'],
    [{ query: 'svc', nodeBasename: 'he llo' }, 'nodeBasename'],
    [{ query: 'svc', nodeBasename: 'hello', pollingInterval: 0 }, 'pollingInterval'],
    [{ query: 'svc', nodeBasename: 'hello', recordType: 'MX' }, 'recordType'],
    [{ query: 'svc', nodeBasename: 'hello', nameservers: ['dns.example'] }, 'nameservers[0]'],
    [
      { query: 'svc', nodeBasename: 'hello', nameservers: ['10.0.0.1', '10.0.0.1:99999'] },
      'nameservers[1]',
    ],
    [{ query: 'svc', nodeBasename: 'hello', nameservers: [] }, 'nameservers'],
    [{ query: 'svc', nodeBasename: 'hello', search: 'a.b' }, 'search'],
    [{ query: 'svc', nodeBasename: 'hello', ndots: 16 }, 'ndots'],
    [{ query: 'svc', nodeBasename: 'hello', timeout: -1 }, 'timeout'],
    [{ query: 'svc', nodeBasename: 'hello', attempts: 0 }, 'attempts'],
    [{ query: 'svc', nodeBasename: 'hello', resolvconf: '/x' }, 'resolvconf'],
  ])('rejects %j naming %s', (raw, path) => {
    let error: unknown;
    try {
      DnsPollStrategy.parseConfig(raw);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).path).toBe(path);
  });
});

/** A resolver the test scripts: each call takes the next scripted outcome. */
class ScriptedResolver implements DnsLookup {
  a: DnsResult<string> | Error = { kind: 'empty', name: 'q', reason: 'NXDOMAIN' };
  aaaa: DnsResult<string> | Error = { kind: 'empty', name: 'q', reason: 'NODATA' };
  srv: DnsResult<SrvRecord> | Error = { kind: 'empty', name: 'q', reason: 'NXDOMAIN' };

  async resolve(_name: string, type: 'A' | 'AAAA'): Promise<DnsResult<string>> {
    const v = type === 'A' ? this.a : this.aaaa;
    if (v instanceof Error) throw v;
    return v;
  }

  async resolveSrv(): Promise<DnsResult<SrvRecord>> {
    if (this.srv instanceof Error) throw this.srv;
    return this.srv;
  }
}

const found = (records: string[]): DnsResult<string> => ({ kind: 'found', name: 'q', records });

function make(resolver: DnsLookup, config: Partial<DnsPollConfig> = {}) {
  const strategy = new DnsPollStrategy(
    {
      topology: 'test',
      config: DnsPollStrategy.parseConfig({
        query: 'svc',
        nodeBasename: 'hello',
        pollingInterval: 60_000,
        ...config,
      }),
      logger: silentLogger(),
      clock: systemClock,
      self: 'hello@127.0.0.1' as NodeName,
    },
    { resolver },
  );
  const diffs: NodeDiff[] = [];
  const errors: MusterError[] = [];
  strategy.on('diff', (d) => diffs.push(d));
  strategy.on('error', (e) => errors.push(e));
  return { strategy, diffs, errors };
}

describe('DnsPollStrategy polling', () => {
  it('wants basename@address for each A record, and emits nothing on a quiet poll', async () => {
    const r = new ScriptedResolver();
    r.a = found(['10.42.0.1', '10.42.0.2']);
    const { strategy, diffs } = make(r);
    await strategy.start();
    await strategy.ready;
    expect([...strategy.known()].sort()).toEqual(['hello@10.42.0.1', 'hello@10.42.0.2']);
    r.a = found(['10.42.0.2', '10.42.0.1']); // same set, other order (round-robin DNS)
    await strategy.pollNow();
    expect(diffs).toHaveLength(1);
    r.a = found(['10.42.0.2', '10.42.0.3']);
    await strategy.pollNow();
    expect(diffs[1]).toEqual({ added: ['hello@10.42.0.3'], removed: ['hello@10.42.0.1'] });
    await strategy.stop();
  });

  it('notices a changed answer of the same size, also with a repeated address', async () => {
    const r = new ScriptedResolver();
    r.a = found(['10.42.0.1', '10.42.0.2']);
    const { strategy, diffs } = make(r);
    await strategy.start();
    await strategy.ready;
    r.a = found(['10.42.0.1', '10.42.0.1']);
    await strategy.pollNow();
    expect(diffs.at(-1)).toEqual({ added: [], removed: ['hello@10.42.0.2'] });
    r.a = found(['10.42.0.3', '10.42.0.1']);
    await strategy.pollNow();
    expect(diffs.at(-1)).toEqual({ added: ['hello@10.42.0.3'], removed: [] });
    r.a = found(['10.42.0.1', '10.42.0.3']);
    await strategy.pollNow();
    expect(diffs).toHaveLength(3);
    await strategy.stop();
  });

  it('removes every node on NXDOMAIN, keeps them on a failure', async () => {
    const r = new ScriptedResolver();
    r.a = found(['10.42.0.1']);
    const { strategy, diffs, errors } = make(r);
    await strategy.start();
    await strategy.ready;
    r.a = new DnsServfailError('svc A', '127.10.0.1:53');
    await strategy.pollNow();
    expect(errors.map((e) => e.code)).toEqual(['MUSTER_ERR_DNS_SERVFAIL']);
    expect([...strategy.known()]).toEqual(['hello@10.42.0.1']);
    r.a = { kind: 'empty', name: 'svc', reason: 'NXDOMAIN' };
    await strategy.pollNow();
    expect(diffs.at(-1)).toEqual({ added: [], removed: ['hello@10.42.0.1'] });
    await strategy.stop();
  });

  it('unions A and AAAA for A+AAAA; a failing family keeps its nodes, both failing fails', async () => {
    const r = new ScriptedResolver();
    r.a = found(['10.42.0.1']);
    r.aaaa = found(['fd00::1']);
    const { strategy, errors } = make(r, { recordType: 'A+AAAA' });
    const warnings: MusterError[] = [];
    strategy.on('warning', (w) => warnings.push(w));
    await strategy.start();
    await strategy.ready;
    expect([...strategy.known()].sort()).toEqual(['hello@10.42.0.1', 'hello@fd00::1']);
    r.aaaa = new DnsServfailError('svc AAAA', 's');
    r.a = found(['10.42.0.1', '10.42.0.2']);
    await strategy.pollNow();
    expect(errors).toHaveLength(0);
    expect(warnings.map((w) => w.code)).toEqual(['MUSTER_ERR_DNS_SERVFAIL']);
    expect([...strategy.known()].sort()).toEqual([
      'hello@10.42.0.1',
      'hello@10.42.0.2',
      'hello@fd00::1',
    ]);
    r.a = new DnsServfailError('svc A', 's');
    r.aaaa = new DnsServfailError('svc AAAA', 's');
    await strategy.pollNow();
    expect(errors).toHaveLength(1);
    expect(strategy.known().size).toBe(3);
    await strategy.stop();
  });

  it('wants basename@<target address> for SRV, ignoring the port', async () => {
    const r = new ScriptedResolver();
    r.srv = {
      kind: 'found',
      name: '_hello._tcp',
      records: [
        { target: 'a.test', port: 4370, priority: 0, weight: 0, addresses: ['10.42.0.1'] },
        {
          target: 'b.test',
          port: 4371,
          priority: 0,
          weight: 0,
          addresses: ['10.42.0.2', 'fd00::2'],
        },
      ],
    };
    const { strategy } = make(r, { recordType: 'SRV' });
    await strategy.start();
    await strategy.ready;
    expect([...strategy.known()].sort()).toEqual([
      'hello@10.42.0.1',
      'hello@10.42.0.2',
      'hello@fd00::2',
    ]);
    await strategy.stop();
  });

  it('withResolver() gives a registrable class bound to that resolver', async () => {
    const r = new ScriptedResolver();
    r.a = found(['10.42.0.9']);
    const Bound = DnsPollStrategy.withResolver(r);
    const strategy = new Bound({
      topology: 't',
      config: DnsPollStrategy.parseConfig({ query: 'svc', nodeBasename: 'hello' }),
      logger: silentLogger(),
      clock: systemClock,
      self: 'hello@127.0.0.1' as NodeName,
    });
    await strategy.start();
    await strategy.ready;
    expect([...strategy.known()]).toEqual(['hello@10.42.0.9']);
    await strategy.stop();
  });

  it('names an IPv6 address once, however the answer spells it', async () => {
    const r = new ScriptedResolver();
    r.aaaa = found(['FD00:0:0::1', 'fd00::1']);
    const { strategy, diffs } = make(r, { recordType: 'AAAA' });
    await strategy.start();
    await strategy.ready;
    expect([...strategy.known()]).toEqual(['hello@fd00::1']);
    r.aaaa = found(['fd00:0::1', 'fd00::2']);
    await strategy.pollNow();
    expect(diffs.at(-1)).toEqual({ added: ['hello@fd00::2'], removed: [] });
    await strategy.stop();
  });

  it('commits nothing from a poll that stop() abandoned, and diffs against it after a restart', async () => {
    const r = new ScriptedResolver();
    r.a = found(['10.42.0.1', '10.42.0.2']);
    const { strategy, diffs } = make(r);
    await strategy.start();
    await strategy.ready;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const resolve = r.resolve.bind(r);
    r.resolve = async (name, type) => {
      await gate;
      return resolve(name, type);
    };
    r.a = found(['10.42.0.3']);
    const polled = strategy.pollNow();
    await strategy.stop();
    release();
    await polled;
    await new Promise((done) => setImmediate(done));
    expect([...strategy.known()].sort()).toEqual(['hello@10.42.0.1', 'hello@10.42.0.2']);
    r.resolve = resolve;
    r.a = found(['10.42.0.2', '10.42.0.3']);
    await strategy.start();
    await strategy.pollNow();
    expect(diffs.slice(1)).toEqual([{ added: ['hello@10.42.0.3'], removed: ['hello@10.42.0.1'] }]);
    await strategy.stop();
  });
});

describe('hostKey', () => {
  it('keys a canonical dotted quad by its 32 bits', () => {
    expect(hostKey('10.42.0.1')).toBe((10 << 24) | (42 << 16) | 1);
    expect(hostKey('255.255.255.255')).toBe(-1);
    expect(hostKey('0.0.0.0')).toBe(0);
  });

  it.each([
    '010.42.0.1',
    '10.42.0',
    '10.42.0.1.5',
    '10.42.0.256',
    '10..0.1',
    '10.42.0.',
    '1000.1.1.1',
    'host.example',
  ])('keeps %s as a string', (address) => {
    expect(hostKey(address)).toBe(address);
  });

  it('keys an IPv6 address by its canonical spelling', () => {
    expect(hostKey('FD00:0:0::1')).toBe('fd00::1');
  });
});
