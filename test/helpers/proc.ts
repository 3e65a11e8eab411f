import { readFileSync } from 'node:fs';

/**
 * Whether `pid` runs, judged from /proc: a zombie (state Z: exited, not yet reaped, which
 * happens under a PID 1 that does not reap orphans) counts as gone.
 */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may hold spaces.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Sends SIGKILL to `pid` (a process this test started) and waits until it is gone. */
export async function killAndWait(pid: number, timeoutMs = 10_000): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} still runs after SIGKILL`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
