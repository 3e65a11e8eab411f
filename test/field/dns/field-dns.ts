import { Writable } from 'node:stream';
import { pino } from 'pino';
import { type Clock, systemClock } from '../../../src/core/clock.js';
import type { MusterError } from '../../../src/core/errors.js';
import { type Logger, silentLogger } from '../../../src/core/logger.js';
import type { NodeName } from '../../../src/core/node-name.js';
import type { DnsLookup } from '../../../src/dns/dns-resolver.js';
import { DnsPollStrategy } from '../../../src/strategies/dns-poll-strategy.js';

/**
 * The DNS field corpus owns 127.131.0.0/16: each test file takes its own /24 (`block`), so
 * files running in parallel never share an address.
 */
export function fieldAddress(block: number, n: number): string {
  return `127.131.${block}.${n}`;
}

/** A pino logger whose records land in `lines`, parsed (to assert on what operators see). */
export function captureLogger(level = 'debug'): {
  logger: Logger;
  lines: Record<string, unknown>[];
} {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n'))
        if (line !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

/** pino's numeric level for warn. */
export const WARN = 40;

export interface PollHarness {
  readonly strategy: DnsPollStrategy;
  readonly errors: MusterError[];
  readonly warnings: MusterError[];
  /** Every node the strategy reports right now. */
  known(): NodeName[];
  /** One fresh poll, resolved when it has finished. */
  poll(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A dns-poll strategy as a user configures it (raw config through parseConfig), with a long
 * interval so that only `poll()` drives it.
 */
export async function startPoll(
  raw: Record<string, unknown>,
  options: { logger?: Logger; resolver?: DnsLookup; clock?: Clock } = {},
): Promise<PollHarness> {
  const config = DnsPollStrategy.parseConfig({
    nodeBasename: 'hello',
    pollingInterval: 3_600_000,
    ...raw,
  });
  const strategy = new DnsPollStrategy(
    {
      topology: 'field',
      config,
      logger: options.logger ?? silentLogger(),
      clock: options.clock ?? systemClock,
      self: 'hello@127.0.0.1' as NodeName,
    },
    { resolver: options.resolver },
  );
  const errors: MusterError[] = [];
  const warnings: MusterError[] = [];
  strategy.on('error', (e) => errors.push(e));
  strategy.on('warning', (e) => warnings.push(e));
  await strategy.start();
  await strategy.pollNow();
  return {
    strategy,
    errors,
    warnings,
    known: () => [...strategy.known()].sort(),
    poll: () => strategy.pollNow(),
    stop: () => strategy.stop(),
  };
}
