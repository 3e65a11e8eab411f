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

export interface PairedSample {
  /** Median per-call milliseconds of `a` and of `b`. */
  readonly aMs: number;
  readonly bMs: number;
  /** Median of the per-round ratios b/a (each round's two batches ran back to back). */
  readonly ratioBToA: number;
}

/**
 * Times `a` and `b` in alternating batches of `batch` calls (who goes first alternates), so a
 * load spike or a GC hits both alike; medians over `rounds`.
 */
export async function pairedSample(
  a: () => unknown | Promise<unknown>,
  b: () => unknown | Promise<unknown>,
  rounds = 15,
  batch = 5,
  warmup = 3,
): Promise<PairedSample> {
  const time = async (fn: () => unknown | Promise<unknown>) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) await fn();
    return Number(process.hrtime.bigint() - t0) / 1e6 / batch;
  };
  for (let i = 0; i < warmup; i++) {
    await time(a);
    await time(b);
  }
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const first = i % 2 === 0 ? await time(a) : undefined;
    const tb = await time(b);
    const ta = first ?? (await time(a));
    as.push(ta);
    bs.push(tb);
    ratios.push(tb / ta);
  }
  const mid = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { aMs: round(mid(as)), bMs: round(mid(bs)), ratioBToA: round(mid(ratios)) };
}

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
