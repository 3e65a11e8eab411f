import { connect, type Socket } from 'node:net';
import { EpmdServer } from '../../../src/epmd/epmd-server.js';

/** Starts an embedded EPMD with its defaults on `host` (any port); `cleanups` stops it. */
export async function defaultServer(
  host: string,
  cleanups: (() => Promise<void> | void)[],
): Promise<EpmdServer> {
  const server = new EpmdServer({ host, port: 0 });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

/** Sockets a test opened, and a promise that settles once every one of them has closed. */
export interface Flood {
  readonly sockets: Socket[];
  /** How many the far side closed (not us). */
  closedByServer(): number;
  allClosed: Promise<void>;
  destroy(): void;
}

/**
 * Opens `count` TCP connections to `host:port` from `localAddress`, `batch` at a time, and
 * leaves them idle (or sends `first` on each). Connections the server refuses or cuts count
 * as closed by the server.
 */
export async function openIdle(options: {
  host: string;
  port: number;
  count: number;
  localAddress: string | ((i: number) => string);
  first?: Buffer;
  batch?: number;
}): Promise<Flood> {
  const sockets: Socket[] = [];
  const closes: Promise<void>[] = [];
  let byServer = 0;
  let destroying = false;
  const batch = options.batch ?? 500;
  for (let start = 0; start < options.count; start += batch) {
    const opened: Promise<void>[] = [];
    for (let i = start; i < Math.min(options.count, start + batch); i++) {
      const localAddress =
        typeof options.localAddress === 'string' ? options.localAddress : options.localAddress(i);
      const socket = connect({ host: options.host, port: options.port, localAddress });
      socket.on('error', () => {});
      socket.on('data', () => {});
      sockets.push(socket);
      closes.push(
        new Promise((resolve) =>
          socket.once('close', () => {
            if (!destroying) byServer++;
            resolve();
          }),
        ),
      );
      opened.push(
        new Promise((resolve) => {
          socket.once('connect', () => {
            if (options.first !== undefined) socket.write(options.first);
            resolve();
          });
          socket.once('close', () => resolve());
        }),
      );
    }
    await Promise.all(opened);
  }
  return {
    sockets,
    closedByServer: () => byServer,
    allClosed: Promise.all(closes).then(() => undefined),
    destroy() {
      destroying = true;
      for (const s of sockets) s.destroy();
    },
  };
}
