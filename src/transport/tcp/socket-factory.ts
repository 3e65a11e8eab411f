import * as net from 'node:net';
import * as tls from 'node:tls';
import { encodeRefuse, RefuseCode } from './handshake-codec.js';
import type { TcpTransportOptions } from './tcp-options.js';

/**
 * Plain TCP or mutually authenticated TLS, behind one shape. With TLS both ends present a
 * certificate signed by `tls.ca` and both reject a peer without one; the cookie handshake still
 * runs inside. Host names are not checked against certificates (node names are IPs in most
 * deployments): the CA signature is the trust, the handshake proves the node name.
 */
export interface SocketFactory {
  createServer(onSocket: (socket: net.Socket) => void): net.Server;
  /**
   * A socket to host:port. Where the kind of socket allows it (plain TCP), reads go to
   * `onRead` in place (`readsInPlace` is then true) instead of `data` events.
   */
  dial(host: string, port: number, onRead: InPlaceReader): DialedSocket;
  /**
   * TLS only: starts TLS as the client over a dialed socket, once the acceptor's clear-text
   * `refuse(tlsMismatch)` preface was read (see TLS_PREFACE). Undefined without TLS.
   */
  upgrade?(socket: net.Socket, host: string): net.Socket;
}

/**
 * What a TLS acceptor writes in the clear on every accepted socket, before TLS: a node without
 * TLS that dialed it reads a refusal that says why at once, instead of both ends waiting for the
 * other to speak until the handshake times out. Dialers with TLS read it, then start TLS.
 */
const TLS_PREFACE = encodeRefuse(RefuseCode.tlsMismatch);

/** A `connection` listener of the TLS server, ahead of the server's own (see createServer). */
function writeTlsPreface(socket: net.Socket): void {
  if (!socket.destroyed) socket.write(TLS_PREFACE);
}

/** Node's `onread` callback; `false` pauses the socket. */
export type InPlaceReader = (this: net.Socket, nread: number, buf: Uint8Array) => boolean;

export interface DialedSocket {
  readonly socket: net.Socket;
  readonly readsInPlace: boolean;
}

export function createSocketFactory(options: TcpTransportOptions): SocketFactory {
  const tlsOptions = options.tls;
  if (tlsOptions === undefined) {
    /**
     * Every plain socket this factory dials reads into this one buffer (Node's `onread`), so
     * a read allocates no chunk and skips the stream machinery: a large join reads twice per
     * handshake, 20,000 reads at N = 10,000. Safe because each read is handed on and used
     * before the next one. One per factory (per transport): transports share nothing.
     */
    const readBuffer = Buffer.allocUnsafeSlow(64 * 1024);
    return {
      createServer: (onSocket) => net.createServer({ noDelay: true }, onSocket),
      dial: (host, port, onRead) => ({
        socket: net.connect({
          host,
          port,
          noDelay: true,
          onread: { buffer: readBuffer, callback: onRead },
        }),
        readsInPlace: true,
      }),
    };
  }
  const common = { key: tlsOptions.key, cert: tlsOptions.cert, ca: tlsOptions.ca };
  return {
    createServer: (onSocket) => {
      const server = tls.createServer(
        { ...common, requestCert: true, rejectUnauthorized: true, noDelay: true },
        onSocket,
      );
      // Before the server's own listener wraps the socket in TLS.
      server.prependListener('connection', writeTlsPreface);
      return server;
    },
    // In the clear until the acceptor's preface is read; then `upgrade` starts TLS. Read
    // through the stream as usual (no `onread`: the socket is handed over to TLS).
    dial: (host, port) => ({
      socket: net.connect({ host, port, noDelay: true }),
      readsInPlace: false,
    }),
    upgrade: (socket, host) =>
      tls.connect({
        ...common,
        socket,
        rejectUnauthorized: true,
        checkServerIdentity: () => undefined,
        // SNI must be a host name, never an IP address.
        ...(net.isIP(host) === 0 ? { servername: host } : {}),
      }),
  };
}
