import type { Server, Socket } from 'node:net';
import { TransportError } from '../../core/errors.js';
import type { RateLimitedLog } from './rate-limited-log.js';
import { TcpErrorCode } from './tcp-errors.js';

/** Listens on `host:port` and resolves with the bound port; a bind failure is a TransportError. */
export async function listen(
  server: Server,
  host: string,
  port: number,
  strangers: RateLimitedLog,
): Promise<number> {
  // Node only reports a failed or timed-out TLS handshake (the socket would stay open): cut it.
  server.on('tlsClientError', (err: Error & { code?: string }, socket: Socket) => {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    if (err.code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
      // Clear-text bytes where a TLS record was due: a node without tls answering our preface.
      strangers.warn(
        { remote, code: TcpErrorCode.tlsMismatch, detail: 'a node without tls dialed this node' },
        'tls on one side only',
      );
    } else {
      strangers.warn({ remote, detail: err.message }, 'tls client refused');
    }
    socket.destroy();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, backlog: 4096 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    throw new TransportError(
      TcpErrorCode.listen,
      `cannot listen on ${host}:${port}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : port;
}
