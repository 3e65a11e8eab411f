import type { Logger } from '../../core/logger.js';
import { hostOf, type NodeName } from '../../core/node-name.js';
import { EpmdPortMapping } from '../../epmd/epmd-port-mapping.js';
import type { Connection } from './connection.js';
import { FixedPortMapping, type PortMapping } from './port-mapping.js';
import { onReadInPlace } from './socket-events.js';
import type { SocketFactory } from './socket-factory.js';
import type { TcpTransportOptions } from './tcp-options.js';

/** A fixed port for every node, or each peer's port asked from its host's EPMD. */
export function createPortMapping(options: TcpTransportOptions, logger: Logger): PortMapping {
  if (!options.epmd) return new FixedPortMapping(options.port);
  const epmd = typeof options.epmd === 'object' ? options.epmd : {};
  return new EpmdPortMapping({
    ...(epmd.port === undefined ? {} : { epmdPort: epmd.port }),
    ...(epmd.start === undefined ? {} : { start: epmd.start }),
    logger,
  });
}

/**
 * Opens the socket of a dial whose turn came and hands it to `conn` (which sends the hello).
 * A fixed port dials synchronously; otherwise the port is asked first, and a dial closed in the
 * meantime is left alone. `onDial` counts each socket opened.
 */
export function openDial(
  conn: Connection,
  node: NodeName,
  ports: PortMapping,
  sockets: SocketFactory,
  signal: AbortSignal | undefined,
  onDial: () => void,
): void {
  const port = ports.knownPort?.(node);
  if (port !== undefined) {
    onDial();
    attachDialed(conn, sockets, hostOf(node), port);
    return;
  }
  ports.portOf(node, signal).then(
    (port) => {
      if (conn.state !== 'resolving') return;
      onDial();
      attachDialed(conn, sockets, hostOf(node), port);
    },
    (err: unknown) => conn.close('unreachable', `no port for ${node}: ${(err as Error).message}`),
  );
}

function attachDialed(conn: Connection, sockets: SocketFactory, host: string, port: number): void {
  const dialed = sockets.dial(host, port, onReadInPlace);
  conn.attach(dialed.socket, dialed.readsInPlace);
}
