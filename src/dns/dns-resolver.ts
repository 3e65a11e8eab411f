import { CnameChain, readAnswer } from './dns-answer.js';
import { DnsAbortedError, DnsError, DnsInvalidInputError, DnsServfailError } from './dns-errors.js';
import { type AddressType, type DnsRecord, QueryIds, type QueryType } from './dns-message.js';
import { type AnsweredReply, askNameservers } from './dns-nameserver-query.js';
import { type SrvRecord, srvRecords } from './dns-srv.js';
import { EDNS_RETRY_AFTER_MS, EdnsMemory } from './edns-memory.js';
import { LookupAbort } from './lookup-abort.js';
import { DNS_PORT, type NameserverAddress, parseNameserver } from './nameserver-address.js';
import { RESOLV_DEFAULTS, type ResolvConf, readResolvConf } from './resolv-conf.js';
import { searchCandidates } from './search-list.js';

export type { SrvRecord };

/** Records found for a name; `name` is the fully qualified name that answered. */
export interface DnsFound<T> {
  readonly kind: 'found';
  readonly name: string;
  readonly records: T[];
}

/** The DNS really says "nothing here": NXDOMAIN (no such name) or NODATA (no such type). */
export interface DnsEmpty {
  readonly kind: 'empty';
  readonly name: string;
  readonly reason: 'NXDOMAIN' | 'NODATA';
}

export type DnsResult<T> = DnsFound<T> | DnsEmpty;

export interface DnsResolverOptions {
  /** `ip`, `ip:port` or `[ipv6]:port`; empty means 127.0.0.1:53, as glibc does. */
  readonly nameservers?: readonly (string | NameserverAddress)[];
  readonly search?: readonly string[];
  readonly ndots?: number;
  /** Per-try timeout in milliseconds. */
  readonly timeout?: number;
  readonly attempts?: number;
  readonly rotate?: boolean;
  /**
   * Milliseconds a nameserver found not to speak EDNS is asked without it before EDNS is
   * tried again (RFC 6891 §7). Default 900,000 (15 minutes).
   */
  readonly ednsRetryAfter?: number;
  /**
   * Monotonic milliseconds for the EDNS memory's deadlines (a cluster passes its clock's
   * `now`). Default `performance.now`.
   */
  readonly now?: () => number;
}

/** What the strategy (and tests) need from a resolver; the real one is DnsResolver. */
export interface DnsLookup {
  resolve(name: string, type: AddressType, signal?: AbortSignal): Promise<DnsResult<string>>;
  resolveSrv(name: string, signal?: AbortSignal): Promise<DnsResult<SrvRecord>>;
}

const LABEL = /^[^.]{1,63}$/;

function checkName(name: string): void {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  if (
    typeof name !== 'string' ||
    bare === '' ||
    bare.length > 253 ||
    !bare.split('.').every((l) => LABEL.test(l))
  ) {
    throw new DnsInvalidInputError(
      String(name),
      'a DNS name of 1-63 character labels, at most 253 long',
    );
  }
}

/**
 * muster's stub resolver: search list and ndots as getaddrinfo applies them, nameservers
 * tried in turn with per-try timeouts, CNAME chains followed, NXDOMAIN/NODATA reported as
 * an empty result and every failure as a typed DnsError.
 */
export class DnsResolver implements DnsLookup {
  readonly servers: readonly NameserverAddress[];
  readonly search: readonly string[];
  readonly ndots: number;
  readonly timeout: number;
  readonly attempts: number;
  readonly rotate: boolean;
  /** What this resolver has learnt about its servers' EDNS support. */
  readonly edns: EdnsMemory;
  /** This resolver's own query ids (never a process-wide pool). */
  private readonly ids = new QueryIds();
  private nextServer = 0;

  constructor(options: DnsResolverOptions = {}) {
    const given = options.nameservers ?? [];
    this.servers =
      given.length === 0
        ? [parseNameserver(`127.0.0.1:${DNS_PORT}`)]
        : given.map((s) => (typeof s === 'string' ? parseNameserver(s) : s));
    this.search = (options.search ?? [])
      .map((s) => s.replace(/^\.|\.$/g, ''))
      .filter((s) => s !== '');
    this.ndots = options.ndots ?? RESOLV_DEFAULTS.ndots;
    this.timeout = options.timeout ?? RESOLV_DEFAULTS.timeoutSeconds * 1000;
    this.attempts = options.attempts ?? RESOLV_DEFAULTS.attempts;
    this.rotate = options.rotate ?? false;
    this.edns = new EdnsMemory(options.now, options.ednsRetryAfter ?? EDNS_RETRY_AFTER_MS);
  }

  /** resolv.conf at `path` supplies the defaults; every key given in `overrides` wins. */
  static async fromResolvConf(
    path: string,
    overrides: DnsResolverOptions = {},
  ): Promise<DnsResolver> {
    return DnsResolver.fromConf(await readResolvConf(path), overrides);
  }

