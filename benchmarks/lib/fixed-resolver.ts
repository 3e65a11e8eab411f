/** A resolver that hands out fresh copies of the same addresses, as a decode would. */
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { NodeName } from '../../src/core/node-name.js';
import type { DnsLookup, DnsResult } from '../../src/dns/index.js';
import { DnsPollStrategy } from '../../src/strategies/dns-poll-strategy.js';

export const addressesOf = (n: number) =>
  Array.from({ length: n }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);

export class FixedResolver implements DnsLookup {
  private readonly pool: string[][];
  private next = 0;

  constructor(n: number, copies: number) {
    const base = addressesOf(n);
    // Fresh strings per poll (not the same objects), built before any measurement starts.
    this.pool = Array.from({ length: copies }, () => base.map((a) => a.split('.').join('.')));
  }

  async resolve(): Promise<DnsResult<string>> {
    return { kind: 'found', name: 'svc', records: this.pool[this.next++ % this.pool.length]! };
  }

  async resolveSrv(): Promise<DnsResult<never>> {
    return { kind: 'empty', name: 'svc', reason: 'NXDOMAIN' };
  }
}

/** CPU milliseconds (user + system) of one awaited call. */
export async function cpuOf(fn: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** A dns-poll strategy on a FixedResolver of `n` addresses, polled only when asked. */
export function quietPollStrategy(n: number, polls: number): DnsPollStrategy {
  return new DnsPollStrategy(
    {
      topology: 'bench',
      config: DnsPollStrategy.parseConfig({
        query: 'svc',
        nodeBasename: 'hello',
        pollingInterval: 3_600_000,
      }),
      logger: silentLogger(),
      clock: systemClock,
      self: 'hello@127.0.0.1' as NodeName,
    },
    { resolver: new FixedResolver(n, polls + 2) },
  );
}
