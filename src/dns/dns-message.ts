import { randomFillSync } from 'node:crypto';
import * as dnsPacket from 'dns-packet';
import { DnsMalformedError } from './dns-errors.js';

export type AddressType = 'A' | 'AAAA';
export type QueryType = AddressType | 'SRV';

/** One question on the wire; `name` has no trailing dot. */
export interface DnsQuestion {
  readonly name: string;
  readonly type: QueryType;
}

/** Any resource record but the EDNS pseudo-record (OPT carries no class or data). */
export type DnsRecord = Exclude<dnsPacket.Answer, dnsPacket.OptAnswer>;

/** A decoded answer that passed every check against its question. */
export type DnsReply = dnsPacket.DecodedPacket & { readonly rcode?: string };

/**
 * The UDP payload size we advertise in EDNS0: DNS Flag Day 2020's 1,232 bytes (a 1,280-byte
 * IPv6 minimum MTU less headers), so an answer never needs IP fragments, which overlay
 * networks and firewalls lose. About 75 A records; a larger answer comes over TCP.
 */
export const EDNS_UDP_SIZE = 1232;
const QR_BIT = 0x80;
const TC_BIT = 0x02;
const OPCODE_MASK = 0x78;

/**
 * Random 16-bit query ids (RFC 5452: unpredictable ids resist spoofed answers), drawn from a
 * pool of CSPRNG bytes: one syscall per 4096 queries, not one per query. Each resolver owns
 * one, so nothing about its ids is shared with another resolver in the process.
 */
export class QueryIds {
  private readonly pool = Buffer.alloc(8192);
  private pos = this.pool.length;

  next(): number {
    if (this.pos >= this.pool.length) {
      randomFillSync(this.pool);
      this.pos = 0;
    }
    const id = this.pool.readUInt16BE(this.pos);
    this.pos += 2;
    return id;
  }
}

/**
 * A recursive query, with an EDNS0 OPT record (RFC 6891, 1,232-byte UDP size) unless `edns`
 * is false: the plain RFC 1035 query for a server that does not understand OPT.
 */
export function encodeQuery(id: number, question: DnsQuestion, edns = true): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: question.type, name: question.name, class: 'IN' }],
    additionals: !edns
      ? []
      : [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: EDNS_UDP_SIZE,
            extendedRcode: 0,
            ednsVersion: 0,
            flags: 0,
            flag_do: false,
            options: [],
          },
        ],
  });
}

/** Whether an answer carries an OPT record: a server that does not speak EDNS sends none. */
export function hasOpt(reply: DnsReply): boolean {
  return reply.additionals?.some((a) => a.type === 'OPT') ?? false;
}

/** DNS names compare case-insensitively (RFC 4343); the fast path avoids two allocations. */
export function sameName(a: string, b: string): boolean {
  return a === b || (a.length === b.length && a.toLowerCase() === b.toLowerCase());
}

/** The TC bit, read from the raw header so a truncated UDP answer is not decoded at all. */
export function isTruncated(buf: Buffer): boolean {
  return buf.length >= 3 && (buf[2]! & TC_BIT) !== 0;
}

/**
 * Checks a raw answer against the question we sent. Returns `undefined` when the packet is not
 * an answer to it (wrong id, not a response, other opcode, other question): the caller drops it
 * and keeps waiting, so a stray or spoofed packet is never believed. A packet that does carry
 * our id and the response bit but cannot be decoded is a DnsMalformedError. An error answer
 * (any rcode but NOERROR and NXDOMAIN) may come without its question section, as some
 * servers send FORMERR and NOTIMP (RFC 1035 §4.1.1 does not require the echo); it claims no
 * data, so it is taken as that server's answer.
 */
export function checkReply(
  buf: Buffer,
  id: number,
  question: DnsQuestion,
  server: string,
): DnsReply | undefined {
  if (buf.length < 12) return undefined;
  if (buf.readUInt16BE(0) !== id) return undefined;
  const flags = buf[2]!;
  if ((flags & QR_BIT) === 0 || (flags & OPCODE_MASK) !== 0) return undefined;
  const what = `${question.name} ${question.type}`;
  let reply: DnsReply;
  try {
    reply = dnsPacket.decode(buf) as DnsReply;
  } catch (err) {
    throw new DnsMalformedError(what, server, (err as Error).message ?? 'undecodable', {
      cause: err,
    });
  }
  // dns-packet trusts record lengths; reading past the end means a lying rdlength.
  if (dnsPacket.decode.bytes > buf.length) {
    throw new DnsMalformedError(what, server, 'a record runs past the end of the message');
  }
  const q = reply.questions;
  if ((q === undefined || q.length === 0) && isErrorRcode(reply.rcode)) return reply;
  if (q === undefined || q.length !== 1) return undefined;
  const asked = q[0]!;
  if (asked.type !== question.type || asked.class !== 'IN') return undefined;
  if (!sameName(asked.name, question.name)) return undefined;
  return reply;
}

function isErrorRcode(rcode: string | undefined): boolean {
  return rcode !== undefined && rcode !== 'NOERROR' && rcode !== 'NXDOMAIN';
}
