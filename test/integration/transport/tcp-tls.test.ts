import { afterEach, describe, expect, it } from 'vitest';
import { hasPeerBinary } from '../../helpers/real-peer.js';
import { startNode, type TestNode } from '../../helpers/tcp-nodes.js';
import { makeTestCerts } from '../../helpers/tcp-test-certs.js';

// This file's addresses: 127.23.0.0/16.
const hasOpenssl = hasPeerBinary('openssl');
const started: TestNode[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

describe.skipIf(!hasOpenssl)(
  'TcpTransport over TLS (needs openssl to make test certificates)',
  () => {
    const certs = hasOpenssl ? makeTestCerts() : undefined;

    it('connects with mutual authentication and carries messages', async () => {
      const tls = { key: certs!.key, cert: certs!.cert, ca: certs!.ca };
      const a = await startNode('a@127.23.0.1', { tls });
      const b = await startNode('b@127.23.0.2', { tls });
      started.push(a, b);
      await expect(a.connect(b.name)).resolves.toBe(true);
      await b.waitUp(a.name);
      b.transport.send(a.name, 'hi', { over: 'tls' });
      await a.waitMessages(1);
      expect(a.messages[0]).toEqual({ from: b.name, topic: 'hi', payload: { over: 'tls' } });
    });

    it('refuses a node whose certificate the CA did not sign, both ways', async () => {
      const good = { key: certs!.key, cert: certs!.cert, ca: certs!.ca };
      const rogue = { key: certs!.rogueKey, cert: certs!.rogueCert, ca: certs!.ca };
      const a = await startNode('a@127.23.0.3', { tls: good });
      const r = await startNode('r@127.23.0.4', { tls: rogue });
      started.push(a, r);
      await expect(r.connect(a.name)).resolves.toBe(false);
      await expect(a.connect(r.name)).resolves.toBe(false);
      // Both ends say it was TLS: we reject its certificate, or it is told ours was rejected.
      expect(await a.attempt(r.name)).toMatchObject({ code: 'MUSTER_ERR_TLS' });
      expect(await r.attempt(a.name)).toMatchObject({ code: 'MUSTER_ERR_TLS' });
      expect(a.transport.nodes()).toEqual([]);
      expect(r.transport.nodes()).toEqual([]);
    });
  },
);
