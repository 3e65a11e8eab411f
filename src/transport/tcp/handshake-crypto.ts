import * as crypto from 'node:crypto';
import {
  createHash,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import type { NodeName } from '../../core/node-name.js';
import { deriveCookieKey } from './cookie-key.js';
import { CHALLENGE_SIZE } from './handshake-codec.js';

/**
 * The cookie proofs. Each side sends a fresh random challenge; the other answers with
 * HMAC-SHA256(key, tag | challenge | dialer | 0 | acceptor), where key = scrypt(cookie) (see
 * cookie-key.ts: a captured proof makes every offline guess cost one scrypt). The tag differs per
 * direction so an answer cannot be reflected back, and both names are bound in so a proof made
 * for one pair of nodes is worthless for another. The cookie itself never leaves the process.
 */
const ACCEPTOR_TAG = 0x41; // 'A': the acceptor proves it holds the cookie
const DIALER_TAG = 0x44; // 'D': the dialer proves it holds the cookie
const ACCEPTOR_FRAME_TAG = 0x61; // 'a': the key of the acceptor's frames (sessionKeys)
const DIALER_FRAME_TAG = 0x64; // 'd': the key of the dialer's frames (sessionKeys)
/** Room for the MAC input of any two valid node names (each at most 509 bytes). */
const SCRATCH_SIZE = 2048;
/** SHA-256's block size: HMAC pads the key to it (RFC 2104). */
const BLOCK = 64;
const SHA256_SIZE = 32;

/** 'binary' is Node's name for latin1: one character per byte. */
type OneShotHash = (algorithm: string, data: Uint8Array, encoding: 'binary') => string;

/**
 * `crypto.hash` (Node >= 20.12): one SHA-256 without a Hash object. Its digest is taken as a
 * latin1 string (one byte per character) and written where it is needed: a string costs less
 * than half of what a fresh Buffer (its own ArrayBuffer) does. Absent on older releases, where
 * the plain `createHmac` path is used.
 */
export const oneShotHash: OneShotHash | undefined = (() => {
  const hash = (crypto as { hash?: OneShotHash }).hash;
  try {
    return typeof hash === 'function' && hash('sha256', Buffer.alloc(0), 'binary').length === 32
      ? hash
      : undefined;
  } catch {
    return undefined;
  }
})();

export type ProofDirection = 'acceptor' | 'dialer';

export class CookieProof {
  /** Imported once: every HMAC reuses the key object instead of copying the cookie again. */
  private readonly key: KeyObject;
  /**
   * `key ^ ipad` followed by room for the MAC input, which is assembled here in place
   * (single-threaded: safe); and `key ^ opad` followed by room for the inner hash. With them an
   * HMAC is two one-shot hashes (RFC 2104), without the HMAC object `createHmac` builds per
   * call, the costliest part of a handshake's CPU after the socket itself.
   */
  private readonly inner = Buffer.allocUnsafeSlow(BLOCK + SCRATCH_SIZE);
  private readonly outer = Buffer.allocUnsafeSlow(BLOCK + SHA256_SIZE);
  /** The MAC `verify` expects, computed here (single-threaded: safe). */
  private readonly expected = Buffer.allocUnsafeSlow(SHA256_SIZE);
  /** Both challenges side by side, the input of `sessionKeys` (single-threaded: safe). */
  private readonly challenges = Buffer.allocUnsafeSlow(2 * CHALLENGE_SIZE);

  /** Derives the key from `cookie` (scrypt, once per process per cookie: see cookie-key.ts). */
  constructor(cookie: string) {
    const raw = deriveCookieKey(cookie);
    this.key = createSecretKey(raw);
    const k = raw.length > BLOCK ? createHash('sha256').update(raw).digest() : raw;
    this.inner.fill(0x36, 0, BLOCK);
    this.outer.fill(0x5c, 0, BLOCK);
    for (let i = 0; i < k.length; i++) {
      this.inner[i]! ^= k[i]!;
      this.outer[i]! ^= k[i]!;
    }
    k.fill(0);
    raw.fill(0);
  }

  digest(
    direction: ProofDirection,
    challenge: Buffer,
    dialer: NodeName,
    acceptor: NodeName,
  ): Buffer {
    const out = Buffer.allocUnsafe(SHA256_SIZE);
    this.digestInto(out, direction, challenge, dialer, acceptor);
    return out;
  }

  /** Constant-time check of a digest received from the peer. */
  verify(
    direction: ProofDirection,
    received: Buffer,
    challenge: Buffer,
    dialer: NodeName,
    acceptor: NodeName,
  ): boolean {
    const expected = this.expected;
    this.digestInto(expected, direction, challenge, dialer, acceptor);
    return received.length === expected.length && timingSafeEqual(received, expected);
  }

  /** Writes the 32-byte MAC of `tag | challenge | dialer | 0 | acceptor` into `out`. */
  private digestInto(
    out: Buffer,
    direction: ProofDirection | number,
    challenge: Buffer,
    dialer: NodeName,
    acceptor: NodeName,
  ): void {
    const tag =
      direction === 'acceptor' ? ACCEPTOR_TAG : direction === 'dialer' ? DIALER_TAG : direction;
    const size = 2 + challenge.length + Buffer.byteLength(dialer) + Buffer.byteLength(acceptor);
    if (size > SCRATCH_SIZE) {
      // Not reachable with valid node names; kept so any input gets the same MAC.
      createHmac('sha256', this.key)
        .update(Buffer.from([tag]))
        .update(challenge)
        .update(dialer)
        .update(Buffer.from([0]))
        .update(acceptor)
        .digest()
        .copy(out);
      return;
    }
    const m = this.inner;
    let o = BLOCK;
    m[o++] = tag;
    o += challenge.copy(m, o);
    o += m.write(dialer, o, 'utf8');
    m[o++] = 0;
    o += m.write(acceptor, o, 'utf8');
    if (oneShotHash === undefined) {
      createHmac('sha256', this.key).update(m.subarray(BLOCK, o)).digest().copy(out);
      return;
    }
    this.outer.write(oneShotHash('sha256', m.subarray(0, o), 'binary'), BLOCK, 'latin1');
    out.write(oneShotHash('sha256', this.outer, 'binary'), 0, 'latin1');
  }

  /**
   * The frame keys of an established plaintext connection: HMAC-SHA256(key, tag | challengeA |
   * challengeD | dialer | 0 | acceptor), tag 'd' for frames the dialer sends and 'a' for the
   * acceptor's. Both challenges are fresh, so every connection has its own keys.
   */
  sessionKeys(
    challengeA: Buffer,
    challengeD: Buffer,
    dialer: NodeName,
    acceptor: NodeName,
  ): { readonly dialer: Buffer; readonly acceptor: Buffer } {
    const both = this.challenges;
    challengeA.copy(both, 0);
    challengeD.copy(both, CHALLENGE_SIZE);
    const keys = {
      dialer: Buffer.allocUnsafe(SHA256_SIZE),
      acceptor: Buffer.allocUnsafe(SHA256_SIZE),
    };
    this.digestInto(keys.dialer, DIALER_FRAME_TAG, both, dialer, acceptor);
    this.digestInto(keys.acceptor, ACCEPTOR_FRAME_TAG, both, dialer, acceptor);
    return keys;
  }

  /** Keeps the cookie out of logs, util.inspect and JSON. */
  toJSON(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'CookieProof([redacted])';
  }
}

/**
 * Fresh challenges from the OS CSPRNG, drawn 256 at a time: one syscall per 256 handshakes
 * instead of one each. Every challenge is a copy, never reused.
 */
export class ChallengePool {
  private readonly pool = Buffer.allocUnsafeSlow(CHALLENGE_SIZE * 256);
  private offset = this.pool.length;

  next(): Buffer {
    if (this.offset === this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const out = Buffer.allocUnsafe(CHALLENGE_SIZE);
    this.pool.copy(out, 0, this.offset, this.offset + CHALLENGE_SIZE);
    this.pool.fill(0, this.offset, this.offset + CHALLENGE_SIZE);
    this.offset += CHALLENGE_SIZE;
    return out;
  }
}

/**
 * The pool every transport of this process draws from: a process with many transports (tests,
 * benchmarks, several clusters) fills one 8 KiB pool instead of one per transport.
 */
export const sharedChallengePool = new ChallengePool();
