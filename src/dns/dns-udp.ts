import { createSocket } from 'node:dgram';
import { DnsNetworkError } from './dns-errors.js';
import { PendingExchange } from './dns-exchange.js';
import {
  checkReply,
  type DnsQuestion,
  type DnsReply,
  encodeQuery,
  isTruncated,
} from './dns-message.js';
import type { NameserverAddress } from './nameserver-address.js';

export type UdpOutcome =
  | { readonly kind: 'reply'; readonly reply: DnsReply }
  | { readonly kind: 'truncated' }
  | { readonly kind: 'timeout' };

/**
 * One UDP query on a fresh connected socket: a random source port per query (RFC 5452), and
 * the kernel drops datagrams from any other address. Stray answers (wrong id or question)
 * are ignored and we keep waiting until the deadline.
 */
export function udpExchange(
  server: NameserverAddress,
  question: DnsQuestion,
  id: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<UdpOutcome> {
  const what = `${question.name} ${question.type}`;
  const pending = new PendingExchange<UdpOutcome>(
    timeoutMs,
    () => ({ kind: 'timeout' }),
    signal,
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
      pending.reject(err);
    }
  });
  const query = encodeQuery(id, question);
  socket.connect(server.port, server.host, () => {
    if (pending.done) return;
    socket.send(query, (err) => {
      if (err) pending.reject(new DnsNetworkError(what, server.label, err));
    });
  });
  return pending.promise;
}
