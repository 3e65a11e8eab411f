import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MusterError } from '../../../src/core/errors.js';
import { DnsResolver } from '../../../src/dns/dns-resolver.js';
import { dnsTestAddress, scriptedNameserver } from '../../helpers/dns-loopback.js';

// This file owns 127.10.5.0/24.
describe('DnsResolver given any byte string as the answer', () => {
  let answer: Buffer = Buffer.alloc(0);
  let patchId = false;
  let server: Awaited<ReturnType<typeof scriptedNameserver>>;

  beforeAll(async () => {
    server = await scriptedNameserver(dnsTestAddress(5, 1), (query) => {
      const out = Buffer.from(answer);
      // Half the cases carry the query's id and the response bit, to get past the first checks.
      if (patchId && out.length >= 3) {
        out[0] = query[0]!;
        out[1] = query[1]!;
        out[2] = (out[2]! | 0x80) & ~0x7a; // QR set, opcode QUERY, TC clear (no TCP peer here)
      }
      return out;
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('returns a result or a typed MusterError, and never hangs', async () => {
    const resolver = new DnsResolver({ nameservers: [server.address], timeout: 100, attempts: 1 });
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.boolean(), async (bytes, ours) => {
        answer = Buffer.from(bytes);
        patchId = ours;
        try {
          const result = await resolver.resolve4('svc.test');
          expect(['found', 'empty']).toContain(result.kind);
        } catch (err) {
          expect(err).toBeInstanceOf(MusterError);
        }
      }),
      { numRuns: 60 },
    );
  });
});
