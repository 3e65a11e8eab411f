import {
  createHmac,
  createSecretKey,
  type KeyObject,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import type { NodeName } from '../../core/node-name.js';
import { CHALLENGE_SIZE } from './handshake-codec.js';

/**
 * The cookie proofs. Each side sends a fresh random challenge; the other answers with
 * HMAC-SHA256(cookie, tag | challenge | dialer | 0 | acceptor). The tag differs per direction so
 * an answer cannot be reflected back, and both names are bound in so a proof made for one pair
 * of nodes is worthless for another. The cookie itself never leaves the process.
 */
const ACCEPTOR_TAG = 0x41; // 'A': the acceptor proves it holds the cookie
const DIALER_TAG = 0x44; // 'D': the dialer proves it holds the cookie
/** Room for the MAC input of any two valid node names (each at most 509 bytes). */
const SCRATCH_SIZE = 2048;

export type ProofDirection = 'acceptor' | 'dialer';

export class CookieProof {
  /** Imported once: every HMAC reuses the key object instead of copying the cookie again. */
  private readonly key: KeyObject;
  /** The MAC input is assembled here and hashed with one `update` (single-threaded: safe). */
  private readonly scratch = Buffer.allocUnsafeSlow(SCRATCH_SIZE);

  constructor(cookie: string) {
    this.key = createSecretKey(Buffer.from(cookie, 'utf8'));
  }

  digest(
    direction: ProofDirection,
    challenge: Buffer,
    dialer: NodeName,
    acceptor: NodeName,
  ): Buffer {
    const hmac = createHmac('sha256', this.key);
    const tag = direction === 'acceptor' ? ACCEPTOR_TAG : DIALER_TAG;
    const size = 2 + challenge.length + Buffer.byteLength(dialer) + Buffer.byteLength(acceptor);
    if (size > SCRATCH_SIZE) {
      // Not reachable with valid node names; kept so any input gets the same MAC.
      return hmac
        .update(Buffer.from([tag]))
        .update(challenge)
        .update(dialer)
        .update(Buffer.from([0]))
        .update(acceptor)
        .digest();
    }
    const m = this.scratch;
    m[0] = tag;
    let o = 1 + challenge.copy(m, 1);
    o += m.write(dialer, o, 'utf8');
    m[o++] = 0;
    o += m.write(acceptor, o, 'utf8');
    return hmac.update(m.subarray(0, o)).digest();
  }

  /** Constant-time check of a digest received from the peer. */
  verify(
    direction: ProofDirection,
    received: Buffer,
    challenge: Buffer,
    dialer: NodeName,
    acceptor: NodeName,
  ): boolean {
    const expected = this.digest(direction, challenge, dialer, acceptor);
    return received.length === expected.length && timingSafeEqual(received, expected);
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
