import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { names } from '../../src/epmd/epmd-client.js';
import { EpmdServer } from '../../src/epmd/epmd-server.js';

const run = promisify(execFile);

/** A running EPMD for a test: Debian's real `epmd` or the embedded one. */
export interface EpmdUnderTest {
  readonly kind: 'real' | 'embedded';
  /** The address in 127.30.0.0/16 it listens on (it also listens on 127.0.0.1 for `erl`). */
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A port free on every address in `hosts` right now (real epmd takes it on all of them).
 * Bound then released, so another process could take it in between; callers retry.
 */
export async function freePort(hosts: readonly string[]): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await bind(hosts[0]!, 0);
    const port = first.port;
    const others: { close(): Promise<void> }[] = [];
    let ok = true;
    for (const h of hosts.slice(1)) {
      try {
        others.push(await bind(h, port));
      } catch {
        ok = false;
        break;
      }
    }
    await Promise.all([first.close(), ...others.map((o) => o.close())]);
    if (ok) return port;
  }
  throw new Error(`no port free on all of ${hosts.join(', ')}`);
}

function bind(host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : port,
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

/** Polls `check` until it returns true; fails after `timeoutMs`. For conditions without events. */
export async function eventually(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Spawns a peer process in its own process group and tracks it; `stop` kills that group (by
 * the child's PID) and resolves when the child has exited.
 */
export function spawnPeer(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { child: ChildProcess; stderr: () => string; stop(): Promise<void> } {
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  child.once('exit', () => children.delete(child));
  return {
    child,
    stderr: () => stderr,
    async stop() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        killGroup(child.pid, 'SIGKILL');
      }
      await exited;
    },
  };
}

/** Starts Debian's `epmd` on a free port of `host` (and, as epmd always does, of loopback). */
export async function startRealEpmd(host: string): Promise<EpmdUnderTest> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort([host, '127.0.0.1']);
    const peer = spawnPeer('epmd', ['-port', String(port), '-address', host]);
    try {
      await eventually(
        async () => {
          if (peer.child.exitCode !== null) throw new Error(`epmd exited: ${peer.stderr()}`);
          return names(host, port, { timeout: 500 }).then(
            () => true,
            () => false,
          );
        },
        `epmd on ${host}:${port}`,
        5_000,
        25,
      );
      return { kind: 'real', host, port, stop: () => peer.stop() };
    } catch (err) {
      await peer.stop();
      if (attempt === 4) throw err;
    }
  }
  throw new Error('unreachable');
}

/** Starts the embedded EpmdServer on `host` and 127.0.0.1 (where `erl` registers). */
export async function startEmbeddedEpmd(
  host: string,
  options: { loopback?: boolean; port?: number } = {},
): Promise<EpmdUnderTest & { server: EpmdServer }> {
  const hosts = options.loopback === false ? [host] : [host, '127.0.0.1'];
  for (let attempt = 0; ; attempt++) {
    const port = options.port ?? (await freePort(hosts));
    const server = new EpmdServer({ host: hosts, port });
    try {
      await server.start();
      return { kind: 'embedded', host, port, server, stop: () => server.stop() };
    } catch (err) {
      if (attempt >= 4 || options.port !== undefined) throw err;
    }
  }
}

/** What `epmd -port P -names` prints, parsed: the names Erlang's own client sees. */
export async function epmdNamesCli(port: number): Promise<Map<string, number>> {
  const { stdout } = await run('epmd', ['-port', String(port), '-names'], { timeout: 5_000 });
  const out = new Map<string, number>();
  for (const m of stdout.matchAll(/^name (\S+) at port (\d+)$/gm)) out.set(m[1]!, Number(m[2]));
  return out;
}
