import * as dnsPacket from 'dns-packet';

/** An SRV record as a test sets it. */
export interface DnsSrvTarget {
  readonly target: string;
  readonly port: number;
  readonly priority?: number;
  readonly weight?: number;
}

type RecordKind = 'A' | 'AAAA' | 'SRV' | 'CNAME';
const TYPE_CODE: Record<RecordKind, number> = { A: 1, CNAME: 5, AAAA: 28, SRV: 33 };

/** One record, its rdata (with the 2-byte length) encoded once when it is set. */
interface WireRecord {
  readonly owner: string;
  readonly type: RecordKind;
  readonly rdata: Buffer;
  /** For CNAME: the target; for SRV: the target (to find glue). */
  readonly points?: string;
}

interface Entry {
  A: WireRecord[];
  AAAA: WireRecord[];
  SRV: WireRecord[];
  CNAME: WireRecord[];
}

const key = (name: string) => name.replace(/\.$/, '').toLowerCase();

/** Encodes rdata with dns-packet: in a one-record packet named "x" it starts at byte 23. */
function rdataOf(type: RecordKind, data: unknown): Buffer {
  const packet = dnsPacket.encode({ answers: [{ type, name: 'x', data } as dnsPacket.Answer] });
  // header (12) + name "x" (3) + type, class, ttl (8): then rdlength and rdata.
  return Buffer.from(packet.subarray(23));
}

/** The records an embedded DNS server serves; names are case-insensitive. */
export class DnsZone {
  private readonly entries = new Map<string, Entry>();
  /** Bumped on every change so encoded answers can be cached until the zone changes. */
  version = 0;

  private entry(name: string): Entry {
    let e = this.entries.get(key(name));
    if (!e) {
      e = { A: [], AAAA: [], SRV: [], CNAME: [] };
      this.entries.set(key(name), e);
    }
    this.version++;
    return e;
  }

  setA(name: string, addresses: readonly string[]): void {
    this.entry(name).A = addresses.map((a) => ({
      owner: key(name),
      type: 'A',
      rdata: rdataOf('A', a),
    }));
  }

  setAAAA(name: string, addresses: readonly string[]): void {
    this.entry(name).AAAA = addresses.map((a) => ({
      owner: key(name),
      type: 'AAAA',
      rdata: rdataOf('AAAA', a),
    }));
  }

  setSrv(name: string, targets: readonly DnsSrvTarget[]): void {
    this.entry(name).SRV = targets.map((t) => ({
      owner: key(name),
      type: 'SRV',
      points: key(t.target),
      rdata: rdataOf('SRV', {
        target: t.target,
        port: t.port,
        priority: t.priority ?? 0,
        weight: t.weight ?? 0,
      }),
    }));
  }

  setCname(name: string, target: string): void {
    this.entry(name).CNAME = [
      { owner: key(name), type: 'CNAME', points: key(target), rdata: rdataOf('CNAME', target) },
    ];
  }

  remove(name: string): void {
    this.entries.delete(key(name));
    this.version++;
  }

  clear(): void {
    this.entries.clear();
    this.version++;
  }

  has(name: string): boolean {
    return this.entries.has(key(name));
  }

  /**
   * The answer and additional records for a question, chasing CNAMEs inside the zone when
   * `chase` is on (stopping at a loop, as an authoritative server would).
   */
  lookup(qname: string, qtype: string, chase: boolean, glue: boolean) {
    const answers: WireRecord[] = [];
    const additionals: WireRecord[] = [];
    let current = key(qname);
    const seen = new Set<string>();
    for (;;) {
      const e = this.entries.get(current);
      if (!e) return { rcode: answers.length === 0 ? 3 : 0, answers, additionals };
      const cname = e.CNAME[0];
      if (cname !== undefined && qtype !== 'CNAME') {
        answers.push(cname);
        seen.add(current);
        if (!chase || seen.has(cname.points!)) return { rcode: 0, answers, additionals };
        current = cname.points!;
        continue;
      }
      const records = qtype in TYPE_CODE ? e[qtype as RecordKind] : [];
      for (const r of records) answers.push(r);
      if (qtype === 'SRV' && glue) {
        for (const r of records) {
          const t = this.entries.get(r.points!);
          if (t) additionals.push(...t.A, ...t.AAAA);
        }
      }
      return { rcode: 0, answers, additionals };
    }
  }
}

export type ZoneAnswer = ReturnType<DnsZone['lookup']>;

function writeName(buf: Buffer, at: number, name: string): number {
  for (const label of name.split('.')) {
    if (label === '') continue;
    const n = buf.write(label, at + 1, 'utf8');
    buf[at] = n;
    at += n + 1;
  }
  buf[at] = 0;
  return at + 1;
}

const nameLength = (name: string) => Buffer.byteLength(name.replace(/\.$/, '')) + 2;

/**
 * Encodes a response by hand so that owner names equal to the question compress to a pointer
 * (dns-packet does not compress): 16 bytes per A record, as real servers send, so the
 * truncation thresholds match dnsmasq's. Records that do not fit in `limit` are cut and TC set.
 */
export function encodeResponse(
  id: number,
  flags: number,
  qname: string,
  qtype: number,
  answer: ZoneAnswer,
  limit: number,
  edns: boolean,
): Buffer {
  const lowerQ = key(qname);
  const recordSize = (r: WireRecord) =>
    (r.owner === lowerQ ? 2 : nameLength(r.owner)) + 8 + r.rdata.length;
  let size = 12 + nameLength(qname) + 4 + (edns ? 11 : 0);
  let nAnswers = 0;
  let nAdditionals = 0;
  let truncated = false;
  for (const r of answer.answers) {
    const s = recordSize(r);
    if (size + s > limit) {
      truncated = true;
      break;
    }
    size += s;
    nAnswers++;
  }
  if (!truncated) {
    for (const r of answer.additionals) {
      const s = recordSize(r);
      if (size + s > limit) break; // glue that does not fit is simply left out (no TC)
      size += s;
      nAdditionals++;
    }
  }
  const buf = Buffer.alloc(size);
  buf.writeUInt16BE(id, 0);
  buf.writeUInt16BE(flags | (truncated ? 0x0200 : 0) | answer.rcode, 2);
  buf.writeUInt16BE(1, 4);
  buf.writeUInt16BE(nAnswers, 6);
  buf.writeUInt16BE(nAdditionals + (edns ? 1 : 0), 10);
  let at = writeName(buf, 12, qname);
  at = buf.writeUInt16BE(qtype, at);
  at = buf.writeUInt16BE(1, at);
  const writeRecord = (r: WireRecord) => {
    if (r.owner === lowerQ) at = buf.writeUInt16BE(0xc00c, at);
    else at = writeName(buf, at, r.owner);
    at = buf.writeUInt16BE(TYPE_CODE[r.type], at);
    at = buf.writeUInt16BE(1, at);
    at = buf.writeUInt32BE(5, at);
    at += r.rdata.copy(buf, at);
  };
  for (let i = 0; i < nAnswers; i++) writeRecord(answer.answers[i]!);
  for (let i = 0; i < nAdditionals; i++) writeRecord(answer.additionals[i]!);
  if (edns) {
    // OPT: root name, type 41, our UDP size 4096, no flags, no options.
    buf[at++] = 0;
    at = buf.writeUInt16BE(41, at);
    at = buf.writeUInt16BE(4096, at);
    at = buf.writeUInt32BE(0, at);
    buf.writeUInt16BE(0, at);
  }
  return buf;
}
