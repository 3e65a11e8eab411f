/**
 * DNS decode of a large answer: muster's reply path (checkReply: id/flags/question checks and
 * dns-packet's decode; readAnswer: owner and CNAME filtering; addresses out) against
 * dns-packet's bare decode of the same bytes, the floor muster builds on.
 */
import * as dnsPacket from 'dns-packet';
import { CnameChain, readAnswer } from '../../src/dns/dns-answer.js';
import { checkReply, type DnsRecord } from '../../src/dns/dns-message.js';
import { DnsZone, encodeResponse } from '../../src/testing/dns-server-zone.js';
import { addressesOf } from './fixed-resolver.js';
import { pairedSample } from './measure.js';

export async function dnsDecode(records: number, rounds: number) {
  const name = 'big.bench';
  const id = 4242;
  // The embedded server's own encoder (compressed owner names, 16 bytes per A record); the
  // size limit is lifted so 10,000 records fit in one (synthetic, > 64 KiB) message.
  const zone = new DnsZone();
  zone.setA(name, addressesOf(records));
  const answer = zone.lookup(name, 'A', true, true);
  const buf = encodeResponse(id, 0x8400, name, 1, answer, 1 << 22, false);
  const question = { name, type: 'A' as const };
  let got = 0;
  const muster = () => {
    const reply = checkReply(buf, id, question, 'bench');
    const { records: rs } = readAnswer(
      reply?.answers as DnsRecord[] | undefined,
      'A',
      new CnameChain(name),
    );
    const out: string[] = [];
    for (const r of rs) out.push(r.data as string);
    got = out.length;
  };
  const bare = () => dnsPacket.decode(buf).answers?.length;
  const p = await pairedSample(muster, bare, rounds, 5);
  return {
    records,
    bytes: buf.length,
    decoded: got,
    musterMs: p.aMs,
    dnsPacketDecodeMs: p.bMs,
    ratioBareToMuster: p.ratioBToA,
  };
}
