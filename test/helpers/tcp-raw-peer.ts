import { once } from 'node:events';
import * as net from 'node:net';
import type { NodeName } from '../../src/core/node-name.js';
import { FrameType } from '../../src/transport/tcp/frame.js';
import { FrameDecoder } from '../../src/transport/tcp/frame-decoder.js';
import { FrameMac, MacScratch } from '../../src/transport/tcp/frame-mac.js';
import {
  decodeChallenge,
  decodeProof,
  encodeHello,
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

/** Resolves with the next whole frame `socket` receives (type and a copy of its body). */
export function nextFrame(socket: net.Socket): Promise<{ type: number; body: Buffer }> {
  const decoder = new FrameDecoder(1024);
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error('closed before a whole frame arrived'));
    const onData = (chunk: Buffer) => {
      decoder.push(chunk, (type, body) => {
        socket.off('data', onData);
        socket.off('close', onClose);
        resolve({ type, body: Buffer.from(body) });
        return false;
      });
    };
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** Reads the acceptor's opening challenge (the acceptor speaks first). */
export async function readChallenge(socket: net.Socket): Promise<Buffer> {
  const frame = await nextFrame(socket);
  if (frame.type !== FrameType.challenge) {
    throw new Error(`expected a challenge, got frame type ${frame.type}`);
  }
  return Buffer.from(decodeChallenge(frame.body).challenge);
}

/**
 * A hand-driven dialer: runs our handshake as `self` with `cookie`, then hands back the raw
 * socket so a test can write whatever bytes it likes on an authenticated connection (frames a
 * plaintext node will accept must be sealed: see sealedHandshakeAs).
 */
export async function handshakeAs(
  self: NodeName,
  target: NodeName,
  port: number,
  cookie: string,
): Promise<net.Socket> {
  return (await sealedHandshakeAs(self, target, port, cookie)).socket;
}

/**
 * handshakeAs, with `seal(frame)`: the frame with the MAC a plaintext node expects of the next
 * frame on this connection (call it once per frame, in the order the frames are written).
 */
export async function sealedHandshakeAs(
  self: NodeName,
  target: NodeName,
  port: number,
  cookie: string,
): Promise<{ socket: net.Socket; seal: (frame: Buffer) => Buffer }> {
  const host = target.slice(target.indexOf('@') + 1);
  const socket = await rawSocket(host, port);
  const proof = new CookieProof(cookie);
  const theirs = await readChallenge(socket);
  const ours = new ChallengePool().next();
  socket.write(encodeHello(ours, proof.digest('dialer', theirs, self, target), self, target));
  const answer = await nextFrame(socket);
  if (answer.type !== FrameType.proof) {
    throw new Error(`expected a proof, got frame type ${answer.type}`);
  }
  if (!proof.verify('acceptor', decodeProof(answer.body), ours, self, target)) {
    throw new Error('acceptor failed the cookie check');
  }
  const keys = proof.sessionKeys(theirs, ours, self, target);
  const mac = new FrameMac(keys.dialer, keys.acceptor, new MacScratch());
  return { socket, seal: (frame) => mac.seal(frame) };
}
