import * as dnsPacket from 'dns-packet';

/** The decoded query a scripted server answers, or undefined if it is not DNS. */
export function decodeQuery(query: Buffer): dnsPacket.DecodedPacket | undefined {
  try {
    return dnsPacket.decode(query);
  } catch {
    return undefined;
  }
}

/**
 * An answer to `query` with A records `addresses` for `owner` (default: the question name as
 * asked), `flags` added to QR|AA|RD. Built with dns-packet, as a purpose-built server would.
 */
export function answerA(
  query: dnsPacket.DecodedPacket,
  addresses: readonly string[],
  options: { owner?: string; questionName?: string; flags?: number } = {},
): Buffer {
  const q = query.questions![0]!;
  const owner = options.owner ?? q.name;
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | (options.flags ?? 0),
    questions: [{ ...q, name: options.questionName ?? q.name }],
    answers: addresses.map((data) => ({ type: 'A', class: 'IN', name: owner, ttl: 5, data })),
  });
}
