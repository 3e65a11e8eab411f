/**
 * How long a nameserver found without EDNS is asked without it before EDNS is tried again:
 * 15 minutes, unbound's `infra-host-ttl` for what it learns about a server.
 */
export const EDNS_RETRY_AFTER_MS = 15 * 60_000;

/** At most this many servers are remembered (resolv.conf can change under a long-lived process). */
const MAX_REMEMBERED = 64;

/**
 * What one resolver has learnt about its nameservers' EDNS support (RFC 6891 §7, §6.2.2):
 * - a server that rejected an OPT query (FORMERR, NOTIMP, or SERVFAIL without OPT) and then
 *   answered the plain query is asked plainly for `retryAfter` ms, then with EDNS again;
 * - a server that was silent to an OPT query is asked that same question plainly on its next
 *   try; if that plain query is answered it is remembered the same way, if not the server was
 *   simply down (or drops that question whatever it carries, as some drop AAAA queries).
 * Keyed by the server's label (`ip:port`).
 */
export class EdnsMemory {
  private readonly plainUntil = new Map<string, number>();
  /** Server -> the question it was silent to with EDNS (`name type`). */
  private readonly suspect = new Map<string, string>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    readonly retryAfter: number = EDNS_RETRY_AFTER_MS,
  ) {}

  /**
   * How to ask `server` next: with EDNS, plainly (known not to speak it), or plainly as a
   * probe after it was silent to EDNS.
   */
  next(server: string, question: string): 'edns' | 'plain' | 'probe' {
    if (this.suspect.get(server) === question) return 'probe';
    const until = this.plainUntil.get(server);
    if (until === undefined) return 'edns';
    if (this.now() < until) return 'plain';
    this.plainUntil.delete(server);
    return 'edns';
  }

  /** An OPT query to `server` got an answer that was not a rejection of EDNS. */
  ednsWorked(server: string): void {
    this.plainUntil.delete(server);
    this.suspect.delete(server);
  }

  /** An OPT query to `server` timed out: the same question goes without EDNS next time. */
  ednsSilent(server: string, question: string): void {
    if (this.suspect.size >= MAX_REMEMBERED && !this.suspect.has(server)) this.suspect.clear();
    this.suspect.set(server, question);
  }

  /** A plain query to `server` was answered where the OPT query was not: remember it. */
  plainWorked(server: string): void {
    this.suspect.delete(server);
    if (this.plainUntil.size >= MAX_REMEMBERED && !this.plainUntil.has(server)) {
      const oldest = this.plainUntil.keys().next().value;
      if (oldest !== undefined) this.plainUntil.delete(oldest);
    }
    this.plainUntil.set(server, this.now() + this.retryAfter);
  }

  /** A plain query to `server` timed out too: the server is down, not EDNS-deaf. */
  plainSilent(server: string): void {
    this.suspect.delete(server);
  }
}
