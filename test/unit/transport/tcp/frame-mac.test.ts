import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameType } from '../../../../src/transport/tcp/frame.js';
import { FrameMac, MAC_SIZE, MacScratch } from '../../../../src/transport/tcp/frame-mac.js';

/** The tag as docs/transports.md defines it, computed the plain way. */
function reference(key: Buffer, counter: number, type: number, body: Uint8Array): Buffer {
  const head = Buffer.alloc(9);
  head.writeBigUInt64BE(BigInt(counter), 0);
  head[8] = type;
  return createHmac('sha256', key).update(head).update(body).digest().subarray(0, MAC_SIZE);
}

describe('FrameMac', () => {
  it('appends HMAC-SHA256(key, u64 counter | type | body), cut to 16 bytes, per direction', () => {
    fc.assert(
      fc.property(
        // Empty (a tick), small, and past the scratch (the createHmac path).
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 300 }),
            fc.uint8Array({ minLength: 16 * 1024 - 2, maxLength: 16 * 1024 + 2 }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (bodies) => {
          const [send, receive] = [randomBytes(32), randomBytes(32)];
          const scratch = new MacScratch();
          const mine = new FrameMac(send, receive, scratch);
          const theirs = new FrameMac(receive, send, scratch);
          for (const [i, body] of bodies.entries()) {
            const frame = encodeFrame(FrameType.message, body);
            const sealed = mine.seal(frame);
            expect(sealed.subarray(sealed.length - MAC_SIZE)).toEqual(
              reference(send, i, FrameType.message, body),
            );
            expect(sealed.readUInt32BE(0)).toBe(sealed.length - 4);
            // The other end opens it with the same key as its receive key, in order.
            const opened = theirs.open(FrameType.message, sealed.subarray(5));
            expect(opened).toEqual(Buffer.from(body));
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('rejects a tag made with the other direction’s key, or a replayed frame', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const scratch = new MacScratch();
    const sender = new FrameMac(a, b, scratch);
    const receiver = new FrameMac(b, a, scratch);
    const reflected = new FrameMac(b, a, scratch).seal(encodeFrame(FrameType.tick));
    expect(receiver.open(FrameType.tick, reflected.subarray(5))).toBeUndefined();
    const first = sender.seal(encodeFrame(FrameType.tick));
    expect(receiver.open(FrameType.tick, first.subarray(5))).toEqual(Buffer.alloc(0));
    expect(receiver.open(FrameType.tick, first.subarray(5))).toBeUndefined();
  });
});
