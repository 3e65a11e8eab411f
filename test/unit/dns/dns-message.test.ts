import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { CnameChain, MAX_CNAME_CHAIN, readAnswer } from '../../../src/dns/dns-answer.js';
import {
  DnsCnameDepthError,
  DnsCnameLoopError,
  DnsMalformedError,
} from '../../../src/dns/dns-errors.js';
import {
  checkReply,
  type DnsRecord,
  encodeQuery,
  isTruncated,
} from '../../../src/dns/dns-message.js';

const question = { name: 'svc.test', type: 'A' } as const;

function reply(overrides: Partial<dnsPacket.Packet> = {}): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: 4242,
    flags: dnsPacket.AUTHORITATIVE_ANSWER,
    questions: [{ name: 'svc.test', type: 'A', class: 'IN' }],
    answers: [{ name: 'svc.test', type: 'A', class: 'IN', ttl: 5, data: '10.0.0.1' }],
    ...overrides,
  });
}

describe('encodeQuery', () => {
  it('asks one IN question with RD and an EDNS0 OPT of 1,232 bytes', () => {
    const q = dnsPacket.decode(encodeQuery(777, question));
    expect(q).toMatchObject({ id: 777, type: 'query', flag_rd: true });
    expect(q.questions).toEqual([{ name: 'svc.test', type: 'A', class: 'IN' }]);
    expect(q.additionals?.[0]).toMatchObject({ type: 'OPT', udpPayloadSize: 1232 });
  });
});

describe('checkReply: answers are checked against the question', () => {
  it('accepts the matching answer', () => {
    expect(checkReply(reply(), 4242, question, 's')?.answers).toHaveLength(1);
  });

  it('compares names case-insensitively (DNS 0x20)', () => {
    const buf = reply({ questions: [{ name: 'SvC.TeSt', type: 'A', class: 'IN' }] });
    expect(checkReply(buf, 4242, question, 's')).toBeDefined();
  });

  it.each([
    ['another id', reply({ id: 4243 })],
    ['the QR bit clear (a query, not an answer)', reply({ type: 'query' })],
    ['another name', reply({ questions: [{ name: 'other.test', type: 'A', class: 'IN' }] })],
    ['another type', reply({ questions: [{ name: 'svc.test', type: 'AAAA', class: 'IN' }] })],
    ['another class', reply({ questions: [{ name: 'svc.test', type: 'A', class: 'CH' }] })],
    ['no question', reply({ questions: [] })],
    [
      'two questions',
      reply({
        questions: [
          { name: 'svc.test', type: 'A' },
          { name: 'svc.test', type: 'A' },
        ],
      }),
    ],
    ['fewer than 12 bytes', Buffer.from([0x10, 0x92, 0x80])],
  ])('drops an answer with %s', (_what, buf) => {
    expect(checkReply(buf, 4242, question, 's')).toBeUndefined();
  });

  it('rejects an undecodable answer carrying our id as malformed', () => {
    const buf = Buffer.from([0x10, 0x92, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0, 3, 0x61]);
    expect(() => checkReply(buf, 4242, question, 's')).toThrow(DnsMalformedError);
  });

  it('rejects a record whose data runs past the end of the message', () => {
    const full = reply();
    expect(() => checkReply(full.subarray(0, full.length - 2), 4242, question, 's')).toThrow(
      DnsMalformedError,
    );
  });

  it('reads the TC bit from the raw header', () => {
    expect(isTruncated(reply({ flags: dnsPacket.TRUNCATED_RESPONSE }))).toBe(true);
    expect(isTruncated(reply())).toBe(false);
  });
});

const rr = (name: string, type: 'A' | 'CNAME', data: string) =>
  ({ name, type, class: 'IN', ttl: 5, data }) as DnsRecord;

describe('readAnswer: CNAME chains inside one answer', () => {
  it('follows a chain and keeps only records owned by its end', () => {
    const chain = new CnameChain('www.test');
    const out = readAnswer(
      [
        rr('www.test', 'CNAME', 'web.test'),
        rr('web.test', 'CNAME', 'svc.test'),
        rr('svc.test', 'A', '10.0.0.1'),
        rr('www.test', 'A', '10.6.6.6'),
        rr('elsewhere.test', 'A', '10.6.6.7'),
      ],
      'A',
      chain,
    );
    expect(out.moved).toBe(true);
    expect(out.records.map((r) => r.data)).toEqual(['10.0.0.1']);
    expect(chain.names).toEqual(['www.test', 'web.test', 'svc.test']);
  });

  it('detects a loop as a typed error', () => {
    const chain = new CnameChain('a.test');
    expect(() =>
      readAnswer([rr('a.test', 'CNAME', 'b.test'), rr('b.test', 'CNAME', 'A.test.')], 'A', chain),
    ).toThrow(DnsCnameLoopError);
  });

  it('bounds the chain length', () => {
    const chain = new CnameChain('c0.test');
    const links = Array.from({ length: MAX_CNAME_CHAIN + 2 }, (_, i) =>
      rr(`c${i}.test`, 'CNAME', `c${i + 1}.test`),
    );
    expect(() => readAnswer(links, 'A', chain)).toThrow(DnsCnameDepthError);
  });
});
