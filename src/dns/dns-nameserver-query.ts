import {
  DnsAbortedError,
  DnsError,
  DnsMalformedError,
  DnsRcodeError,
  DnsRefusedError,
  DnsServfailError,
  DnsTimeoutError,
} from './dns-errors.js';
import { type DnsQuestion, type DnsReply, randomQueryId } from './dns-message.js';
import { tcpExchange } from './dns-tcp.js';
import { udpExchange } from './dns-udp.js';
import type { NameserverAddress } from './nameserver-address.js';

export interface NameserverPolicy {
  readonly servers: readonly NameserverAddress[];
  /** Per-try deadline in ms, for the UDP leg and again for a TCP retry. */
  readonly timeout: number;
  /** Rounds over the whole server list. */
  readonly attempts: number;
  /** Index of the first server to ask (rotate spreads load; otherwise 0). */
  readonly first: number;
}

/** NOERROR or NXDOMAIN: the server answered the question; the caller reads the records. */
export type AnsweredReply = DnsReply & { readonly rcode: 'NOERROR' | 'NXDOMAIN' };

/** One server, one try: UDP, then TCP with a fresh id if the answer was truncated. */
async function askOnce(
  server: NameserverAddress,
  question: DnsQuestion,
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<DnsReply | undefined> {
  const udp = await udpExchange(server, question, randomQueryId(), timeout, signal);
  if (udp.kind === 'reply') return udp.reply;
  if (udp.kind === 'timeout') return undefined;
  const tcp = await tcpExchange(server, question, randomQueryId(), timeout, signal);
  return tcp.kind === 'reply' ? tcp.reply : undefined;
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
  signal?: AbortSignal,
): Promise<AnsweredReply> {
  const what = `${question.name} ${question.type}`;
  const { servers } = policy;
  let lastError: DnsError | undefined;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    for (let i = 0; i < servers.length; i++) {
      if (signal?.aborted) throw new DnsAbortedError(what);
      const server = servers[(policy.first + i) % servers.length]!;
      let reply: DnsReply | undefined;
      try {
        reply = await askOnce(server, question, policy.timeout, signal);
      } catch (err) {
        if (err instanceof DnsAbortedError) throw err;
        if (err instanceof DnsError) {
          lastError = err;
          continue;
        }
        throw new DnsMalformedError(what, server.label, 'unexpected failure', { cause: err });
      }
      if (reply === undefined) continue;
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
