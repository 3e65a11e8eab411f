import type { Server, Socket } from 'node:net';
import { TransportError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { TcpErrorCode } from './tcp-errors.js';

/** Listens on `host:port` and resolves with the bound port; a bind failure is a TransportError. */
export async function listen(
  server: Server,
  host: string,
  port: number,
  logger: Logger,
): Promise<number> {
  server.on('tlsClientError', (err: Error, socket: Socket) => {
    logger.warn(
      { remote: `${socket.remoteAddress}:${socket.remotePort}`, detail: err.message },
      'tls client refused',
    );
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
