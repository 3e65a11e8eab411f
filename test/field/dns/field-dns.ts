import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach } from 'vitest';
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

/** A resolv.conf path that does not exist: the tests that name their nameservers use none. */
export const NO_RESOLV_CONF = '/nonexistent/resolv.conf';

/**
 * Per-test cleanup for a describe block (registers its afterEach), and polls that are stopped
 * with it. `pollServers` asks `nameservers` only, one attempt of 2 s unless `extra` says more.
 */
export function fieldSuite() {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) await fn();
  });
  const defer = (...fns: (() => Promise<void>)[]) => {
    cleanup.push(...fns);
  };
  const poll = async (raw: Record<string, unknown>, options?: Parameters<typeof startPoll>[1]) => {
    const harness = await startPoll(raw, options);
    defer(() => harness.stop());
    return harness;
  };
  const pollServers = (
    query: string,
    nameservers: readonly string[],
    extra: Record<string, unknown> = {},
    options?: Parameters<typeof startPoll>[1],
  ) =>
    poll(
      { query, nameservers, timeout: 2_000, attempts: 1, resolvConf: NO_RESOLV_CONF, ...extra },
      options,
    );
  return { defer, poll, pollServers };
}
