import { describe, expect, it } from 'vitest';
import { toNodeName } from '../../../src/core/node-name.js';
import { decideIncoming } from '../../../src/transport/tcp/simultaneous-connect.js';

const small = toNodeName('a@127.0.0.1');
const big = toNodeName('b@127.0.0.1');

describe('decideIncoming', () => {
  it('accepts a hello when nothing is held for that peer', () => {
    expect(decideIncoming(small, big, undefined)).toBe('accept');
  });

  it('both ends agree: the dial of the smaller name survives', () => {
    // small dialed big and big dialed small, both still handshaking.
    expect(decideIncoming(small, big, { outgoing: true, isUp: false })).toBe('refuse');
    expect(decideIncoming(big, small, { outgoing: true, isUp: false })).toBe('supersede');
  });

  it('replaces an established connection only after the new one authenticates', () => {
    expect(decideIncoming(big, small, { outgoing: true, isUp: true })).toBe('replace-after-auth');
    expect(decideIncoming(small, big, { outgoing: false, isUp: true })).toBe('replace-after-auth');
    expect(decideIncoming(small, big, { outgoing: false, isUp: false })).toBe('supersede');
  });
});
