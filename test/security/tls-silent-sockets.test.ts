import { afterEach, describe, expect, it } from 'vitest';
import { hasPeerBinary } from '../helpers/real-peer.js';
import { startNode, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { makeTestCerts } from '../helpers/tcp-test-certs.js';
import { closedByPeer, openSocket, startLoggedNode, WARN } from './security-helpers.js';

// This file's addresses: 127.134.1.0/24.
// Issue 14, case 1: a TLS listener kept every socket that never started TLS (Node's own TLS
// handshake timeout only logs), so silent sockets could hold every descriptor.
const hasOpenssl = hasPeerBinary('openssl');
const started: TestNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

describe.skipIf(!hasOpenssl)('a TLS node against sockets that never finish TLS', () => {
  const certs = hasOpenssl ? makeTestCerts() : undefined;
  const tls = () => ({ key: certs!.key, cert: certs!.cert, ca: certs!.ca });

  it('cuts silent and half-hello sockets at handshakeTimeout, with one warning', async () => {
    const { node: a, logs } = await startLoggedNode('a@127.134.1.1', {
      tls: tls(),
      handshakeTimeout: 300,
    });
    started.push(a);
    const silent = await Promise.all(
      Array.from({ length: 40 }, () => openSocket('127.134.1.1', TEST_PORT)),
    );
    // The first 3 bytes of a TLS record header, then nothing: a TLS-level slowloris.
    const dribbling = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const s = await openSocket('127.134.1.1', TEST_PORT);
        s.write(Buffer.from([0x16, 0x03, 0x01]));
        return s;
      }),
    );
    await Promise.all([...silent, ...dribbling].map(closedByPeer));
    // Counted before each socket is destroyed, so all fifty are in by now.
    expect(a.transport.stats().handshakesTimedOut).toBe(50);
    // Fifty strangers, at most one warning line per kind of event.
    const warnings = logs.filter((l) => l.level === WARN);
    const kinds = new Set(warnings.map((l) => l.msg));
    expect(warnings.length).toBe(kinds.size);
  }, 15_000);

  it('still lets a real TLS peer in once the silent sockets are gone', async () => {
    const a = await startNode('a@127.134.1.2', { tls: tls(), handshakeTimeout: 300 });
    const b = await startNode('b@127.134.1.3', { tls: tls() });
    started.push(a, b);
    const silent = await openSocket('127.134.1.2', TEST_PORT);
    await expect(b.connect(a.name)).resolves.toBe(true);
    await closedByPeer(silent);
    expect(a.transport.nodes()).toEqual([b.name]);
  }, 15_000);
});
