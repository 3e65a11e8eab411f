import type { Socket } from 'node:net';
import type { Connection } from './connection.js';

/**
 * The listeners of every connection's socket: module functions shared by all sockets (no
 * closure per connection), which find their Connection on the socket and hand it the event.
 */

const kConnection = Symbol('muster.connection');
type OwnedSocket = Socket & { [kConnection]: Connection };

function onSocketData(this: OwnedSocket, chunk: Buffer): void {
  this[kConnection].onData(chunk);
}

/**
 * The `onread` callback of dialed sockets (see socket-factory.ts): `buf` is a buffer shared by
 * every such socket and reused by the next read, so whatever the decoder keeps, it copies.
 */
export function onReadInPlace(this: Socket, nread: number, buf: Uint8Array): boolean {
  (this as OwnedSocket)[kConnection].onData((buf as Buffer).subarray(0, nread));
  return true; // false would pause the socket
}

function onSocketError(this: OwnedSocket, err: Error): void {
  const conn = this[kConnection];
  conn.socketError ??= err;
  conn.close('closed', err.message);
}

function onSocketDrain(this: OwnedSocket): void {
  this[kConnection].onDrain();
}

function onSocketClose(this: OwnedSocket): void {
  this[kConnection].close('closed', undefined);
}

function ignore(): void {}

/**
 * `conn` owns `socket` from now on. `readsInPlace`: the socket was made with `onReadInPlace`
 * as its `onread` callback, so it emits no `data` events.
 */
export function own(socket: Socket, conn: Connection, readsInPlace: boolean): void {
  (socket as OwnedSocket)[kConnection] = conn;
  if (!readsInPlace) socket.on('data', onSocketData);
  socket.on('error', onSocketError);
  socket.on('close', onSocketClose);
  socket.on('drain', onSocketDrain);
}

/** The raw socket under a TLS one: its errors surface on the TLS socket, which is owned now. */
export function handOverToTls(raw: Socket): void {
  raw.off('data', onSocketData);
  raw.off('error', onSocketError);
  raw.off('close', onSocketClose);
  raw.on('error', ignore);
}
