import { createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';
import type { NodeName } from '../../core/node-name.js';
import { CHALLENGE_SIZE } from './handshake-codec.js';

/**
 * The cookie proofs. Each side sends a fresh random challenge; the other answers with
 * HMAC-SHA256(cookie, tag | challenge | dialer | 0 | acceptor). The tag differs per direction so
 * an answer cannot be reflected back, and both names are bound in so a proof made for one pair
 * of nodes is worthless for another. The cookie itself never leaves the process.
 */
const ACCEPTOR_TAG = Buffer.from([0x41]); // 'A': the acceptor proves it holds the cookie
const DIALER_TAG = Buffer.from([0x44]); // 'D': the dialer proves it holds the cookie
const SEPARATOR = Buffer.from([0]);

export type ProofDirection = 'acceptor' | 'dialer';

export class CookieProof {
  private readonly key: Buffer;

  constructor(cookie: string) {
    this.key = Buffer.from(cookie, 'utf8');
  }

  digest(
    direction: ProofDirection,
    challenge: Buffer,
    dialer: NodeName,
    acceptor: NodeName,
  ): Buffer {
    return createHmac('sha256', this.key)
      .update(direction === 'acceptor' ? ACCEPTOR_TAG : DIALER_TAG)
      .update(challenge)
      .update(dialer)
      .update(SEPARATOR)
      .update(acceptor)
      .digest();
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
  private readonly pool = Buffer.allocUnsafe(CHALLENGE_SIZE * 256);
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
