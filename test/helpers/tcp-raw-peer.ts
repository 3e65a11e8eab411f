import { once } from 'node:events';
import * as net from 'node:net';
import type { NodeName } from '../../src/core/node-name.js';
import { FrameType } from '../../src/transport/tcp/frame.js';
import { FrameDecoder } from '../../src/transport/tcp/frame-decoder.js';
import {
  decodeChallenge,
  encodeHello,
  encodeReply,
} from '../../src/transport/tcp/handshake-codec.js';
import { ChallengePool, CookieProof } from '../../src/transport/tcp/handshake-crypto.js';

/** A raw socket to `host:port` that has spoken no byte yet. */
export async function rawSocket(
  host: string,
  port: number,
  localAddress?: string,
): Promise<net.Socket> {
  const socket = net.connect({ host, port, ...(localAddress ? { localAddress } : {}) });
  await once(socket, 'connect');
  return socket;
}

/** Resolves when the socket has been closed (by either side). */
export function closed(socket: net.Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  socket.resume();
  socket.on('error', () => {});
  return new Promise((resolve) => socket.once('close', () => resolve()));
}

/**
 * A hand-driven dialer: runs our handshake as `self` with `cookie`, then hands back the raw
 * socket so a test can write whatever bytes it likes on an authenticated connection.
 */
export async function handshakeAs(
  self: NodeName,
  target: NodeName,
  port: number,
  cookie: string,
): Promise<net.Socket> {
  const host = target.slice(target.indexOf('@') + 1);
  const socket = await rawSocket(host, port);
  const proof = new CookieProof(cookie);
  const ours = new ChallengePool().next();
  socket.write(encodeHello(ours, self, target));
  const decoder = new FrameDecoder(1024);
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      decoder.push(chunk, (type, body) => {
        socket.off('data', onData);
        if (type !== FrameType.challenge) {
          reject(new Error(`expected a challenge, got frame type ${type}`));
          return false;
        }
        const msg = decodeChallenge(body);
        if (!proof.verify('acceptor', msg.digest, ours, self, target)) {
          reject(new Error('acceptor failed the cookie check'));
          return false;
        }
        socket.write(encodeReply(proof.digest('dialer', msg.challenge, self, target)));
        resolve();
        return false;
      });
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error('closed during the handshake')));
  });
  return socket;
}
