import {
  DnsAbortedError,
  DnsError,
  DnsMalformedError,
  DnsRcodeError,
  DnsRefusedError,
  DnsServfailError,
  DnsTimeoutError,
} from './dns-errors.js';
import { type DnsQuestion, type DnsReply, hasOpt, type QueryIds } from './dns-message.js';
import { tcpExchange } from './dns-tcp.js';
import { udpExchange } from './dns-udp.js';
import type { EdnsMemory } from './edns-memory.js';
import type { LookupAbort } from './lookup-abort.js';
import type { NameserverAddress } from './nameserver-address.js';

export interface NameserverPolicy {
  readonly servers: readonly NameserverAddress[];
  /** Per-try deadline in ms, for the UDP leg and again for a TCP retry. */
  readonly timeout: number;
  /** Rounds over the whole server list. */
  readonly attempts: number;
  /** Index of the first server to ask (rotate spreads load; otherwise 0). */
  readonly first: number;
  /** Which servers are asked without EDNS. */
  readonly edns: EdnsMemory;
  /** Where query ids come from (the resolver's own). */
  readonly ids: QueryIds;
}

/** NOERROR or NXDOMAIN: the server answered the question; the caller reads the records. */
export type AnsweredReply = DnsReply & { readonly rcode: 'NOERROR' | 'NXDOMAIN' };

/** What one try at one server came to. */
type Try =
  | { readonly kind: 'reply'; readonly reply: DnsReply }
  | { readonly kind: 'timeout'; readonly malformed?: DnsMalformedError };

/** UDP, then TCP with a fresh id if the answer was truncated; both with or without EDNS. */
async function exchange(
  server: NameserverAddress,
  question: DnsQuestion,
  edns: boolean,
  policy: NameserverPolicy,
  abort: LookupAbort,
): Promise<Try> {
  const { timeout, ids } = policy;
  const udp = await udpExchange(server, { question, id: ids.next(), edns, timeout }, abort);
  if (udp.kind !== 'truncated') return udp;
  return tcpExchange(server, { question, id: ids.next(), edns, timeout }, abort);
}

/**
 * An answer that says the server did not understand our OPT record (RFC 6891 §7: such a
 * server answers FORMERR without OPT; in the field also NOTIMP, or SERVFAIL without OPT).
 */
function rejectsEdns(reply: DnsReply): boolean {
  const rcode = reply.rcode ?? 'NOERROR';
  return rcode === 'FORMERR' || rcode === 'NOTIMP' || (rcode === 'SERVFAIL' && !hasOpt(reply));
}

/**
 * One server, one try, with the EDNS fallback of RFC 6891 §7: an answer rejecting EDNS is
 * retried at once without it, and a server that answers plainly is remembered as such; a
 * server silent to EDNS is asked plainly on its next try (see EdnsMemory).
 */
async function askServer(
  server: NameserverAddress,
  question: DnsQuestion,
  policy: NameserverPolicy,
  abort: LookupAbort,
): Promise<Try> {
  const memory = policy.edns;
  const label = server.label;
  const key = `${question.name} ${question.type}`;
  const mode = memory.next(label, key);
  if (mode !== 'edns') {
    const plain = await exchange(server, question, false, policy, abort);
    if (mode === 'probe') {
      if (plain.kind === 'reply') memory.plainWorked(label);
      else memory.plainSilent(label);
    }
    return plain;
  }
  const first = await exchange(server, question, true, policy, abort);
  if (first.kind === 'timeout') {
    memory.ednsSilent(label, key);
    return first;
  }
  if (!rejectsEdns(first.reply)) {
    memory.ednsWorked(label);
    return first;
  }
  const plain = await exchange(server, question, false, policy, abort);
  if (plain.kind !== 'reply') return first;
  // The same rejection without EDNS means the server fails this question, not EDNS.
  if (!rejectsEdns(plain.reply)) memory.plainWorked(label);
  return plain;
}

/**
 * Asks the servers in turn, `attempts` rounds, as glibc's res_send does: a timeout, a
 * socket error, SERVFAIL, REFUSED, another rcode or a malformed answer moves on to the next
 * server; the first NOERROR or NXDOMAIN wins. When all fail, the last definite error is
 * thrown (a SERVFAIL says more than a timeout), or DnsTimeoutError if nobody answered.
 */
export async function askNameservers(
  question: DnsQuestion,
  policy: NameserverPolicy,
  abort: LookupAbort,
): Promise<AnsweredReply> {
  const what = `${question.name} ${question.type}`;
  const { servers } = policy;
  let lastError: DnsError | undefined;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    for (let i = 0; i < servers.length; i++) {
      abort.check(what);
      const server = servers[(policy.first + i) % servers.length]!;
      let outcome: Try;
      try {
        outcome = await askServer(server, question, policy, abort);
      } catch (err) {
        if (err instanceof DnsAbortedError) throw err;
        if (err instanceof DnsError) {
          lastError = err;
          continue;
        }
        throw new DnsMalformedError(what, server.label, 'unexpected failure', { cause: err });
      }
      if (outcome.kind === 'timeout') {
        if (outcome.malformed) lastError = outcome.malformed;
        continue;
      }
      const { reply } = outcome;
      const rcode = reply.rcode ?? 'NOERROR';
      if (rcode === 'NOERROR' || rcode === 'NXDOMAIN') return reply as AnsweredReply;
      if (rcode === 'SERVFAIL') lastError = new DnsServfailError(what, server.label);
      else if (rcode === 'REFUSED') lastError = new DnsRefusedError(what, server.label);
      else lastError = new DnsRcodeError(what, server.label, rcode);
    }
  }
  throw (
    lastError ??
    new DnsTimeoutError(
      what,
      servers.map((s) => s.label),
    )
  );
}
