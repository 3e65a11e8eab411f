/**
 * Child process of benchmarks/tcp-connect.ts: hosts, on each address it is given, a raw echo
 * server (the baseline's peer) and a TcpTransport (muster's peer). Driven over IPC.
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
}

const servers: net.Server[] = [];
const transports: TcpTransport[] = [];

async function start(cmd: StartCommand): Promise<void> {
  const logger = silentLogger();
  const options = tcpTransportSchema.parse({ kind: 'tcp', port: cmd.musterPort });
  for (const host of cmd.hosts) {
    const server = net.createServer((socket) => {
      socket.on('data', (chunk) => socket.write(chunk));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) =>
      server.listen({ host, port: cmd.rawPort, backlog: 4096 }, resolve),
    );
    servers.push(server);
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

process.on('message', (cmd: StartCommand | { op: 'quiet' } | { op: 'stop' }) => {
  if (cmd.op === 'quiet') {
    quiet().then(() => process.send?.({ op: 'quiet' }));
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
