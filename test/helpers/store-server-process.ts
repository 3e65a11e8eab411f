import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * A store server (postgres, redis-server, etcd) run by a test: its own process group, so a
 * kill -9 or SIGSTOP reaches every process it forked, torn down by that group's id even if the
 * test fails or the test process exits without cleanup. PID 1 here does not reap orphans, so
 * "gone" is judged from /proc with zombies ignored.
 */
export interface ServerProcess {
  readonly pid: number;
  /** Everything the server wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** Resolves when `pattern` has appeared in the output; rejects if the server exits first. */
  waitFor(pattern: RegExp, what: string): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  /** SIGKILLs the group and resolves when no live (non-zombie) process of it is left. */
  kill(): Promise<void>;
}

const groups = new Set<number>();
process.once('exit', () => {
  for (const pgid of groups) signalGroup(pgid, 'SIGCONT');
  for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
});

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Live (non-zombie) processes whose process group is `pgid`, read from /proc. */
export function liveMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the parenthesised command: state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) out.push(Number(entry));
  }
  return out;
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
  groups.add(pid);
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
      signalGroup(pid, signal);
    },
    async kill() {
      signalGroup(pid, 'SIGCONT');
      signalGroup(pid, 'SIGKILL');
      await until(() => liveMembers(pid).length === 0, `${command} (group ${pid}) to die`);
      groups.delete(pid);
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
