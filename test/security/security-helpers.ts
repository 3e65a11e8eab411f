import type * as net from 'node:net';
import { pino } from 'pino';
import { systemClock } from '../../src/core/clock.js';
import { toNodeName } from '../../src/core/node-name.js';
import { type TcpTransportInput, tcpTransportSchema } from '../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../src/transport/tcp/tcp-transport.js';
import { TEST_COOKIE, TEST_PORT, TestNode } from '../helpers/tcp-nodes.js';
import { rawSocket } from '../helpers/tcp-raw-peer.js';

/** A log record as pino writes it. */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export const WARN = 40;

export interface LoggedNode {
  readonly node: TestNode;
  readonly logs: LogLine[];
  /** Resolves with the first record (past or future) that matches. */
  logged(match: (line: LogLine) => boolean): Promise<LogLine>;
}

/** A TcpTransport whose log records (debug and up) land in `logs`. */
export async function startLoggedNode(
  name: string,
  options: Partial<Omit<TcpTransportInput, 'kind'>> = {},
  cookie = TEST_COOKIE,
): Promise<LoggedNode> {
  const logs: LogLine[] = [];
  const waiters = new Set<(line: LogLine) => void>();
  const write = (text: string) => {
    const line = JSON.parse(text) as LogLine;
    logs.push(line);
    for (const w of [...waiters]) w(line);
  };
  const logged = (match: (line: LogLine) => boolean) =>
    new Promise<LogLine>((resolve) => {
      const seen = logs.find(match);
      if (seen) return resolve(seen);
      const w = (line: LogLine) => {
        if (!match(line)) return;
        waiters.delete(w);
        resolve(line);
      };
      waiters.add(w);
    });
  const logger = pino({ level: 'debug' }, { write });
  const transport = new TcpTransport(
    tcpTransportSchema.parse({ kind: 'tcp', port: TEST_PORT, ...options }),
    { logger, clock: systemClock, cookie },
  );
  const self = toNodeName(name);
  await transport.start(self);
  return { node: new TestNode(self, transport), logs, logged };
}

/** rawSocket, whose errors (a reset by the node under test) are expected and ignored. */
export async function openSocket(
  host: string,
  port: number,
  localAddress?: string,
): Promise<net.Socket> {
  const socket = await rawSocket(host, port, localAddress);
  socket.on('error', () => {});
  return socket;
}

/**
 * What the node did with a socket that never speaks: 'greeted' when its first bytes arrived
 * (a plaintext node's challenge), 'closed' when it was closed first.
 */
export function fate(socket: net.Socket): Promise<'greeted' | 'closed'> {
  return new Promise((resolve) => {
    if (socket.closed) {
      resolve('closed');
      return;
    }
    socket.once('data', () => resolve('greeted'));
    socket.once('close', () => resolve('closed'));
  });
}

/** Resolves when `socket` is closed by the other side (or already is). */
export function closedByPeer(socket: net.Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  socket.resume();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}
