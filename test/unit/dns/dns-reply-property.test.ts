import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MusterError } from '../../../src/core/errors.js';
import { CnameChain, readAnswer } from '../../../src/dns/dns-answer.js';
import { checkReply, type DnsRecord } from '../../../src/dns/dns-message.js';

const question = { name: 'svc.test', type: 'A' } as const;

/** Arbitrary bytes, half of them made to look like our answer (our id, QR bit) to get deeper. */
const answers = fc.tuple(fc.uint8Array({ maxLength: 600 }), fc.boolean()).map(([bytes, ours]) => {
  const buf = Buffer.from(bytes);
  if (ours && buf.length >= 3) {
    buf.writeUInt16BE(4242, 0);
    buf[2] = (buf[2]! | 0x80) & ~0x78;
  }
  return buf;
});

describe('answer handling never throws anything but a MusterError', () => {
  it('for any byte string', () => {
    fc.assert(
      fc.property(answers, (buf) => {
        try {
          const reply = checkReply(buf, 4242, question, 'fuzz');
          if (reply)
            readAnswer(reply.answers as DnsRecord[] | undefined, 'A', new CnameChain('svc.test'));
        } catch (err) {
          expect(err).toBeInstanceOf(MusterError);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
