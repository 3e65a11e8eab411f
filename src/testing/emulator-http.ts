import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts `server` on `host` (default 127.0.0.1) and `port` (default 0: any free port) and
 * returns `host:port` as a URL authority (an IPv6 address in brackets). Rejects on a listen
 * error (address in use, not local).
 */
export async function listenOn(server: Server, host = '127.0.0.1', port = 0): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  return `${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
}

/** Closes `server` and every connection it still holds; resolves once it is closed. */
export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

/** At most this many requests are kept; older ones are dropped. */
const MAX_LOG = 10_000;

interface FaultRule<Fault, Match> {
  readonly fault: Fault;
  readonly match: Match;
  /** How many requests it still applies to; undefined: until removed. */
  remaining: number | undefined;
}

/**
 * What an emulator was asked (the last 10,000 requests, oldest first), with waiters for a
 * request to come and fault rules that make matching requests fail: the first matching rule
 * wins, for `times` requests or until removed. `matches` says whether a rule's `match`
 * applies to a request (each emulator has its own vocabulary of matches).
 */
export class RequestLog<Info, Fault, Match> {
  readonly requests: Info[] = [];
  private readonly faults: FaultRule<Fault, Match>[] = [];
  private waiters: { predicate: (r: Info) => boolean; resolve: (r: Info) => void }[] = [];

  constructor(private readonly matches: (match: Match, info: Info) => boolean) {}

  /** Adds a fault rule; the returned function removes it. */
  inject(fault: Fault, match: Match, times: number | undefined): () => void {
    const rule: FaultRule<Fault, Match> = { fault, match, remaining: times };
    this.faults.push(rule);
    return () => {
      const i = this.faults.indexOf(rule);
      if (i >= 0) this.faults.splice(i, 1);
    };
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Resolves with the next request recorded from now on that satisfies `predicate`. */
  waitFor(predicate: (r: Info) => boolean): Promise<Info> {
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  /** The fault the first matching rule applies to this request, if any. */
  takeFault(info: Info): Fault | undefined {
    const i = this.faults.findIndex((r) => this.matches(r.match, info));
    if (i < 0) return undefined;
    const rule = this.faults[i]!;
    if (rule.remaining !== undefined && --rule.remaining <= 0) this.faults.splice(i, 1);
    return rule.fault;
  }

  record(info: Info): void {
    this.requests.push(info);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) w.predicate(info) ? w.resolve(info) : still.push(w);
    this.waiters = still;
  }
}
