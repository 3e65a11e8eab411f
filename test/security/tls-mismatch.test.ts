import { afterEach, describe, expect, it } from 'vitest';
import { hasPeerBinary } from '../helpers/real-peer.js';
import type { TestNode } from '../helpers/tcp-nodes.js';
import { makeTestCerts } from '../helpers/tcp-test-certs.js';
import { type LogLine, startLoggedNode } from './security-helpers.js';

// This file's addresses: 127.134.8.0/24.
// Issue 14, case 8: a node without TLS dialing a TLS node waited 5 s and logged a generic
// handshake timeout. Both ends must say "TLS on one side only", with a code, within a round
// trip: the handshake timeout here is far beyond the test's own timeout.
const hasOpenssl = hasPeerBinary('openssl');
const started: TestNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

const SLOW = { handshakeTimeout: 600_000 };
const mismatch = (l: LogLine) => l.code === 'MUSTER_ERR_TLS_MISMATCH';

describe.skipIf(!hasOpenssl)('TLS on one side only', () => {
  const certs = hasOpenssl ? makeTestCerts() : undefined;
  const tls = () => ({ key: certs!.key, cert: certs!.cert, ca: certs!.ca });

  it('a node without tls dialing a TLS node: a coded error on both ends', async () => {
    const secure = await startLoggedNode('secure@127.134.8.1', { ...SLOW, tls: tls() });
    const plain = await startLoggedNode('plain@127.134.8.2', SLOW);
    started.push(secure.node, plain.node);
    await expect(plain.node.connect(secure.node.name)).resolves.toBe(false);
    expect(plain.node.transport.stats().handshakeFailures).toEqual({ 'dial:tls_mismatch': 1 });
    expect((await plain.logged(mismatch)).detail).toBe('the peer requires tls, this node has none');
    expect((await secure.logged(mismatch)).detail).toBe('a node without tls dialed this node');
  }, 10_000);

  it('a TLS node dialing a node without tls: a coded error on both ends', async () => {
    const secure = await startLoggedNode('secure@127.134.8.3', { ...SLOW, tls: tls() });
    const plain = await startLoggedNode('plain@127.134.8.4', SLOW);
    started.push(secure.node, plain.node);
    await expect(secure.node.connect(plain.node.name)).resolves.toBe(false);
    expect(secure.node.transport.stats().handshakeFailures).toEqual({ 'dial:tls_mismatch': 1 });
    expect((await secure.logged(mismatch)).detail).toBe('the peer has no tls, this node has');
    expect((await plain.logged(mismatch)).detail).toBe(
      'a node with tls dialed this node, which has none',
    );
  }, 10_000);

  it('two TLS nodes still connect (the clear-text preface, then TLS)', async () => {
    const a = await startLoggedNode('a@127.134.8.5', { tls: tls() });
    const b = await startLoggedNode('b@127.134.8.6', { tls: tls() });
    started.push(a.node, b.node);
    await expect(a.node.connect(b.node.name)).resolves.toBe(true);
    b.node.transport.send(a.node.name, 't', 'over tls');
    await a.node.waitMessages(1);
    expect(a.logs.filter(mismatch)).toEqual([]);
  });
});
