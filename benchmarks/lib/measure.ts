/** Small timing helpers shared by the benchmarks: medians over repeats, CPU and memory. */

export interface Sample {
  readonly medianMs: number;
  readonly minMs: number;
  readonly runs: number;
}

/** Runs `fn` `warmup` times unmeasured, then `runs` times, returning the median wall time. */
export async function sample(
  fn: () => unknown | Promise<unknown>,
  runs = 15,
  warmup = 3,
): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { medianMs: round(times[Math.floor(times.length / 2)]!), minMs: round(times[0]!), runs };
}

/** CPU milliseconds (user + system) spent by this process while `fn` runs. */
export async function cpuMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return round((used.user + used.system) / 1000);
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Reads `--name value` flags into a record (benchmarks take few, simple options). */
export function flags(argv = process.argv.slice(2)): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = 'true';
    else {
      out[a.slice(2)] = next;
      i++;
    }
  }
  return out;
}
