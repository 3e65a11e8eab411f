import { z } from 'zod';
import { defaults } from '../core/defaults.js';
import { canonicalIPv6, type NodeName } from '../core/node-name.js';
import type { StrategyClass, StrategyContext } from '../core/strategy.js';
import { parseWith, schemas } from '../core/validation.js';
import { type DnsLookup, DnsResolver } from '../dns/dns-resolver.js';
import { isNameserver } from '../dns/nameserver-address.js';
import { PollingStrategy } from './polling-strategy.js';

export type DnsRecordType = 'A' | 'AAAA' | 'A+AAAA' | 'SRV';

export interface DnsPollConfig {
  readonly query: string;
  readonly nodeBasename: string;
  readonly pollingInterval: number;
  readonly recordType: DnsRecordType;
  readonly nameservers?: readonly string[];
  readonly search?: readonly string[];
  readonly ndots?: number;
  /** Per-try timeout in milliseconds (resolv.conf's `timeout:` is in seconds). */
  readonly timeout?: number;
  readonly attempts?: number;
  readonly resolvConf: string;
}

const BASENAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;
const DNS_NAME = /^(?=.{1,254}$)([^.\s]{1,63}\.)*[^.\s]{1,63}\.?$/;

const schema = z.strictObject({
  query: schemas
    .nonEmptyString('a DNS name to resolve')
    .regex(DNS_NAME, { error: 'expected a DNS name to resolve' }),
  nodeBasename: z
    .string({ error: 'expected a node basename (letters, digits, "_", "-", ".")' })
    .regex(BASENAME, { error: 'expected a node basename (letters, digits, "_", "-", ".")' }),
  pollingInterval: schemas.milliseconds().default(defaults.pollingInterval),
  recordType: z
    .enum(['A', 'AAAA', 'A+AAAA', 'SRV'], { error: "expected 'A', 'AAAA', 'A+AAAA' or 'SRV'" })
    .default('A'),
  nameservers: z
    .array(
      z
        .string({ error: "expected a nameserver 'ip', 'ip:port' or '[ipv6]:port'" })
        .refine(isNameserver, { error: "expected a nameserver 'ip', 'ip:port' or '[ipv6]:port'" }),
      { error: 'expected an array of nameservers' },
    )
    .min(1, { error: 'expected at least one nameserver (omit the key to use resolv.conf)' })
    .optional(),
  search: z
    .array(schemas.nonEmptyString('a search domain'), {
      error: 'expected an array of search domains',
    })
    .optional(),
  ndots: schemas
    .nonNegativeInt('an integer from 0 to 15')
    .max(15, { error: 'expected an integer from 0 to 15' })
    .optional(),
  timeout: schemas.milliseconds().optional(),
  attempts: schemas
    .positiveInt('an integer from 1 to 5')
    .max(5, { error: 'expected an integer from 1 to 5' })
    .optional(),
  resolvConf: schemas.nonEmptyString('a path to a resolv.conf file').default('/etc/resolv.conf'),
});

/** What a test may inject instead of the real resolver. */
export interface DnsPollDependencies {
  readonly resolver?: DnsLookup;
}

/**
 * `dns-poll`: the seed's strategy. Every interval, resolve `query` and want
 * `nodeBasename@<address>` for each address; for SRV, each target's address (the SRV port is
 * not part of a node name: the transport decides ports). NXDOMAIN or NODATA empties the set;
 * any failure is thrown, so the polling base emits `error` and keeps the set.
 */
export class DnsPollStrategy extends PollingStrategy<DnsPollConfig> {
  static parseConfig(raw: unknown): DnsPollConfig {
    return parseWith(schema, raw) as DnsPollConfig;
  }

  /** A class for the registry whose instances use `resolver` (tests, custom transports). */
  static withResolver(resolver: DnsLookup): StrategyClass<DnsPollConfig> {
    return class extends DnsPollStrategy {
      constructor(context: StrategyContext<DnsPollConfig>) {
        super(context, { resolver });
      }
    };
  }

  private resolver: DnsLookup | undefined;
  private readonly prefix: string;
  /** The addresses behind `known()`: a quiet poll is checked against these, no names built. */
  private lastAddresses = new Map<string, number>();
  private lastList: readonly string[] = [];
  /** Stamps addresses seen in the current check, so a repeated address is noticed. */
  private epoch = 0;

  constructor(context: StrategyContext<DnsPollConfig>, deps: DnsPollDependencies = {}) {
    super(context);
    this.resolver = deps.resolver;
    this.prefix = `${context.config.nodeBasename}@`;
  }

  protected override onStart(): void {
    this.lastAddresses = new Map();
    this.lastList = [];
    super.onStart();
  }

  protected async poll(signal: AbortSignal): Promise<Set<NodeName>> {
    // resolv.conf is read once, at the first poll: its nameservers rarely change under us.
    if (this.resolver === undefined) this.resolver = await this.createResolver();
    const resolver = this.resolver;
    const addresses = await this.lookup(resolver, signal);
    // Returning `current` itself tells the base nothing changed: no diff is computed.
    if (this.isUnchanged(addresses)) return this.current;
    const names = new Set<NodeName>();
    // Addresses come from decoded A/AAAA rdata and the basename was validated: plain concat.
    for (const a of addresses) {
      names.add((this.prefix + (a.includes(':') ? canonicalIPv6(a) : a)) as NodeName);
    }
    this.lastAddresses = new Map();
    for (const a of addresses) this.lastAddresses.set(a, 0);
    this.lastList = addresses;
    return names;
  }

  /**
   * Same addresses as last time? Same order is checked first (one string compare per record,
   * ~10x cheaper than hashing); a reordered answer (round-robin DNS) falls back to the map.
   */
  private isUnchanged(addresses: readonly string[]): boolean {
    const last = this.lastAddresses;
    if (addresses.length !== last.size || last.size !== this.current.size) return false;
    const list = this.lastList;
    let same = list.length === addresses.length;
    for (let i = 0; same && i < list.length; i++) same = list[i] === addresses[i];
    // lastList has no repeats (its length equals the map's size), so equal in order is equal.
    if (same && list.length === last.size) return true;
    const epoch = ++this.epoch;
    for (const a of addresses) {
      const stamp = last.get(a);
      if (stamp === undefined || stamp === epoch) return false;
      last.set(a, epoch);
    }
    return true;
  }

  private async lookup(resolver: DnsLookup, signal: AbortSignal): Promise<string[]> {
    const { query, recordType } = this.context.config;
    switch (recordType) {
      case 'A':
      case 'AAAA': {
        const r = await resolver.resolve(query, recordType, signal);
        return r.kind === 'found' ? r.records : [];
      }
      case 'A+AAAA': {
        const [v4, v6] = await Promise.all([
          resolver.resolve(query, 'A', signal),
          resolver.resolve(query, 'AAAA', signal),
        ]);
        return [
          ...(v4.kind === 'found' ? v4.records : []),
          ...(v6.kind === 'found' ? v6.records : []),
        ];
      }
      case 'SRV': {
        const r = await resolver.resolveSrv(query, signal);
        if (r.kind === 'empty') return [];
        const out: string[] = [];
        for (const srv of r.records) for (const a of srv.addresses) out.push(a);
        return out;
      }
    }
  }

  private createResolver(): Promise<DnsResolver> {
    const { nameservers, search, ndots, timeout, attempts, resolvConf } = this.context.config;
    return DnsResolver.fromResolvConf(resolvConf, {
      nameservers,
      search,
      ndots,
      timeout,
      attempts,
    });
  }
}
