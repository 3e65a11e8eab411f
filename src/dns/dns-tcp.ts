import { connect } from 'node:net';
import { DnsNetworkError } from './dns-errors.js';
import { type ExchangeQuery, PendingExchange } from './dns-exchange.js';
import { checkReply, type DnsReply, encodeQuery } from './dns-message.js';
import type { LookupAbort } from './lookup-abort.js';
import type { NameserverAddress } from './nameserver-address.js';

export type TcpOutcome =
  | { readonly kind: 'reply'; readonly reply: DnsReply }
  | { readonly kind: 'timeout' };

/**
 * One query over TCP (RFC 7766): 2-byte length prefix each way. Chunks are kept in a list
 * and joined once a whole message is there, so a 64 KiB answer in many small reads costs one
 * copy. A message for another id or question is skipped and the next one awaited. Unlike
 * UDP, a message that does not decode fails the exchange: only the server we connected to can
 * write into this stream, so it is that server's answer.
 */
export function tcpExchange(
  server: NameserverAddress,
  query: ExchangeQuery,
  abort?: LookupAbort,
): Promise<TcpOutcome> {
  const { question, id } = query;
  const what = `${question.name} ${question.type}`;
  const pending = new PendingExchange<TcpOutcome>(
    query.timeout,
    () => ({ kind: 'timeout' }),
    abort,
    what,
  );
  const socket = connect({ host: server.host, port: server.port, noDelay: true });
  pending.onCleanup(() => socket.destroy());
  socket.on('error', (err) => pending.reject(new DnsNetworkError(what, server.label, err)));
  socket.on('end', () => {
    pending.reject(
      new DnsNetworkError(what, server.label, new Error('connection closed before the answer')),
    );
  });

  const chunks: Buffer[] = [];
  let buffered = 0;
  socket.on('data', (chunk: Buffer) => {
    if (pending.done) return;
    chunks.push(chunk);
    buffered += chunk.length;
    while (buffered >= 2) {
      const head = chunks[0]!.length >= 2 ? chunks[0]! : Buffer.concat(chunks);
      const length = head.readUInt16BE(0);
      if (buffered < 2 + length) return;
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered);
      const message = all.subarray(2, 2 + length);
      const rest = all.subarray(2 + length);
      chunks.length = 0;
      buffered = rest.length;
      if (rest.length > 0) chunks.push(rest);
      try {
        const reply = checkReply(message, id, question, server.label);
        if (reply !== undefined) {
          pending.resolve({ kind: 'reply', reply });
          return;
        }
      } catch (err) {
        pending.reject(err);
        return;
      }
    }
  });

  const packet = encodeQuery(id, question, query.edns);
  const frame = Buffer.allocUnsafe(2 + packet.length);
  frame.writeUInt16BE(packet.length, 0);
  packet.copy(frame, 2);
  socket.write(frame);
  return pending.promise;
}
