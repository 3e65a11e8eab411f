/**
 * Peers in child processes: benchmarks/tcp-peer-host.ts (shared with tcp-connect.ts, used as
 * is) serves, on each address it is given, a raw echo server and a muster TcpTransport.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const COOKIE = 'benchmark-cookie-not-secret';
export const MUSTER_PORT = 4570;
export const RAW_PORT = 4571;

export interface PeerHosts {
  readonly children: readonly ChildProcess[];
  /** Waits until no hosted transport holds a socket (the previous phase drained). */
  quiet(): Promise<void>;
  stop(): void;
}

function request(child: ChildProcess, msg: object, reply: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { op: string; error?: string }) => {
      if (m.op === reply) {
        child.off('message', onMessage);
        resolve();
      } else if (m.op === 'error') {
        child.off('message', onMessage);
        reject(new Error(m.error));
      }
    };
    child.on('message', onMessage);
    child.send(msg);
  });
}

/** Forks `count` hosts and spreads `hosts` over them (each child holds 2 listeners per host). */
export async function startPeerHosts(hosts: readonly string[], count: number): Promise<PeerHosts> {
  const script = fileURLToPath(new URL('../tcp-peer-host.ts', import.meta.url));
  const per = Math.ceil(hosts.length / count);
  const children = Array.from({ length: count }, () =>
    fork(script, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  const stop = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  };
  try {
    await Promise.all(
      children.map((child, c) =>
        request(
          child,
          {
            op: 'start',
            hosts: hosts.slice(c * per, (c + 1) * per),
            rawPort: RAW_PORT,
            musterPort: MUSTER_PORT,
            cookie: COOKIE,
          },
          'started',
        ),
      ),
    );
  } catch (err) {
    stop();
    throw err;
  }
  return {
    children,
    quiet: async () => {
      await Promise.all(children.map((c) => request(c, { op: 'quiet' }, 'quiet')));
    },
    stop,
  };
}
