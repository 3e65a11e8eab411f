import { createHmac, scryptSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toNodeName } from '../../../../src/core/node-name.js';
import { ChallengePool, CookieProof } from '../../../../src/transport/tcp/handshake-crypto.js';

/** The key as docs/security.md defines it: scrypt with the documented label and parameters. */
function referenceKey(cookie: string): Buffer {
  return scryptSync(cookie, 'muster-cluster/cookie-proof/v1', 32, {
    N: 16384,
    r: 8,
    p: 1,
    maxmem: 64 * 1024 * 1024,
  });
}

/** The MAC as docs/transports.md defines it, computed the plain way. */
function reference(
  cookie: string,
  tag: 'A' | 'D',
  challenge: Buffer,
  dialer: string,
  acceptor: string,
) {
  return createHmac('sha256', referenceKey(cookie))
    .update(tag)
    .update(challenge)
    .update(dialer)
    .update(Buffer.from([0]))
    .update(acceptor)
    .digest();
}

const dialer = toNodeName('d@127.0.0.1');
const acceptor = toNodeName('acceptor-node@host.example');

describe('CookieProof', () => {
  it('computes HMAC-SHA256(scrypt(cookie), tag | challenge | dialer | 0 | acceptor), wire compatible', () => {
    fc.assert(
      fc.property(
        // Short, block-sized and longer than a SHA-256 block (the key is hashed first), any UTF-8.
        fc.oneof(
          fc.string({ minLength: 1 }),
          fc.string({ minLength: 60, maxLength: 200 }),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
        ),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (cookie, bytes) => {
          const proof = new CookieProof(cookie);
          const challenge = Buffer.from(bytes);
          expect(proof.digest('acceptor', challenge, dialer, acceptor)).toEqual(
            reference(cookie, 'A', challenge, dialer, acceptor),
          );
          expect(proof.digest('dialer', challenge, dialer, acceptor)).toEqual(
            reference(cookie, 'D', challenge, dialer, acceptor),
          );
        },
      ),
      // Each new cookie costs one scrypt (tens of ms): a few runs cover the key path.
      { numRuns: 8 },
    );
  });

  it('gives the same MAC for inputs too long for its scratch buffer', () => {
    const long = toNodeName(`${'b'.repeat(255)}@${'h'.repeat(60)}.${'i'.repeat(60)}.example`);
    const challenge = Buffer.alloc(1500, 3); // longer than any real challenge
    const proof = new CookieProof('c');
    expect(proof.digest('dialer', challenge, long, long)).toEqual(
      reference('c', 'D', challenge, long, long),
    );
  });

  it('verifies in constant time and refuses a wrong proof, direction, length or cookie', () => {
    const proof = new CookieProof('secret');
    const challenge = new ChallengePool().next();
    const good = proof.digest('acceptor', challenge, dialer, acceptor);
    expect(proof.verify('acceptor', good, challenge, dialer, acceptor)).toBe(true);
    expect(proof.verify('dialer', good, challenge, dialer, acceptor)).toBe(false);
    expect(proof.verify('acceptor', good.subarray(0, 31), challenge, dialer, acceptor)).toBe(false);
    expect(proof.verify('acceptor', good, challenge, acceptor, dialer)).toBe(false);
    const other = new CookieProof('other').digest('acceptor', challenge, dialer, acceptor);
    expect(proof.verify('acceptor', other, challenge, dialer, acceptor)).toBe(false);
  });

  it('never shows the cookie', () => {
    const proof = new CookieProof('do-not-print');
    expect(JSON.stringify({ proof })).not.toContain('do-not-print');
    expect(
      String(
        (proof as unknown as Record<symbol, () => string>)[
          Symbol.for('nodejs.util.inspect.custom')
        ]!(),
      ),
    ).not.toContain('do-not-print');
  });
});

describe('ChallengePool', () => {
  it('hands out distinct 32-byte copies across refills, from each of two pools', () => {
    const seen = new Set<string>();
    for (const pool of [new ChallengePool(), new ChallengePool()]) {
      const first = pool.next();
      const copy = Buffer.from(first);
      for (let i = 0; i < 600; i++) seen.add(pool.next().toString('hex'));
      expect(first).toEqual(copy); // a refill never rewrites a challenge already handed out
      seen.add(first.toString('hex'));
    }
    expect(seen.size).toBe(1202);
  });
});
