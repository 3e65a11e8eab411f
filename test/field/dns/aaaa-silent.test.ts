import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { scriptedNameserver } from '../../helpers/dns-loopback.js';
import { captureLogger, fieldAddress, fieldSuite, WARN } from './field-dns.js';
import { answerA, decodeQuery } from './scripted-answers.js';

// Block 13. A server that answers A queries and never answers AAAA queries (RFC 4074 §4.1),
// polled with recordType 'A+AAAA'.

describe('field: a nameserver that drops AAAA queries', () => {
  const { defer, pollServers } = fieldSuite();

  // Source: systemd/systemd#22575 (DNS servers that do not respond at all to AAAA queries but
  // do respond to A queries).
  it('takes the A answer, keeps the IPv6 nodes it knew, and warns once', async () => {
    let dropAAAA = false;
    let dropAll = false;
    let v4 = ['10.13.0.1'];
    const server = await scriptedNameserver(fieldAddress(13, 1), (msg) => {
      const query = decodeQuery(msg);
      const q = query?.questions?.[0];
      if (!query || !q || dropAll) return undefined;
      if (q.type === 'A') return answerA(query, v4);
      if (dropAAAA) return undefined;
      return dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED,
        questions: [q],
        answers: [{ type: 'AAAA', class: 'IN', name: q.name, ttl: 5, data: 'fd00::13' }],
      });
    });
    defer(() => server.close());
    const { logger, lines } = captureLogger();
    const poll = await pollServers(
      'svc.field.test.',
      [server.address],
      { recordType: 'A+AAAA', timeout: 200 },
      { logger },
    );
    expect(poll.known()).toEqual(['hello@10.13.0.1', 'hello@fd00::13']);
    // From now on AAAA queries go unanswered, and a second IPv4 node appears.
    dropAAAA = true;
    v4 = ['10.13.0.1', '10.13.0.2'];
    await poll.poll();
    await poll.poll();
    expect(poll.errors).toEqual([]);
    expect(poll.known()).toEqual(['hello@10.13.0.1', 'hello@10.13.0.2', 'hello@fd00::13']);
    expect(poll.warnings.map((w) => w.code)).toEqual([
      'MUSTER_ERR_DNS_TIMEOUT',
      'MUSTER_ERR_DNS_TIMEOUT',
    ]);
    expect(lines.filter((l) => (l.level as number) >= WARN)).toHaveLength(1);
    // Both families failing is a failed poll: nothing changes.
    dropAll = true;
    await poll.poll();
    expect(poll.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_DNS_TIMEOUT']);
    expect(poll.known()).toEqual(['hello@10.13.0.1', 'hello@10.13.0.2', 'hello@fd00::13']);
  });
});
