import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cookieKey, deriveCookieKey } from '../../../../src/transport/tcp/cookie-key.js';

/** The key as docs/security.md defines it. */
const reference = (cookie: string) =>
  scryptSync(cookie, 'muster-cluster/cookie-proof/v1', 32, {
    N: 16384,
    r: 8,
    p: 1,
    maxmem: 64 * 1024 * 1024,
  });

describe('cookieKey (off the event loop)', () => {
  it('derives the same key as the documented scrypt, once for concurrent callers', async () => {
    const cookie = `cookie-key-test-${process.pid}-a`;
    const [one, two] = await Promise.all([cookieKey(cookie), cookieKey(cookie)]);
    expect(one).toEqual(reference(cookie));
    expect(two).toEqual(one);
    // Each caller gets its own copy: wiping one (as CookieProof does) leaves the others.
    one.fill(0);
    expect(two).toEqual(reference(cookie));
    expect(await cookieKey(cookie)).toEqual(reference(cookie));
    expect(deriveCookieKey(cookie)).toEqual(reference(cookie));
  });

  it('agrees with a key derived on this thread first, and keeps distinct cookies apart', async () => {
    const cookie = `cookie-key-test-${process.pid}-b`;
    const sync = deriveCookieKey(cookie);
    expect(await cookieKey(cookie)).toEqual(sync);
    expect(await cookieKey(`${cookie}!`)).not.toEqual(sync);
  });
});
