import { createHmac, scryptSync } from 'node:crypto';
import { once } from 'node:events';
import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCluster } from '../../src/core/create-cluster.js';
import { ConfigError } from '../../src/core/errors.js';
import { toNodeName } from '../../src/core/node-name.js';
import { decodeHello, encodeChallenge } from '../../src/transport/tcp/handshake-codec.js';
import { ChallengePool } from '../../src/transport/tcp/handshake-crypto.js';
import { startNode, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { nextFrame } from '../helpers/tcp-raw-peer.js';

// This file's addresses: 127.134.5.0/24.
// Issue 14, case 5: a fake acceptor that a node dials (a stale address in discovery is enough)
// captured one proof and tested ~200,000 cookie guesses per second against it.
const started: TestNode[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
  for (const s of servers.splice(0)) s.close();
});

const COOKIE = 'correct-horse-battery';
const label = Buffer.from('D');

/** Listens as `b` without the cookie, lets `a` dial it, and returns the hello `a` sent. */
async function captureProof() {
  const challenge = new ChallengePool().next();
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.write(encodeChallenge(challenge));
  });
  servers.push(server);
  server.listen(TEST_PORT, '127.134.5.2');
  await once(server, 'listening');
  const captured = new Promise<Buffer>((resolve) =>
    server.once('connection', (s) => {
      void nextFrame(s).then((f) => resolve(f.body));
    }),
  );
  const a = await startNode('a@127.134.5.1', { cookie: COOKIE, handshakeTimeout: 2_000 });
  started.push(a);
  void a.connect(toNodeName('b@127.134.5.2'));
  const hello = decodeHello(await captured);
  return { challenge, hello, input: [challenge, hello.from, hello.to] as const };
}

function hmac(key: Buffer | string, challenge: Buffer, from: string, to: string): Buffer {
  return createHmac('sha256', key)
    .update(label)
    .update(challenge)
    .update(from)
    .update(Buffer.from([0]))
    .update(to)
    .digest();
}

describe('a captured proof', () => {
  it('cannot be checked against a guess without one scrypt per guess', async () => {
    const { hello, input } = await captureProof();
    // Even the right cookie, used as the HMAC key directly, does not reproduce the proof...
    expect(hmac(COOKIE, ...input).equals(hello.proof)).toBe(false);
    // ...only the documented scrypt of it does (16 MiB and tens of ms for every guess).
    const key = scryptSync(COOKIE, 'muster-cluster/cookie-proof/v1', 32, {
      N: 16384,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    });
    expect(hmac(key, ...input).equals(hello.proof)).toBe(true);
  });
});

describe('a short cookie', () => {
  const config = (cookie: string) => ({
    name: 'app@127.134.5.3',
    cookie,
    topologies: { dev: { strategy: 'static' as const, config: { nodes: [] } } },
  });

  it('is refused by createCluster with a ConfigError naming cookie', () => {
    let caught: unknown;
    try {
      createCluster(config('change-me'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe('cookie');
    expect((caught as ConfigError).message).toContain('at least 16 characters');
    expect((caught as ConfigError).message).not.toContain('change-me');
  });

  it('of 16 characters is accepted', () => {
    expect(() => createCluster(config('sixteen-chars-ok'))).not.toThrow();
  });
});
