import { createSocket } from 'node:dgram';
import { type DnsMalformedError, DnsNetworkError } from './dns-errors.js';
import { type ExchangeQuery, PendingExchange } from './dns-exchange.js';
import { checkReply, type DnsReply, encodeQuery, isTruncated } from './dns-message.js';
import type { LookupAbort } from './lookup-abort.js';
import type { NameserverAddress } from './nameserver-address.js';

export type UdpOutcome =
  | { readonly kind: 'reply'; readonly reply: DnsReply }
  | { readonly kind: 'truncated' }
  /** No answer by the deadline; `malformed` if an undecodable packet carried our id meanwhile. */
  | { readonly kind: 'timeout'; readonly malformed?: DnsMalformedError };

/**
 * One UDP query on a fresh connected socket: a random source port per query (RFC 5452), and
 * the kernel drops datagrams from any other address. Stray answers (wrong id or question)
 * are ignored and we keep waiting until the deadline. So is a packet that carries our id but
 * does not decode: anyone who guesses the id and port can send one, and taking it as the
 * answer would let them cut lookups short (golang/go#13281); it is reported only if nothing
 * better came by the deadline.
 */
export function udpExchange(
  server: NameserverAddress,
  query: ExchangeQuery,
  abort?: LookupAbort,
): Promise<UdpOutcome> {
  const { question, id } = query;
  const what = `${question.name} ${question.type}`;
  let malformed: DnsMalformedError | undefined;
  const pending = new PendingExchange<UdpOutcome>(
    query.timeout,
    () => (malformed ? { kind: 'timeout', malformed } : { kind: 'timeout' }),
    abort,
    what,
  );
  const socket = createSocket(server.family === 6 ? 'udp6' : 'udp4');
  pending.onCleanup(() => socket.close());
  socket.on('error', (err) => pending.reject(new DnsNetworkError(what, server.label, err)));
  socket.on('message', (buf) => {
    if (pending.done) return;
    if (
      isTruncated(buf) &&
      buf.length >= 12 &&
      buf.readUInt16BE(0) === id &&
      (buf[2]! & 0x80) !== 0
    ) {
      pending.resolve({ kind: 'truncated' });
      return;
    }
    try {
      const reply = checkReply(buf, id, question, server.label);
      if (reply !== undefined) pending.resolve({ kind: 'reply', reply });
    } catch (err) {
      malformed = err as DnsMalformedError;
    }
  });
  const packet = encodeQuery(id, question, query.edns);
  socket.connect(server.port, server.host, () => {
    if (pending.done) return;
    socket.send(packet, (err) => {
      if (err) pending.reject(new DnsNetworkError(what, server.label, err));
    });
  });
  return pending.promise;
}
