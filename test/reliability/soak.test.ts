import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../helpers/soak-probe.js';
import { report } from './cluster-helpers.js';

const run = promisify(execFile);
const RUNNER = fileURLToPath(new URL('./fixtures/soak-run.ts', import.meta.url));
const CYCLES = 1_000;
/** Heap after a full GC may grow while code warms up (JIT, inline caches), not per cycle. */
const HEAP_TOTAL_TOLERANCE = 4 * 1024 * 1024;
const HEAP_SECOND_HALF_TOLERANCE = 1.5 * 1024 * 1024;

interface SoakResult {
  mode: string;
  cycles: number;
  ms: number;
  warm: Snapshot;
  mid: Snapshot;
  end: Snapshot;
  timers: { warm: number; end: number; final: number };
  leaksAtEnd: string[];
  leaksFinal: string[];
  edges: { ups: number; downs: number; violations: string[]; open: string[] };
}

/** Runs one soak in a child with --expose-gc, so the heap and the fds are the soak's own. */
async function soak(mode: 'join-leave' | 'restart'): Promise<SoakResult> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', RUNNER, mode, String(CYCLES)],
    // Killed before vitest's own timeout, so a hung soak never outlives the test run.
    { maxBuffer: 1 << 20, timeout: 110_000, killSignal: 'SIGKILL' },
  );
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as SoakResult;
  report(`soak ${mode}`, result);
  return result;
}

function expectNoLeak(r: SoakResult): void {
  expect(r.cycles).toBe(CYCLES);
  // fds and libuv handles back to the warm baseline while the long-lived side runs, and to the
  // process's own baseline once everything stopped.
  expect(r.leaksAtEnd).toEqual([]);
  expect(r.leaksFinal).toEqual([]);
  // Timers muster set through its clock (unref'd ones included, which the runtime does not list).
  expect(r.timers.end).toBe(r.timers.warm);
  expect(r.timers.final).toBe(0);
  expect(r.end.heapUsed - r.warm.heapUsed).toBeLessThan(HEAP_TOTAL_TOLERANCE);
  expect(r.end.heapUsed - r.mid.heapUsed).toBeLessThan(HEAP_SECOND_HALF_TOLERANCE);
  // Every nodeup had its nodedown, on both sides, and nothing is left up.
  expect(r.edges.violations).toEqual([]);
  expect(r.edges.open).toEqual([]);
  expect(r.edges.ups).toBe(r.edges.downs);
  expect(r.edges.ups).toBeGreaterThanOrEqual(2 * CYCLES);
}

describe('soak: 1,000 cycles, nothing left behind', () => {
  it('a node joins a long-lived node and leaves, 1,000 times', async () => {
    expectNoLeak(await soak('join-leave'));
  }, 120_000);

  it('one node (dns-poll + tcp) is started and stopped as a new Cluster, 1,000 times', async () => {
    expectNoLeak(await soak('restart'));
  }, 120_000);
});
