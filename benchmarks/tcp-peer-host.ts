/**
 * Child process of benchmarks/tcp-connect.ts: hosts, on each address it is given, a raw echo
 * server (the baseline's peer) and a TcpTransport (muster's peer). Driven over IPC:
 *
 *   { op: 'start', hosts, rawPort, musterPort, cookie, shapePort? }
 *     -> { op: 'started' } | { op: 'error' }
 *   { op: 'quiet' } -> { op: 'quiet' } once no hosted transport holds a socket
 *   { op: 'cpu' }   -> { op: 'cpu', micros } (user + system CPU of this process so far)
 *   { op: 'stop' }  -> exits (so a `--cpu-prof` profile is written)
 */
import * as net from 'node:net';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { toNodeName } from '../src/core/node-name.js';
import { tcpTransportSchema } from '../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../src/transport/tcp/tcp-transport.js';

interface StartCommand {
  op: 'start';
  hosts: string[];
  rawPort: number;
  musterPort: number;
  cookie: string;
  /** Optional: also listen here with a server that answers only the first chunk (see below). */
  shapePort?: number;
}

type Command = StartCommand | { op: 'quiet' } | { op: 'cpu' } | { op: 'stop' };

const servers: net.Server[] = [];
const transports: TcpTransport[] = [];

/** The baseline's peer: echoes whatever arrives (one 16-byte round trip per connection). */
function echo(socket: net.Socket): void {
  socket.on('data', (chunk) => socket.write(chunk));
  socket.on('error', () => {});
}

/**
 * The handshake's shape without the library: speak first (16 bytes, like the challenge), then
 * answer the first chunk that comes back (like the proof answers the hello).
 */
function answerOnce(socket: net.Socket): void {
  let answered = false;
  socket.write(Buffer.alloc(16, 6));
  socket.on('data', (chunk) => {
    if (!answered) socket.write(chunk);
    answered = true;
  });
  socket.on('error', () => {});
}

async function start(cmd: StartCommand): Promise<void> {
  const logger = silentLogger();
  const options = tcpTransportSchema.parse({ kind: 'tcp', port: cmd.musterPort });
  for (const host of cmd.hosts) {
    const server = net.createServer({ noDelay: true }, echo);
    await new Promise<void>((resolve) =>
      server.listen({ host, port: cmd.rawPort, backlog: 4096 }, resolve),
    );
    servers.push(server);
    if (cmd.shapePort !== undefined) {
      const shape = net.createServer({ noDelay: true }, answerOnce);
      await new Promise<void>((resolve) =>
        shape.listen({ host, port: cmd.shapePort, backlog: 4096 }, resolve),
      );
      servers.push(shape);
    }
    const t = new TcpTransport(options, { logger, clock: systemClock, cookie: cmd.cookie });
    await t.start(toNodeName(`peer@${host}`));
    transports.push(t);
  }
}

/** Resolves once no hosted transport holds a socket (the previous phase has drained). */
async function quiet(): Promise<void> {
  while (transports.some((t) => t.stats().sockets > 0)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

process.on('message', (cmd: Command) => {
  if (cmd.op === 'quiet') {
    quiet().then(() => process.send?.({ op: 'quiet' }));
  } else if (cmd.op === 'cpu') {
    const cpu = process.cpuUsage();
    process.send?.({ op: 'cpu', micros: cpu.user + cpu.system });
  } else if (cmd.op === 'start') {
    start(cmd).then(
      () => process.send?.({ op: 'started' }),
      (err: unknown) => process.send?.({ op: 'error', error: String(err) }),
    );
  } else {
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
