/**
 * The raw limit: Node's own `net` connect plus one 16-byte round trip per peer, no library,
 * with the same concurrency as the cluster's connect queue.
 */
import * as net from 'node:net';

export interface Phase {
  readonly peersPerSecond: number;
  readonly ms: number;
  readonly cpuMs: number;
  readonly failed: number;
}

/** Runs `task` over 0..n-1 with at most `limit` in flight; returns the failures. */
export async function pool(
  n: number,
  limit: number,
  task: (i: number) => Promise<boolean>,
): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      if (!(await task(i))) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, n) }, worker));
  return failed;
}

/** One raw peer: connect, write 16 bytes, wait for 16 back. */
export function roundTrip(host: string, port: number, sockets: net.Socket[]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, noDelay: true });
    sockets.push(socket);
    let got = 0;
    socket.once('connect', () => socket.write(Buffer.alloc(16, 7)));
    socket.on('data', (chunk) => {
      got += chunk.length;
      if (got >= 16) resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Times `run` (wall and this process's CPU) for `n` peers. */
export async function timed(n: number, run: () => Promise<number>): Promise<Phase> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const failed = await run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    peersPerSecond: Math.round((n / ms) * 1000),
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    failed,
  };
}

/** Connects to every host once, all sockets held open until the end, then closed. */
export async function rawConnectPhase(
  hosts: readonly string[],
  port: number,
  concurrency: number,
): Promise<Phase> {
  const sockets: net.Socket[] = [];
  const phase = await timed(hosts.length, () =>
    pool(hosts.length, concurrency, (i) => roundTrip(hosts[i]!, port, sockets)),
  );
  await closeAll(sockets);
  return phase;
}

/** Destroys every socket and resolves once all of them have closed. */
export async function closeAll(sockets: readonly net.Socket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.closed) return resolve();
          s.once('close', () => resolve());
          s.destroy();
        }),
    ),
  );
}
