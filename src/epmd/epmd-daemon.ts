import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { names } from './epmd-client.js';

/** Which port mapper a node starts when its host has none. */
export type PortMapperStart = 'daemon' | 'embedded-daemon' | 'in-process' | 'never';

export interface StartedDaemon {
  readonly pid: number;
  /** `epmd` (the system binary) or `embedded` (muster's server in a detached Node process). */
  readonly kind: 'epmd' | 'embedded';
  readonly command: readonly string[];
}

/** The first executable `name` on PATH, as a shell would find it; undefined when none. */
export function findOnPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Starts a port mapper that does not belong to this process, as `erl` runs `epmd -daemon`:
 * the system's `epmd` when `prefer` is 'epmd' and it is on PATH, else muster's embedded
 * server in a detached Node process. It runs in its own session, holds none of our handles,
 * and outlives this node; stopping it is the operator's business (or its own supervisor's).
 * Resolves with it once it answers NAMES on `hosts[0]:port`; with `undefined` when it exited
 * instead (another EPMD won the port: the caller then registers with that one).
 */
export async function startEpmdDaemon(options: {
  readonly port: number;
  /** Addresses to listen on; empty means every interface. */
  readonly hosts: readonly string[];
  readonly prefer: 'epmd' | 'embedded';
  /** How long to wait for it to answer, in milliseconds. */
  readonly readyTimeoutMs: number;
}): Promise<StartedDaemon | undefined> {
  const { port, hosts } = options;
  const epmd = options.prefer === 'epmd' ? findOnPath('epmd') : undefined;
  let command: string[];
  if (epmd !== undefined) {
    // Not `-daemon`: that forks, and the caller wants the PID of the process that listens.
    // A detached child in its own session with no stdio is the same thing.
    command = [epmd, '-port', String(port)];
    if (hosts.length > 0) command.push('-address', hosts.join(','));
  } else {
    command = [...embeddedEntry(), String(port), ...hosts];
  }
  const child = spawn(command[0]!, command.slice(1), { detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  child.unref();
  const pid = child.pid ?? -1;
  const ask = hosts.find((h) => h !== '0.0.0.0' && h !== '::') ?? '127.0.0.1';
  const deadline = performance.now() + options.readyTimeoutMs;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (!gone && performance.now() < deadline) {
    const up = await names(ask, port, { timeout: 500 }).then(
      () => true,
      () => false,
    );
    if (up) break;
    await Promise.race([exited, new Promise((r) => setTimeout(r, 50))]);
  }
  if (gone) return undefined;
  return { pid, kind: epmd !== undefined ? 'epmd' : 'embedded', command };
}

/** `node [--import tsx] <epmd-daemon-main>`: the built .js, or the .ts source under tsx. */
function embeddedEntry(): string[] {
  const here = import.meta.url;
  const ext = here.endsWith('.ts') ? '.ts' : '.js';
  const main = fileURLToPath(new URL(`./epmd-daemon-main${ext}`, here));
  return ext === '.ts' ? [process.execPath, '--import', 'tsx', main] : [process.execPath, main];
}
