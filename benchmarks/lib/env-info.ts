/** What every result carries about the machine: a noisy 2-core box must say so. */
import * as os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { round } from './measure.js';

export interface MachineInfo {
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemMiB: number;
  readonly loadAverage: readonly number[];
  readonly date: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    totalMemMiB: Math.round(os.totalmem() / 1024 / 1024),
    loadAverage: os.loadavg().map((x) => round(x, 2)),
    date: new Date().toISOString(),
  };
}

/** The 1-minute load average, rounded: stamped on every scenario's result. */
export function load1(): number {
  return round(os.loadavg()[0] ?? 0, 2);
}

let gcFn: (() => void) | undefined;

/** A full GC, available without `--expose-gc` on the command line. */
export function forceGc(): void {
  if (gcFn === undefined) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
  gcFn();
}

/** RSS and JS heap + buffers after two full GCs. */
export function settledMemory(): { rss: number; heap: number } {
  forceGc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
}

/** Samples RSS every `everyMs` until stopped; returns the peak in bytes. */
export function rssPeak(everyMs = 10): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/** Progress on stderr: one line per step (overwritten in place on a terminal). */
export function progress(scenario: string): (msg: string) => void {
  const tty = process.stderr.isTTY === true;
  return (msg) => {
    const line = `[${scenario}] ${msg} (load ${load1()})`;
    if (tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(`${line}\n`);
  };
}

export function endProgress(): void {
  if (process.stderr.isTTY === true) process.stderr.write('\n');
}
