import { describe, expect, it } from 'vitest';
import { isLocalPeer } from '../../../src/epmd/local-peer.js';

describe('isLocalPeer (erts epmd rule for ALIVE2)', () => {
  it('accepts 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    for (const a of ['127.0.0.1', '127.30.0.5', '::1', '::ffff:127.0.0.1']) {
      expect(isLocalPeer(a, '10.0.0.1')).toBe(true);
    }
  });

  it('accepts a peer dialling from the very address it connected to', () => {
    expect(isLocalPeer('10.42.0.7', '10.42.0.7')).toBe(true);
    expect(isLocalPeer('::ffff:10.42.0.7', '10.42.0.7')).toBe(true);
  });

  it('refuses everyone else', () => {
    expect(isLocalPeer('10.42.0.8', '10.42.0.7')).toBe(false);
    expect(isLocalPeer('128.0.0.1', undefined)).toBe(false);
    expect(isLocalPeer(undefined, '127.0.0.1')).toBe(false);
    expect(isLocalPeer('fe80::1', '::1')).toBe(false);
  });
});