  /** A parsed resolv.conf supplies the defaults; every key given in `overrides` wins. */
  static fromConf(conf: ResolvConf, overrides: DnsResolverOptions = {}): DnsResolver {
    const pick = <K extends keyof DnsResolverOptions>(k: K, fallback: DnsResolverOptions[K]) =>
      overrides[k] === undefined ? fallback : overrides[k];
    return new DnsResolver({
      ...overrides,
      nameservers: pick('nameservers', conf.nameservers),
      search: pick('search', conf.search),
      ndots: pick('ndots', conf.ndots),
      timeout: pick('timeout', conf.timeout),
      attempts: pick('attempts', conf.attempts),
      rotate: pick('rotate', conf.rotate),
    });
  }

  /** A or AAAA addresses of `name` after search expansion. */
  async resolve(name: string, type: AddressType, signal?: AbortSignal): Promise<DnsResult<string>> {
    const abort = new LookupAbort(signal);
    let result: DnsResult<DnsRecord>;
    try {
      result = await this.searchName(name, type, abort);
    } finally {
      abort.dispose();
    }
    if (result.kind === 'empty') return result;
    const addresses: string[] = new Array(result.records.length);
    for (let i = 0; i < addresses.length; i++) addresses[i] = result.records[i]!.data as string;
    return { kind: 'found', name: result.name, records: addresses };
  }

  resolve4(name: string, signal?: AbortSignal): Promise<DnsResult<string>> {
    return this.resolve(name, 'A', signal);
  }

  resolve6(name: string, signal?: AbortSignal): Promise<DnsResult<string>> {
    return this.resolve(name, 'AAAA', signal);
  }

  /**
   * SRV records with their targets' addresses: taken from the additional section when the
   * server sent them (Kubernetes headless services do), otherwise looked up (A, then AAAA).
   */
  async resolveSrv(name: string, signal?: AbortSignal): Promise<DnsResult<SrvRecord>> {
    const abort = new LookupAbort(signal);
    try {
      const result = await this.searchName(name, 'SRV', abort);
      if (result.kind === 'empty') return result;
      const records = await srvRecords(result.records, result.additionals, (target, type) =>
        this.resolveAbsolute(target, type, abort).then((r) =>
          r.kind === 'empty' ? [] : r.records.map((a) => a.data as string),
        ),
      );
      return { kind: 'found', name: result.name, records };
    } finally {
      abort.dispose();
    }
  }

  private async searchName(
    name: string,
    type: QueryType,
    abort: LookupAbort,
  ): Promise<DnsResult<DnsRecord> & { additionals?: DnsRecord[] }> {
    checkName(name);
    let failure: DnsError | undefined;
    let nodata = false;
    const candidates = searchCandidates(name, this.search, this.ndots);
    for (let i = 0; i < candidates.length; i++) {
      try {
        const result = await this.resolveAbsolute(candidates[i]!, type, abort);
        if (result.kind === 'found') return result;
        if (result.reason === 'NODATA') nodata = true;
      } catch (err) {
        // As glibc's res_search: NXDOMAIN, NODATA and SERVFAIL go on to the next candidate, and
        // so does any failure of a name tried as-is before the search list; the rest stop.
        const tolerated =
          err instanceof DnsServfailError ||
          (i === 0 && candidates[0] === name && candidates.length > 1);
        if (!(err instanceof DnsError) || err instanceof DnsAbortedError || !tolerated) throw err;
        failure ??= err;
      }
    }
    // Stricter than glibc: a failure anywhere means we cannot claim the name is empty.
    if (failure) throw failure;
    return { kind: 'empty', name, reason: nodata ? 'NODATA' : 'NXDOMAIN' };
  }

  /** One fully qualified name: ask, follow CNAMEs (re-asking for a dangling target). */
  private async resolveAbsolute(
    qname: string,
    type: QueryType,
    abort: LookupAbort,
  ): Promise<DnsResult<DnsRecord> & { additionals?: DnsRecord[] }> {
    const chain = new CnameChain(qname);
    for (;;) {
      const reply: AnsweredReply = await askNameservers(
        { name: chain.current, type },
        this.policy(),
        abort,
      );
      const { records, moved } = readAnswer(reply.answers as DnsRecord[] | undefined, type, chain);
      if (records.length > 0) {
        return {
          kind: 'found',
          name: chain.current,
          records,
          additionals: (reply.additionals ?? []) as DnsRecord[],
        };
      }
      if (reply.rcode === 'NXDOMAIN') return { kind: 'empty', name: qname, reason: 'NXDOMAIN' };
      if (!moved) return { kind: 'empty', name: qname, reason: 'NODATA' };
    }
  }

  private policy() {
    const first = this.rotate ? this.nextServer++ % this.servers.length : 0;
    return {
      servers: this.servers,
      timeout: this.timeout,
      attempts: this.attempts,
      first,
      edns: this.edns,
      ids: this.ids,
    };
  }
}
