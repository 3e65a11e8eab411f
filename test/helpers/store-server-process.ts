import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from './epmd-peers.js';

/**
 * A store server (postgres, redis-server, etcd) run by a test: a kill -9 or SIGSTOP reaches
 * it and every process it forked (found by PID in /proc), and it is torn down by PID even if
 * the test fails or the test process exits without cleanup. PID 1 here does not reap orphans, so
 * "gone" is judged from /proc with zombies ignored.
 */
export interface ServerProcess {
  readonly pid: number;
  /** Everything the server wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** Resolves when `pattern` has appeared in the output; rejects if the server exits first. */
  waitFor(pattern: RegExp, what: string): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILLs the server's process tree; resolves when none of it is alive (zombies aside). */
  kill(): Promise<void>;
}

const servers = new Set<number>();
process.once('exit', () => {
  for (const pid of servers) signalTree(pid, 'SIGKILL');
});

/**
 * `pid` and every live (non-zombie) descendant, read from /proc. A process group is not
 * enough: PostgreSQL's backends call setsid() and leave the postmaster's group.
 */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the parenthesised command: state ppid ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') continue;
    const ppid = Number(fields[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const queue = isAlive(pid) ? [pid] : [];
  while (queue.length > 0) {
    const p = queue.pop()!;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

function signalTree(pid: number, signal: NodeJS.Signals): number[] {
  const tree = processTree(pid);
  for (const p of tree) {
    try {
      process.kill(p, signal);
    } catch {
      // already gone
    }
  }
  return tree;
}

/** Whether `pid` is a live process (present in /proc and not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Resolves once `check()` holds, looking every 20 ms (a /proc condition has no event). */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function startServerProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ServerProcess {
  const child: ChildProcess = spawn(command, args, {
    ...options,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  servers.add(pid);
  let output = '';
  const watchers = new Set<(chunk: string) => void>();
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    // Bounded: a chatty server must not grow the test's memory without limit.
    output = (output + text).slice(-256 * 1024);
    for (const w of watchers) w(text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    for (const w of watchers) w('');
  });
  return {
    pid,
    output: () => output,
    waitFor(pattern, what) {
      // Only what is written from now on counts (a restarted server repeats its lines).
      let seen = '';
      return new Promise((resolve, reject) => {
        const check = (text: string) => {
          seen = (seen + text).slice(-64 * 1024);
          if (pattern.test(seen)) {
            watchers.delete(check);
            resolve();
          } else if (exited) {
            watchers.delete(check);
            reject(new Error(`${command} exited before ${what}:\n${output.slice(-4000)}`));
          }
        };
        watchers.add(check);
        check('');
      });
    },
    signal(signal) {
      signalTree(pid, signal);
    },
    async kill() {
      // Every process of the server at once, so no backend outlives its postmaster.
      const tree = signalTree(pid, 'SIGKILL');
      await until(() => !tree.some(isAlive), `${command} (${tree.join(', ')}) to die`);
      servers.delete(pid);
    },
  };
}

/**
 * Whether the store server binary (a path) is installed: in CI (CI=true) a missing one throws,
 * since .ci/run installs it; elsewhere the tests are skipped with a message naming the package.
 */
export function hasStoreServer(path: string, debianPackage: string): boolean {
  if (existsSync(path)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${path} is not installed, but CI=true: .ci/run must install ${debianPackage}`);
  }
  console.warn(
    `[muster tests] ${path} not found: skipping the tests that need it (apt-get install ${debianPackage})`,
  );
  return false;
}

/** A store server's lifecycle as the scenarios drive it. */
export interface RestartableServer {
  /** The ports it listens on, the same across restarts. */
  readonly ports: readonly number[];
  /** kill -9 of the server and every process it forked. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and directory. */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT of every process of the server. */
  pause(): void;
  resume(): void;
  /** Kills it and removes its directory. */
  stop(): Promise<void>;
}

export interface RestartableOptions {
  readonly host: string;
  /** How many free ports of `host` the server needs. */
  readonly portCount: number;
  /** The server's temp directory, removed by `stop()`. */
  readonly dir: string;
  readonly spawn: (ports: readonly number[]) => ServerProcess;
  /** The output line that says it accepts clients. */
  readonly ready: RegExp;
  /** The output that says a port was taken between choosing and binding it. */
  readonly portTaken: RegExp;
}

/**
 * Starts a server on free ports and waits until it is ready. A port taken in between is
 * retried with fresh ports, on the first start only: a restart must come back where it was.
 */
export async function startRestartable(options: RestartableOptions): Promise<RestartableServer> {
  const { host, portCount, dir } = options;
  const freshPorts = async () => {
    const out: number[] = [];
    while (out.length < portCount) {
      const p = await freePort([host]);
      if (!out.includes(p)) out.push(p);
    }
    return out;
  };
  let ports = await freshPorts();
  let server: ServerProcess | undefined;
  const launch = async (first: boolean) => {
    for (let attempt = 0; ; attempt++) {
      const proc = options.spawn(ports);
      try {
        await proc.waitFor(options.ready, 'accepting clients');
        server = proc;
        return;
      } catch (err) {
        await proc.kill();
        if (!first || attempt >= 4 || !options.portTaken.test(proc.output())) throw err;
        ports = await freshPorts();
      }
    }
  };
  const kill = async () => {
    await server?.kill();
    server = undefined;
  };
  await launch(true);
  return {
    get ports() {
      return ports;
    },
    kill,
    restart: () => launch(false),
    pause: () => server?.signal('SIGSTOP'),
    resume: () => server?.signal('SIGCONT'),
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
