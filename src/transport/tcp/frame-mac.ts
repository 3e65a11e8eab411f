import { createHmac, timingSafeEqual } from 'node:crypto';
import { LENGTH_PREFIX_SIZE } from './frame.js';
import { oneShotHash } from './handshake-crypto.js';

/** Bytes of the tag that ends every frame of an established plaintext connection. */
export const MAC_SIZE = 16;

/** SHA-256's block size (HMAC pads the key to it, RFC 2104) and digest size. */
const BLOCK = 64;
const SHA256_SIZE = 32;
/** MAC input before the body: u64 BE frame counter, u8 type. */
const HEAD = 9;
/** Bodies up to this size are MACed by two one-shot hashes in the scratch; larger by createHmac. */
const SCRATCH_BODY = 16 * 1024;

/**
 * Room to assemble `key ^ ipad | head | body` and `key ^ opad | inner hash`, shared by every
 * connection of one transport (single-threaded: each MAC is computed and used at once).
 */
export class MacScratch {
  readonly inner = Buffer.allocUnsafeSlow(BLOCK + HEAD + SCRATCH_BODY);
  readonly outer = Buffer.allocUnsafeSlow(BLOCK + SHA256_SIZE);
  readonly expected = Buffer.allocUnsafeSlow(SHA256_SIZE);
}

/** Where each HMAC pad (RFC 2104) sits in a FrameMac's one buffer of four. */
const SEND_IPAD = 0;
const SEND_OPAD = BLOCK;
const RECEIVE_IPAD = 2 * BLOCK;
const RECEIVE_OPAD = 3 * BLOCK;

/** Writes `key ^ 0x36..` and `key ^ 0x5c..` (keys are at most one block) at `at` in `pads`. */
function preparePads(pads: Buffer, ipad: number, opad: number, key: Buffer): void {
  pads.fill(0x36, ipad, ipad + BLOCK);
  pads.fill(0x5c, opad, opad + BLOCK);
  for (let i = 0; i < key.length; i++) {
    pads[ipad + i]! ^= key[i]!;
    pads[opad + i]! ^= key[i]!;
  }
}

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
  /** Both directions' pads, prepared once, in one allocation per connection. */
  private readonly pads = Buffer.allocUnsafe(4 * BLOCK);

  /** `sendKey`, `receiveKey`: 32 bytes each (see CookieProof.sessionKeys). */
  constructor(
    private readonly sendKey: Buffer,
    private readonly receiveKey: Buffer,
    private readonly scratch: MacScratch,
  ) {
    preparePads(this.pads, SEND_IPAD, SEND_OPAD, sendKey);
    preparePads(this.pads, RECEIVE_IPAD, RECEIVE_OPAD, receiveKey);
  }

  /** A copy of `frame` (a whole frame) with the tag appended and its length raised to match. */
  seal(frame: Buffer): Buffer {
    const out = Buffer.allocUnsafe(frame.length + MAC_SIZE);
    frame.copy(out, 0);
    out.writeUInt32BE(frame.length - LENGTH_PREFIX_SIZE + MAC_SIZE, 0);
    const body = frame.subarray(LENGTH_PREFIX_SIZE + 1);
    const tag = this.scratch.expected;
    this.tagInto(tag, this.sendKey, SEND_IPAD, this.sent++, frame[LENGTH_PREFIX_SIZE]!, body);
    tag.copy(out, frame.length, 0, MAC_SIZE);
    return out;
  }

  /** The body of a received frame without its tag, or undefined when the tag does not check. */
  open(type: number, body: Buffer): Buffer | undefined {
    if (body.length < MAC_SIZE) return undefined;
    const end = body.length - MAC_SIZE;
    const payload = body.subarray(0, end);
    const expected = this.scratch.expected;
    this.tagInto(expected, this.receiveKey, RECEIVE_IPAD, this.received, type, payload);
    if (!timingSafeEqual(expected.subarray(0, MAC_SIZE), body.subarray(end))) return undefined;
    this.received++;
    return payload;
  }

  /**
   * Writes HMAC-SHA256(key, counter | type | body) into `out` (32 bytes); `ipad`: where the
   * key's pads are in `pads` (its opad follows).
   */
  private tagInto(
    out: Buffer,
    key: Buffer,
    ipad: number,
    counter: number,
    type: number,
    body: Buffer,
  ) {
    const { inner, outer } = this.scratch;
    inner.writeUInt32BE(Math.floor(counter / 0x1_0000_0000), BLOCK);
    inner.writeUInt32BE(counter >>> 0, BLOCK + 4);
    inner[BLOCK + 8] = type;
    if (oneShotHash === undefined || body.length > SCRATCH_BODY) {
      createHmac('sha256', key)
        .update(inner.subarray(BLOCK, BLOCK + HEAD))
        .update(body)
        .digest()
        .copy(out);
      return;
    }
    const pads = this.pads;
    pads.copy(inner, 0, ipad, ipad + BLOCK);
    body.copy(inner, BLOCK + HEAD);
    const end = BLOCK + HEAD + body.length;
    pads.copy(outer, 0, ipad + BLOCK, ipad + 2 * BLOCK);
    outer.write(oneShotHash('sha256', inner.subarray(0, end), 'binary'), BLOCK, 'latin1');
    out.write(oneShotHash('sha256', outer, 'binary'), 0, 'latin1');
  }
}
