import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toNodeName } from '../../../../src/core/node-name.js';
import { isCanonicalNodeName } from '../../../../src/transport/tcp/wire-name.js';

/** The definition the fast path must agree with: toNodeName returns the name unchanged. */
function reference(s: string): boolean {
  try {
    return toNodeName(s) === s;
  } catch {
    return false;
  }
}

const basenameChar = fc.constantFrom(...'aZ09_.-@x'.split(''));
const octet = fc.oneof(
  fc.integer({ min: 0, max: 300 }).map(String),
  fc.integer({ min: 0, max: 99 }).map((n) => `0${n}`), // leading zeros
  fc.constantFrom('', 'a', '-1', '1e2', '0x1'),
);
const hostLike = fc.oneof(
  fc.array(octet, { minLength: 1, maxLength: 5 }).map((o) => o.join('.')),
  fc.constantFrom('host.example', 'Host.Example', '::1', '[::1]', 'fe80::1', 'a..b', '1.2.3.4.'),
  fc.string({ maxLength: 20 }),
);
const nameLike = fc.tuple(fc.string({ unit: basenameChar, maxLength: 260 }), hostLike);

describe('isCanonicalNodeName (wire names)', () => {
  it('agrees with toNodeName on name-like and arbitrary strings', () => {
    fc.assert(
      fc.property(nameLike, ([base, host]) => {
        const s = `${base}@${host}`;
        expect(isCanonicalNodeName(s)).toBe(reference(s));
      }),
      { numRuns: 5_000 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(isCanonicalNodeName(s)).toBe(reference(s));
      }),
    );
  });

  it('accepts canonical names and refuses the rest, on both paths', () => {
    for (const ok of ['a@127.0.0.1', 'peer_1.x-y@10.255.0.9', 'n@host.example', 'n@::1']) {
      expect(isCanonicalNodeName(ok)).toBe(true);
    }
    for (const bad of [
      '@1.2.3.4',
      '.a@1.2.3.4',
      '-a@1.2.3.4',
      'a@01.2.3.4',
      'a@256.2.3.4',
      'a@1.2.3',
      'a@1.2.3.4.5',
      'a@Host.example', // not canonical (DNS hosts are lower case)
      'a@[::1]', // not canonical (no brackets)
      `${'a'.repeat(256)}@1.2.3.4`,
      'é@1.2.3.4',
    ]) {
      expect(isCanonicalNodeName(bad)).toBe(false);
    }
  });
});
