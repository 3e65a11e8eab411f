import * as net from 'node:net';
import * as tls from 'node:tls';
import type { TcpTransportOptions } from './tcp-options.js';

/**
 * Plain TCP or mutually authenticated TLS, behind one shape. With TLS both ends present a
 * certificate signed by `tls.ca` and both reject a peer without one; the cookie handshake still
 * runs inside. Host names are not checked against certificates (node names are IPs in most
 * deployments): the CA signature is the trust, the handshake proves the node name.
 */
export interface SocketFactory {
  createServer(onSocket: (socket: net.Socket) => void): net.Server;
  dial(host: string, port: number): net.Socket;
}

export function createSocketFactory(options: TcpTransportOptions): SocketFactory {
  const tlsOptions = options.tls;
  if (tlsOptions === undefined) {
    return {
      createServer: (onSocket) => net.createServer({ noDelay: true }, onSocket),
      dial: (host, port) => net.connect({ host, port, noDelay: true }),
    };
  }
  const common = { key: tlsOptions.key, cert: tlsOptions.cert, ca: tlsOptions.ca };
  return {
    createServer: (onSocket) =>
      tls.createServer(
        { ...common, requestCert: true, rejectUnauthorized: true, noDelay: true },
        onSocket,
      ),
    dial: (host, port) => {
      const socket = tls.connect({
        ...common,
        host,
        port,
        rejectUnauthorized: true,
        checkServerIdentity: () => undefined,
        // SNI must be a host name, never an IP address.
        ...(net.isIP(host) === 0 ? { servername: host } : {}),
      });
      socket.setNoDelay(true);
      return socket;
    },
  };
}
