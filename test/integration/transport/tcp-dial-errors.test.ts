import * as net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeName } from '../../../src/core/node-name.js';
import { encodeFrame, FrameType } from '../../../src/transport/tcp/frame.js';
import {
  encodeChallenge,
  encodeProof,
  encodeRefuse,
  RefuseCode,
} from '../../../src/transport/tcp/handshake-codec.js';
import { ChallengePool } from '../../../src/transport/tcp/handshake-crypto.js';
import { startNode, TEST_PORT, type TestNode } from '../../helpers/tcp-nodes.js';
import { nextFrame } from '../../helpers/tcp-raw-peer.js';

// This file's addresses: 127.133.4.0/24. Each test's peer is a hand-written acceptor that
// misbehaves in one way; the dialer must say which, with the code a user can act on.

const started: TestNode[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
  for (const s of servers.splice(0)) s.close();
});

async function acceptor(host: string, onSocket: (s: net.Socket) => void): Promise<void> {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    onSocket(s);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(TEST_PORT, host, resolve));
}

async function dialer(i: number, handshakeTimeout = 5_000): Promise<TestNode> {
  const node = await startNode(`d${i}@127.133.4.${i}`, { handshakeTimeout });
  started.push(node);
  return node;
}

const peer = (i: number) => toNodeName(`p@127.133.4.${100 + i}`);
const challenge = () => new ChallengePool().next();

describe('why a tcp dial failed', () => {
  it('an acceptor that never speaks: MUSTER_ERR_HANDSHAKE_TIMEOUT', async () => {
    await acceptor('127.133.4.101', () => {});
    const d = await dialer(1, 100);
    expect(await d.attempt(peer(1))).toMatchObject({
      code: 'MUSTER_ERR_HANDSHAKE_TIMEOUT',
      permanent: false,
    });
  });

  it('an acceptor whose proof fails our check: MUSTER_ERR_HANDSHAKE_FAILED, permanent', async () => {
    await acceptor('127.133.4.102', (s) => {
      s.write(encodeChallenge(challenge()));
      // Whatever the hello says, answer with a proof made without the cookie.
      void nextFrame(s).then(() => s.write(encodeProof(Buffer.alloc(32))));
    });
    const d = await dialer(2);
    expect(await d.attempt(peer(2))).toMatchObject({
      code: 'MUSTER_ERR_HANDSHAKE_FAILED',
      permanent: true,
    });
    expect(d.transport.nodes()).toEqual([]);
  });

  it('an acceptor of another protocol version: MUSTER_ERR_HANDSHAKE_FAILED, permanent', async () => {
    await acceptor('127.133.4.103', (s) => {
      s.write(encodeFrame(FrameType.challenge, Buffer.concat([Buffer.from([99]), challenge()])));
    });
    const d = await dialer(3);
    const error = await d.attempt(peer(3));
    expect(error).toMatchObject({ code: 'MUSTER_ERR_HANDSHAKE_FAILED', permanent: true });
    expect(error?.message).toContain('version 99');
  });

  it('an acceptor that refuses: MUSTER_ERR_CONNECT_REFUSED with the reason it gave', async () => {
    const refusals = [
      // Not wanted may change with the peer's next poll: retried with the usual backoff.
      [RefuseCode.notAllowed, 'not_allowed', false],
      [RefuseCode.stopping, 'stopping', false],
      [RefuseCode.version, 'version', true],
      [77, 'other', false],
    ] as const;
    for (const [i, [code, refusal, permanent]] of refusals.entries()) {
      await acceptor(`127.133.4.${110 + i}`, (s) => s.end(encodeRefuse(code as RefuseCode)));
      const d = await dialer(10 + i);
      expect(await d.attempt(toNodeName(`p@127.133.4.${110 + i}`))).toMatchObject({
        code: 'MUSTER_ERR_CONNECT_REFUSED',
        refusal,
        permanent,
      });
    }
  });

  it('an acceptor that hangs up at once: MUSTER_ERR_HANDSHAKE_FAILED, worth retrying', async () => {
    await acceptor('127.133.4.104', (s) => s.end());
    const d = await dialer(4);
    expect(await d.attempt(peer(4))).toMatchObject({
      code: 'MUSTER_ERR_HANDSHAKE_FAILED',
      permanent: false,
    });
  });
});
