import { readdirSync } from 'node:fs';
import { type Clock, systemClock } from '../../src/core/clock.js';

/** What a process holds: open fds, active libuv resources by type, heap after a full GC. */
export interface Snapshot {
  readonly fds: number;
  readonly resources: Record<string, number>;
  readonly heapUsed: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

export function snapshot(): Snapshot {
  if (gc) {
    gc();
    gc();
  }
  const resources: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  return {
    fds: readdirSync('/proc/self/fd').length,
    resources,
    heapUsed: process.memoryUsage().heapUsed,
  };
}

/** What differs between two snapshots, besides the heap (compared with a tolerance). */
export function leaks(base: Snapshot, now: Snapshot): string[] {
  const out: string[] = [];
  if (now.fds !== base.fds) out.push(`fds ${base.fds} -> ${now.fds}`);
  const types = new Set([...Object.keys(base.resources), ...Object.keys(now.resources)]);
  for (const t of types) {
    const [b, n] = [base.resources[t] ?? 0, now.resources[t] ?? 0];
    if (b !== n) out.push(`${t} ${b} -> ${n}`);
  }
  return out;
}

/**
 * Polls (every 20 ms, at most `timeoutMs`) until nothing but the heap differs from `base`:
 * sockets half-closed on purpose linger until their peer closes. Returns the last snapshot.
 */
export async function settle(base: Snapshot, timeoutMs = 5_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = snapshot();
    if (leaks(base, now).length === 0 || Date.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Checks that every nodeup of a node has its nodedown before the next nodeup, per observer.
 * Returns the violations; `open` lists pairs up at the end.
 */
export class EdgeLedger {
  private readonly up = new Map<string, boolean>();
  readonly violations: string[] = [];
  ups = 0;
  downs = 0;

  nodeup(observer: string, node: string): void {
    const key = `${observer} -> ${node}`;
    this.ups++;
    if (this.up.get(key)) this.violations.push(`second nodeup without nodedown: ${key}`);
    this.up.set(key, true);
  }

  nodedown(observer: string, node: string): void {
    const key = `${observer} -> ${node}`;
    this.downs++;
    if (!this.up.get(key)) this.violations.push(`nodedown without nodeup: ${key}`);
    this.up.set(key, false);
  }

  open(): string[] {
    return [...this.up].filter(([, v]) => v).map(([k]) => k);
  }
}

/** The system clock, counting the timers muster has pending through it (unref'd ones too). */
export function countingClock(): { clock: Clock; pending: () => number } {
  const live = new Set<unknown>();
  const clock: Clock = {
    now: () => systemClock.now(),
    setTimeout(fn, ms, keepAlive) {
      const handle: unknown = systemClock.setTimeout(
        () => {
          live.delete(handle);
          fn();
        },
        ms,
        keepAlive,
      );
      live.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      live.delete(handle);
      systemClock.clearTimeout(handle);
    },
  };
  return { clock, pending: () => live.size };
}
