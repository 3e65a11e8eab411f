import { describe, expect, it } from 'vitest';
import { toNodeName } from '../../../../src/core/node-name.js';
import {
  decideHello,
  decideUp,
  outgoingWins,
} from '../../../../src/transport/tcp/simultaneous-connect.js';

const small = toNodeName('a@127.0.0.1');
const big = toNodeName('b@127.0.0.1');

describe('outgoingWins', () => {
  it('both ends agree: the dial of the smaller name survives', () => {
    expect(outgoingWins(small, big)).toBe(true);
    expect(outgoingWins(big, small)).toBe(false);
  });
});

describe('decideHello (a proven hello)', () => {
  it('accepts a hello when no dial of ours is on the wire', () => {
    expect(decideHello(small, big, { dialOnWire: false })).toBe('accept');
    expect(decideHello(big, small, { dialOnWire: false })).toBe('accept');
  });

  it('refuses only when our own dial is on the wire and wins', () => {
    expect(decideHello(small, big, { dialOnWire: true })).toBe('refuse');
    // The larger end accepts; its own dial is dropped once this connection is up (decideUp).
    expect(decideHello(big, small, { dialOnWire: true })).toBe('accept');
  });
});

describe('decideUp (after the cookie proof)', () => {
  it('registers the first authenticated connection', () => {
    expect(decideUp(small, big, true, undefined)).toBe('register');
    expect(decideUp(big, small, false, undefined)).toBe('register');
  });

  it('replaces one of the same direction (the peer lost it)', () => {
    expect(decideUp(small, big, false, { outgoing: false })).toBe('replace');
  });

  it('keeps the dial of the smaller name when both directions are up', () => {
    expect(decideUp(small, big, true, { outgoing: false })).toBe('swap');
    expect(decideUp(small, big, false, { outgoing: true })).toBe('lose');
    expect(decideUp(big, small, false, { outgoing: true })).toBe('swap');
    expect(decideUp(big, small, true, { outgoing: false })).toBe('lose');
  });
});
