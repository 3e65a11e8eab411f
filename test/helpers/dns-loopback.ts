import { createSocket, type Socket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * Loopback addresses for the DNS tests: 127.10.<block>.<n>. Each test file owns one block so
 * files running in parallel never share an address.
 */
export function dnsTestAddress(block: number, n: number): string {
  return `127.10.${block}.${n}`;
}

/** A port free for both UDP and TCP on `host` right now (bound on 0, then released). */
export async function freeDualPort(host: string): Promise<number> {
  for (;;) {
    const udp = createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, host, () => resolve());
    });
    const port = udp.address().port;
    const tcp = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, host, () => resolve(true));
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (ok) {
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
      return port;
    }
  }
}

/** A "nameserver" that reads every query and never answers: the timeout case. */
export async function silentNameserver(
  host: string,
): Promise<{ address: string; received: () => number; close(): Promise<void> }> {
  const socket: Socket = createSocket('udp4');
  let count = 0;
  socket.on('message', () => {
    count++;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
  return {
    address: `${host}:${socket.address().port}`,
    received: () => count,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A UDP "nameserver" whose answer to each query is computed by `reply` (fuzzing). */
export async function scriptedNameserver(
  host: string,
  reply: (query: Buffer) => Buffer | undefined,
): Promise<{ address: string; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    const out = reply(msg);
    if (out !== undefined) socket.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
  return {
    address: `${host}:${socket.address().port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
