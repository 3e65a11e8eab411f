import { connect } from 'node:net';
import { DnsNetworkError } from './dns-errors.js';
import { PendingExchange } from './dns-exchange.js';
import { checkReply, type DnsQuestion, type DnsReply, encodeQuery } from './dns-message.js';
import type { NameserverAddress } from './nameserver-address.js';

export type TcpOutcome =
  | { readonly kind: 'reply'; readonly reply: DnsReply }
  | { readonly kind: 'timeout' };

/**
 * One query over TCP (RFC 7766): 2-byte length prefix each way. Chunks are kept in a list
 * and joined once a whole message is there, so a 64 KiB answer in many small reads costs one
 * copy. A message for another id or question is skipped and the next one awaited.
 */
export function tcpExchange(
  server: NameserverAddress,
  question: DnsQuestion,
  id: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<TcpOutcome> {
  const what = `${question.name} ${question.type}`;
  const pending = new PendingExchange<TcpOutcome>(
    timeoutMs,
    () => ({ kind: 'timeout' }),
    signal,
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

  const query = encodeQuery(id, question);
  const frame = Buffer.allocUnsafe(2 + query.length);
  frame.writeUInt16BE(query.length, 0);
  query.copy(frame, 2);
  socket.write(frame);
  return pending.promise;
}
