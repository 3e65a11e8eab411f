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
