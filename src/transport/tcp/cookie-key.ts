import { createHash, scryptSync } from 'node:crypto';
import { ConfigError } from '../../core/errors.js';

/**
 * The shortest cookie accepted. A proof captured by a fake acceptor can be tested offline;
 * 16 random characters are ~95 bits from a base64 alphabet, out of reach even at a guess per
 * scrypt call (see COOKIE_KDF). Generate one with `openssl rand -base64 24`.
 */
export const MIN_COOKIE_LENGTH = 16;

/**
 * How the HMAC key of the cookie proofs is derived from the cookie: scrypt (RFC 7914) with a
 * fixed label as salt. Part of the wire protocol (both ends must derive the same key), so these
 * never change without a new protocol version. N = 2^14, r = 8 costs 16 MiB and tens of
 * milliseconds per derivation: once per process per cookie for us, once per guess for someone
 * testing guesses against a captured proof.
 */
export const COOKIE_KDF = {
  label: 'muster-cluster/cookie-proof/v1',
  N: 2 ** 14,
  r: 8,
  p: 1,
  keyLength: 32,
} as const;

/** Throws a ConfigError naming `cookie` unless it is a string of at least MIN_COOKIE_LENGTH. */
export function checkCookie(cookie: unknown): asserts cookie is string {
  if (typeof cookie !== 'string' || cookie.length < MIN_COOKIE_LENGTH) {
    throw new ConfigError(
      'cookie',
      `a string of at least ${MIN_COOKIE_LENGTH} characters (the tcp transport requires a shared cookie; generate one with: openssl rand -base64 24)`,
      typeof cookie === 'string' ? `${cookie.length} characters` : 'nothing',
    );
  }
}

/**
 * Keys already derived in this process, by SHA-256 of the cookie (the cookie itself is not
 * kept): a process hosting many nodes (tests, benchmarks, the demo fleet) derives once.
 */
const derived = new Map<string, Buffer>();

/** The 32-byte proof key for `cookie` (a copy the caller may wipe). */
export function deriveCookieKey(cookie: string): Buffer {
  const id = createHash('sha256').update(cookie, 'utf8').digest('base64');
  let key = derived.get(id);
  if (key === undefined) {
    const { label, N, r, p, keyLength } = COOKIE_KDF;
    key = scryptSync(cookie, label, keyLength, { N, r, p, maxmem: 256 * N * r });
    derived.set(id, key);
  }
  return Buffer.from(key);
}
