import { z } from 'zod';
import { defaults } from '../core/defaults.js';
import { KeyedNodeSet, type NodeKey } from '../core/keyed-node-set.js';
import { canonicalIPv6, type NodeName } from '../core/node-name.js';
import type { PendingDiff } from '../core/node-set-diff.js';
import type { StrategyClass, StrategyContext } from '../core/strategy.js';
import { parseWith, schemas } from '../core/validation.js';
import { DnsAbortedError, DnsError } from '../dns/dns-errors.js';
import { type DnsLookup, DnsResolver, type DnsResult } from '../dns/dns-resolver.js';
import { isNameserver } from '../dns/nameserver-address.js';
import { ResolvConfFile } from '../dns/resolv-conf-file.js';
import { FAILURE_SUMMARY_INTERVAL_MS, FailureLog } from './failure-log.js';
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

  /**
   * A class for the registry whose instances use `resolver`.
   * @deprecated Give the cluster the resolver instead (`createCluster(config, { resolver })`):
   * it reaches every strategy as `StrategyContext.resolver`, without a registration.
   */
  static withResolver(resolver: DnsLookup): StrategyClass<DnsPollConfig> {
    return class extends DnsPollStrategy {
      constructor(context: StrategyContext<DnsPollConfig>) {
        super(context, { resolver });
      }
    };
  }

  private readonly injected: DnsLookup | undefined;
  private resolver: DnsLookup | undefined;
  private readonly resolvConf: ResolvConfFile;
  private readonly prefix: string;
  /** The hosts behind `known()`, each with the name made for it when it first appeared. */
  private readonly hosts = new KeyedNodeSet();
  /** With `A+AAAA`, one family failing while the other answers: logged once per kind. */
  private readonly familyFailures: FailureLog;
  /** The last answer as it came (after a committed poll): a quiet poll is compared in order. */
  private lastList: readonly string[] = [];
  /** Addresses come from decoded A/AAAA rdata and the basename was validated: plain concat. */
  private readonly nameOf = (address: string, key: NodeKey) =>
    (this.prefix + (typeof key === 'string' ? key : address)) as NodeName;

  constructor(context: StrategyContext<DnsPollConfig>, deps: DnsPollDependencies = {}) {
    super(context);
    this.injected = deps.resolver ?? context.resolver;
    this.resolvConf = new ResolvConfFile(context.config.resolvConf);
    this.prefix = `${context.config.nodeBasename}@`;
    this.familyFailures = new FailureLog(
      context.logger,
      context.clock,
      FAILURE_SUMMARY_INTERVAL_MS,
      'one address family',
    );
  }

  protected async poll(signal: AbortSignal): Promise<Set<NodeName> | PendingDiff> {
    const resolver = this.injected ?? (await this.currentResolver());
    const addresses = await this.lookup(resolver, signal);
    if (this.isSameList(addresses)) return NOTHING_CHANGED;
    // Names are built only for addresses the last answer did not list.
    const pending = this.hosts.compare(addresses, hostKey, this.nameOf);
    return {
      added: pending.added,
      removed: pending.removed,
      commit: () => {
        pending.commit();
        this.lastList = addresses;
      },
    };
  }

  override known(): ReadonlySet<NodeName> {
    return this.hosts.nameSet();
  }

  /**
   * The same answer as last time, in the same order? One string compare per record, ~10x
   * cheaper than hashing; a reordered answer (round-robin DNS) goes through the keyed set,
   * which finds it unchanged with one lookup per record and builds nothing.
   */
  private isSameList(addresses: readonly string[]): boolean {
    const list = this.lastList;
    // lastList has no repeats when its length equals the set's size: equal in order is equal.
    if (addresses.length !== list.length || list.length !== this.hosts.size) return false;
    for (let i = 0; i < list.length; i++) if (list[i] !== addresses[i]) return false;
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
      case 'A+AAAA':
        return this.lookupBoth(resolver, query, signal);
      case 'SRV': {
        const r = await resolver.resolveSrv(query, signal);
        if (r.kind === 'empty') return [];
        const out: string[] = [];
        for (const srv of r.records) for (const a of srv.addresses) out.push(a);
        return out;
      }
    }
  }

  /**
   * `A+AAAA`: both families at once. When one fails and the other answers (a server that
   * drops AAAA queries, systemd/systemd#22575), the answering family is taken as is and the
   * failing one keeps the addresses it had: a timeout is not "nobody", for one family either.
   * The failure is a `warning` (logged once per kind); both failing fails the poll.
   */
  private async lookupBoth(resolver: DnsLookup, query: string, signal: AbortSignal) {
    const [v4, v6] = await Promise.allSettled([
      resolver.resolve(query, 'A', signal),
      resolver.resolve(query, 'AAAA', signal),
    ]);
    const records = (r: DnsResult<string>) => (r.kind === 'found' ? r.records : []);
    if (v4.status === 'fulfilled' && v6.status === 'fulfilled') {
      this.familyFailures.succeeded();
      return [...records(v4.value), ...records(v6.value)];
    }
    const failed = v4.status === 'rejected' ? v4.reason : (v6 as PromiseRejectedResult).reason;
    const partial = !(v4.status === 'rejected' && v6.status === 'rejected');
    if (!partial || !(failed instanceof DnsError) || failed instanceof DnsAbortedError) {
      throw failed;
    }
    this.familyFailures.failed(failed);
    if (this.isRunning) this.emit('warning', failed);
    const v6Failed = v6.status === 'rejected';
    const kept = this.lastList.filter((a) => a.includes(':') === v6Failed);
    const answered =
      v4.status === 'fulfilled'
        ? v4.value
        : (v6 as PromiseFulfilledResult<DnsResult<string>>).value;
    return v6Failed ? [...records(answered), ...kept] : [...kept, ...records(answered)];
  }

  /**
   * The resolver for this poll. resolv.conf is looked at once per poll (one stat, as glibc
   * 2.26+ does per lookup) and a new resolver is built when it changed: Docker network
   * reconnects, DHCP and cluster DNS changes rewrite it under running processes. If it can no
   * longer be read, the last values stay, with one warning.
   */
  private async currentResolver(): Promise<DnsLookup> {
    const read = await this.resolvConf.read();
    const { logger } = this.context;
    if (read.lost) this.warn(read.lost);
    if (read.restored) logger.warn({ path: this.resolvConf.path }, 'resolv.conf is readable again');
    if (read.changed || this.resolver === undefined) {
      const { nameservers, search, ndots, timeout, attempts } = this.context.config;
      const resolver = DnsResolver.fromConf(read.conf, {
        nameservers,
        search,
        ndots,
        timeout,
        attempts,
        now: () => this.context.clock.now(),
      });
      if (this.resolver !== undefined) {
        logger.info(
          { nameservers: resolver.servers.map((s) => s.label), search: resolver.search },
          'resolv.conf changed; using its new values',
        );
      }
      this.resolver = resolver;
    }
    return this.resolver;
  }
}

const NOTHING_CHANGED: PendingDiff = Object.freeze({ added: [], removed: [], commit() {} });

/**
 * A canonical dotted-quad IPv4 address as its 32 bits (a number key, the cheap one to look
 * up); an IPv6 address in its one canonical spelling (node names use it); anything else as is.
 */
export function hostKey(address: string): NodeKey {
  let bits = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if (c === 46 /* . */) {
      if (digits === 0 || dots === 3) return other(address);
      bits = (bits << 8) | part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3 && !(digits === 1 && part === 0)) {
      part = part * 10 + (c - 48);
      digits++;
      if (part > 255) return other(address);
    } else {
      return other(address);
    }
  }
  if (dots !== 3 || digits === 0) return other(address);
  return (bits << 8) | part;
}

function other(address: string): string {
  return address.includes(':') ? canonicalIPv6(address) : address;
}

/** The config as a topology writes it (keys with defaults may be left out). */
export type DnsPollConfigInput = z.input<typeof schema>;
