import { describe, expect, it } from 'vitest';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { fieldAddress, fieldSuite } from './field-dns.js';

// Block 4. An SRV answer with many targets and no glue: every target is looked up.

/** What the process printed as warnings while `fn` ran. */
async function warningsDuring(fn: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const onWarning = (w: Error) => seen.push(`${w.name}: ${w.message}`);
  process.on('warning', onWarning);
  try {
    await fn();
    // Warnings are emitted on the next tick after the listener was added.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  return seen;
}

describe('field: SRV with many targets and no glue', () => {
  const { defer, pollServers } = fieldSuite();

  // Source: libp2p/js-libp2p#1050 (one abort listener per dial on a shared signal: "11 abort
  // listeners added to [AbortSignal]" for peers with many addresses).
  it.each([20, 300, 1000])(
    '%i targets: no MaxListenersExceededWarning, at most 16 target lookups in flight',
    async (n) => {
      const dns = new DnsServer({ host: fieldAddress(4, 1), srvGlue: false });
      await dns.start();
      defer(() => dns.stop());
      const targets = Array.from({ length: n }, (_, i) => ({
        target: `t${i}.field.test`,
        port: 4370,
      }));
      dns.setSrv('_hello._tcp.field.test', targets);
      const want: string[] = [];
      for (let i = 0; i < n; i++) {
        const address = `10.4.${i >> 8}.${i & 255}`;
        dns.setA(`t${i}.field.test`, [address]);
        want.push(`hello@${address}`);
      }
      // Each answer is held 2 ms, so lookups overlap and the server sees how many are open.
      dns.setFault({ mode: 'slow', delay: 2 });
      let open = 0;
      let peak = 0;
      dns.on('query', (q) => {
        if (q.type !== 'A') return;
        open++;
        peak = Math.max(peak, open);
        setTimeout(() => open--, 2);
      });
      let errors: unknown[] = [];
      let known: string[] = [];
      const warnings = await warningsDuring(async () => {
        const poll = await pollServers('_hello._tcp.field.test.', [dns.address], {
          recordType: 'SRV',
          timeout: 5_000,
        });
        errors = poll.errors;
        known = poll.known();
      });
      expect(errors).toEqual([]);
      expect(known).toEqual([...want].sort());
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
      expect(peak).toBeLessThanOrEqual(16);
    },
  );
});

describe('field: SRV with many glueless targets, one of which fails', () => {
  const { pollServers, defer } = fieldSuite();

  // Source: libp2p/js-libp2p#1050 (work started for one request must stop with it).
  it('fails the poll, keeps the nodes, and leaves no lookup of the other targets running', async () => {
    const dns = new DnsServer({ host: fieldAddress(4, 2), srvGlue: false, chaseCnames: false });
    await dns.start();
    defer(() => dns.stop());
    const n = 300;
    dns.setSrv(
      '_hello._tcp.field.test',
      Array.from({ length: n }, (_, i) => ({ target: `t${i}.field.test`, port: 4370 })),
    );
    for (let i = 0; i < n; i++) dns.setA(`t${i}.field.test`, [`10.4.${i >> 8}.${i & 255}`]);
    const poll = await pollServers('_hello._tcp.field.test.', [dns.address], {
      recordType: 'SRV',
    });
    expect(poll.known()).toHaveLength(n);
    // Target 3 becomes a CNAME loop: its lookup fails, and with it the poll.
    dns.remove('t3.field.test').setCname('t3.field.test', 'x3.field.test');
    dns.setCname('x3.field.test', 't3.field.test');
    // Every answer is held 50 ms, so other lookups are in flight when the loop fails.
    dns.setFault({ mode: 'slow', delay: 50 });
    const udpSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'UDPWrap').length;
    await poll.poll();
    expect(poll.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_DNS_CNAME_LOOP']);
    expect(poll.known()).toHaveLength(n);
    // The failed lookup ended its other exchanges: their sockets close within a few turns of
    // the event loop (the server still holds their answers for 50 ms, and nothing new starts).
    // Only the server's own socket stays.
    for (let turn = 0; turn < 20 && udpSockets() > 1; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(udpSockets()).toBe(1);
  });
});
