import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { scriptedNameserver } from '../../helpers/dns-loopback.js';
import { fieldAddress, fieldSuite } from './field-dns.js';
import { answerA, decodeQuery } from './scripted-answers.js';

// Block 8. A UDP answer with TC set from a server that has no TCP listener (a UDP-only
// forwarder, a firewall that drops TCP/53).

describe('field: truncated UDP answers and no TCP server', () => {
  const { defer, pollServers } = fieldSuite();

  // Source: firezone/firezone#6754 (a UDP-only forwarder passes TC answers on; clients re-query
  // over TCP, which it does not serve).
  it('keeps the known nodes (a partial answer is not the membership) and moves on to the next server', async () => {
    let truncate = false;
    const udpOnly = await scriptedNameserver(fieldAddress(8, 1), (msg) => {
      const query = decodeQuery(msg);
      if (!query?.questions?.[0]) return undefined;
      // When truncating: one of the three records, TC set, as a server cuts a long answer.
      return truncate
        ? answerA(query, ['10.8.0.1'], { flags: dnsPacket.TRUNCATED_RESPONSE })
        : answerA(query, ['10.8.0.1', '10.8.0.2', '10.8.0.3']);
    });
    defer(() => udpOnly.close());
    const poll = await pollServers('svc.field.test.', [udpOnly.address]);
    expect(poll.known()).toEqual(['hello@10.8.0.1', 'hello@10.8.0.2', 'hello@10.8.0.3']);
    truncate = true;
    await poll.poll();
    expect(poll.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_DNS_NETWORK']);
    expect(poll.errors[0]!.message).toContain('ECONNREFUSED');
    expect(poll.known()).toEqual(['hello@10.8.0.1', 'hello@10.8.0.2', 'hello@10.8.0.3']);

    // With a second nameserver that serves TCP, the answer comes from it.
    const full = new DnsServer({ host: fieldAddress(8, 2) });
    await full.start();
    defer(() => full.stop());
    full.setA('svc.field.test', ['10.8.0.1', '10.8.0.2', '10.8.0.4']);
    const two = await pollServers('svc.field.test.', [udpOnly.address, full.address]);
    expect(two.errors).toEqual([]);
    expect(two.known()).toEqual(['hello@10.8.0.1', 'hello@10.8.0.2', 'hello@10.8.0.4']);
  });
});
