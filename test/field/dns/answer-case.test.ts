import { describe, expect, it } from 'vitest';
import { scriptedNameserver } from '../../helpers/dns-loopback.js';
import { fieldAddress, fieldSuite } from './field-dns.js';
import { answerA, decodeQuery } from './scripted-answers.js';

// Block 9. A server (or a 0x20-randomising forwarder in front of it) that answers with the
// question and the records' owner names in another case than asked.

describe('field: names in another case in the answer', () => {
  const { defer, pollServers } = fieldSuite();

  // Source: haproxy/haproxy#566 (a different case in the answer section must still resolve,
  // RFC 1035 §2.3.3 / RFC 4343).
  it.each([
    ['an upper-cased question and owner', 'SVC.FIELD.TEST', 'SVC.FIELD.TEST'],
    ['a mixed-case owner only', undefined, 'Svc.Field.TEST'],
  ])('takes an answer with %s', async (_, questionName, owner) => {
    const server = await scriptedNameserver(fieldAddress(9, 1), (msg) => {
      const query = decodeQuery(msg);
      if (!query?.questions?.[0]) return undefined;
      return answerA(query, ['10.9.0.1', '10.9.0.2'], { questionName, owner });
    });
    defer(() => server.close());
    const poll = await pollServers('svc.field.test.', [server.address]);
    expect(poll.errors).toEqual([]);
    expect(poll.known()).toEqual(['hello@10.9.0.1', 'hello@10.9.0.2']);
  });

  // Source: haproxy/haproxy#566 (records for another name must not be believed).
  it('does not take records owned by another name', async () => {
    const server = await scriptedNameserver(fieldAddress(9, 2), (msg) => {
      const query = decodeQuery(msg);
      if (!query?.questions?.[0]) return undefined;
      return answerA(query, ['10.9.0.9'], { owner: 'other.field.test' });
    });
    defer(() => server.close());
    const poll = await pollServers('svc.field.test.', [server.address]);
    // NOERROR without a record for the name asked is NODATA: nobody is there.
    expect(poll.errors).toEqual([]);
    expect(poll.known()).toEqual([]);
  });
});
