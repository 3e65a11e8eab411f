import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import type { MusterError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { NodeName } from '../../../src/core/node-name.js';
import { DnsPollStrategy } from '../../../src/strategies/dns-poll-strategy.js';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { dnsTestAddress } from '../../helpers/dns-loopback.js';
import {
  type ComplianceSubject,
  strategyComplianceSuite,
} from '../../helpers/strategy-compliance.js';

// This file owns 127.10.4.0/24.
let next = 1;
const servers = new Map<ComplianceSubject, DnsServer>();
const ip = (name: NodeName) => name.slice(name.indexOf('@') + 1);

function strategyFor(server: DnsServer, config: Record<string, unknown> = {}): DnsPollStrategy {
  return new DnsPollStrategy({
    topology: 'compliance',
    // A long interval: the suite drives polls itself with refresh().
    config: DnsPollStrategy.parseConfig({
      query: 'hello',
      nodeBasename: 'hello',
      pollingInterval: 60_000,
      nameservers: [server.address],
      search: ['web.rancher.internal'],
      timeout: 200,
      attempts: 1,
      resolvConf: '/nonexistent/resolv.conf',
      ...config,
    }),
    logger: silentLogger(),
    clock: systemClock,
    self: 'hello@127.0.0.1' as NodeName,
  });
}

strategyComplianceSuite('dns-poll', {
  initial: ['hello@10.42.0.1', 'hello@10.42.0.2', 'hello@10.42.0.3'] as NodeName[],
  extra: ['hello@10.42.0.4', 'hello@10.42.0.5'] as NodeName[],
  async create() {
    const server = new DnsServer({ host: dnsTestAddress(4, next++) });
    await server.start();
    server.setA('hello.web.rancher.internal', ['10.42.0.1', '10.42.0.2', '10.42.0.3']);
    const strategy = strategyFor(server);
    const subject: ComplianceSubject = {
      strategy,
      async setNodes(nodes) {
        server.setA('hello.web.rancher.internal', nodes.map(ip));
      },
      async breakSource() {
        server.setFault({ mode: 'servfail' });
      },
      async healSource() {
        server.setFault(undefined);
      },
      refresh: () => strategy.pollNow(),
    };
    servers.set(subject, server);
    return subject;
  },
  async cleanup(subject) {
    await servers.get(subject)?.stop();
    servers.delete(subject);
  },
});

describe('dns-poll against the embedded server: failure semantics', () => {
  let server: DnsServer;
  beforeAll(async () => {
    server = new DnsServer({ host: dnsTestAddress(4, 200) });
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each([
    ['drop', 'MUSTER_ERR_DNS_TIMEOUT'],
    ['refused', 'MUSTER_ERR_DNS_REFUSED'],
    ['malformed', 'MUSTER_ERR_DNS_MALFORMED'],
  ] as const)('keeps the set on %s and emits %s', async (mode, code) => {
    server.setFault(undefined).setA('hello.web.rancher.internal', ['10.42.0.1']);
    const strategy = strategyFor(server);
    const errors: MusterError[] = [];
    strategy.on('error', (e) => errors.push(e));
    await strategy.start();
    await strategy.ready;
    server.setFault({ mode });
    await strategy.pollNow();
    expect(errors.map((e) => e.code)).toEqual([code]);
    expect([...strategy.known()]).toEqual(['hello@10.42.0.1']);
    await strategy.stop();
  });

  it('removes every node when the name disappears (NXDOMAIN)', async () => {
    server.setFault(undefined).setA('hello.web.rancher.internal', ['10.42.0.1', '10.42.0.2']);
    const strategy = strategyFor(server);
    await strategy.start();
    await strategy.ready;
    server.remove('hello.web.rancher.internal');
    await strategy.pollNow();
    expect(strategy.known().size).toBe(0);
    await strategy.stop();
  });

  it('resolves SRV targets and A+AAAA over the wire', async () => {
    server
      .setFault(undefined)
      .setSrv('_hello._tcp.web.rancher.internal', [
        { target: 't1.web.rancher.internal', port: 4370 },
      ])
      .setA('t1.web.rancher.internal', ['10.42.1.1'])
      .setA('both.web.rancher.internal', ['10.42.2.1'])
      .setAAAA('both.web.rancher.internal', ['fd00::2:1']);
    const srv = strategyFor(server, { query: '_hello._tcp', recordType: 'SRV' });
    const both = strategyFor(server, { query: 'both', recordType: 'A+AAAA' });
    await Promise.all([srv.start(), both.start()]);
    await Promise.all([srv.ready, both.ready]);
    expect([...srv.known()]).toEqual(['hello@10.42.1.1']);
    expect([...both.known()].sort()).toEqual(['hello@10.42.2.1', 'hello@fd00::2:1']);
    await Promise.all([srv.stop(), both.stop()]);
  });
});
