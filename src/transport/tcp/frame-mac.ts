import { createHmac, type KeyObject, timingSafeEqual } from 'node:crypto';
import { LENGTH_PREFIX_SIZE } from './frame.js';

/** Bytes of the tag that ends every frame of an established plaintext connection. */
export const MAC_SIZE = 16;

/**
 * Integrity of the frames of one established plaintext connection (TLS connections rely on TLS).
 * Each direction has its own key (see CookieProof.sessionKeys: both challenges and the cookie's
 * key) and its own frame counter; a frame ends with the first 16 bytes of
 * HMAC-SHA256(key, u64 BE counter | type | body), and its length prefix counts them. A frame
 * injected, dropped, reordered or replayed fails the check. 128-bit tags as in RFC 4868 s2.6.
 */
export class FrameMac {
  private sent = 0;
  private received = 0;
  /** Counter and type, the MAC input before the body (single-threaded: reused). */
  private readonly head = Buffer.allocUnsafe(9);

  constructor(
    private readonly sendKey: KeyObject,
    private readonly receiveKey: KeyObject,
  ) {}

  /** A copy of `frame` (a whole frame) with the tag appended and its length raised to match. */
  seal(frame: Buffer): Buffer {
    const out = Buffer.allocUnsafe(frame.length + MAC_SIZE);
    frame.copy(out, 0);
    out.writeUInt32BE(frame.length - LENGTH_PREFIX_SIZE + MAC_SIZE, 0);
    const body = frame.subarray(LENGTH_PREFIX_SIZE + 1);
    this.tag(this.sendKey, this.sent++, frame[LENGTH_PREFIX_SIZE]!, body).copy(out, frame.length);
    return out;
  }

  /** The body of a received frame without its tag, or undefined when the tag does not check. */
  open(type: number, body: Buffer): Buffer | undefined {
    if (body.length < MAC_SIZE) return undefined;
    const end = body.length - MAC_SIZE;
    const payload = body.subarray(0, end);
    const expected = this.tag(this.receiveKey, this.received, type, payload);
    if (!timingSafeEqual(expected.subarray(0, MAC_SIZE), body.subarray(end))) return undefined;
    this.received++;
    return payload;
  }

  private tag(key: KeyObject, counter: number, type: number, body: Buffer): Buffer {
    const head = this.head;
    head.writeUInt32BE(Math.floor(counter / 0x1_0000_0000), 0);
    head.writeUInt32BE(counter >>> 0, 4);
    head[8] = type;
    return createHmac('sha256', key).update(head).update(body).digest();
  }
}
