import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIP, type Server, type Socket } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { EventEmitter } from 'eventemitter3';
import { LifecycleError } from '../core/errors.js';
import { type DnsSrvTarget, DnsZone, encodeResponse } from './dns-server-zone.js';

export type { DnsSrvTarget };

/**
 * A fault the server injects into its answers:
 * - `servfail` / `refused`: answer with that rcode;
 * - `drop`: read the query and never answer;
 * - `wrong-id-first`: send a correct answer under another id first, then the real one;
 * - `truncate`: over UDP, answer with TC set and no records (forces the TCP retry);
 * - `malformed`: answer with our id and the response bit, then garbage;
 * - `malformed-first`: send such garbage first, then the real answer;
 * - `slow`: answer normally after `delay` ms.
 * A server that does not speak EDNS (RFC 6891 §7), for queries carrying an OPT record only
 * (plain queries are answered normally and do not count against `count`):
 * - `formerr-edns`: FORMERR echoing the question, no OPT;
 * - `formerr-edns-bare`: FORMERR with no question section at all;
 * - `notimp-edns`: NOTIMP;
 * - `drop-edns`: never answer.
 */
export type DnsFaultMode =
  | 'servfail'
  | 'refused'
  | 'drop'
  | 'wrong-id-first'
  | 'truncate'
  | 'malformed'
  | 'malformed-first'
  | 'slow'
  | 'formerr-edns'
  | 'formerr-edns-bare'
  | 'notimp-edns'
  | 'drop-edns';

const EDNS_ONLY: ReadonlySet<DnsFaultMode> = new Set([
  'formerr-edns',
  'formerr-edns-bare',
  'notimp-edns',
  'drop-edns',
]);

export interface DnsFault {
  readonly mode: DnsFaultMode;
  /** Which transport the fault applies to; default both. */
  readonly transport?: 'udp' | 'tcp' | 'both';
  /** Apply to this many queries, then answer normally again; default forever. */
  readonly count?: number;
  /** For `slow`: milliseconds before each answer. */
  readonly delay?: number;
}

export interface DnsServerOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: any free port (the same one for UDP and TCP). */
  readonly port?: number;
  /** Follow CNAMEs inside the zone, as authoritative servers do. Default true. */
  readonly chaseCnames?: boolean;
  /** Put SRV targets' addresses in the additional section. Default true. */
  readonly srvGlue?: boolean;
}

export interface DnsQueryEvent {
  readonly name: string;
  readonly type: string;
  readonly transport: 'udp' | 'tcp';
  /** Whether the query carried an EDNS OPT record. */
  readonly edns: boolean;
}

export interface DnsServerEvents {
  query: (query: DnsQueryEvent) => void;
}

const RD = 0x0100;

/** The numeric QTYPE, read after the (uncompressed) question name at byte 12. */
function questionType(msg: Buffer): number | undefined {
  let at = 12;
  while (at < msg.length && msg[at] !== 0) at += msg[at]! + 1;
  return at + 3 <= msg.length ? msg.readUInt16BE(at + 1) : undefined;
}
const QR_AA = 0x8400;

/**
 * A small authoritative DNS server over UDP and TCP for tests and demos: records change at
 * run time, faults can be injected, and it listens on one port for both transports.
 */
export class DnsServer extends EventEmitter<DnsServerEvents> {
  readonly zone = new DnsZone();
  /** Queries seen, per transport. */
  readonly stats = { udp: 0, tcp: 0 };
  private readonly options: DnsServerOptions;
  private udp: UdpSocket | undefined;
  private tcp: Server | undefined;
  private readonly connections = new Set<Socket>();
  private fault:
    | { mode: DnsFaultMode; transport: 'udp' | 'tcp' | 'both'; left: number; delay: number }
    | undefined;
  private cache = new Map<string, Buffer>();
  private cacheVersion = -1;
  private bound: { host: string; port: number } | undefined;

  constructor(options: DnsServerOptions = {}) {
    super();
    this.options = options;
  }

  /** `host:port` (IPv6 in brackets), ready for a resolver's `nameservers`. */
  get address(): string {
    if (!this.bound) throw new LifecycleError('DnsServer is not started');
    const { host, port } = this.bound;
    return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  }

  setA(name: string, addresses: readonly string[]): this {
    this.zone.setA(name, addresses);
    return this;
  }

  setAAAA(name: string, addresses: readonly string[]): this {
    this.zone.setAAAA(name, addresses);
    return this;
  }

  setSrv(name: string, targets: readonly DnsSrvTarget[]): this {
    this.zone.setSrv(name, targets);
    return this;
  }

  setCname(name: string, target: string): this {
    this.zone.setCname(name, target);
    return this;
  }

  remove(name: string): this {
    this.zone.remove(name);
    return this;
  }

  clear(): this {
    this.zone.clear();
    return this;
  }

  /** Starts injecting `fault`; `undefined` heals the server. */
  setFault(fault: DnsFault | undefined): this {
    this.fault = fault && {
      mode: fault.mode,
      transport: fault.transport ?? 'both',
      left: fault.count ?? Infinity,
      delay: fault.delay ?? 0,
    };
    return this;
  }

  async start(): Promise<{ host: string; port: number }> {
    if (this.bound) return this.bound;
    const host = this.options.host ?? '127.0.0.1';
    // With port 0 the UDP port may be taken for TCP by someone else: try a few ports.
    for (let tries = 0; ; tries++) {
      const udp = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(this.options.port ?? 0, host, () => resolve());
      });
      const port = udp.address().port;
      const tcp = createServer((socket) => this.onConnection(socket));
      try {
        await new Promise<void>((resolve, reject) => {
          tcp.once('error', reject);
          tcp.listen(port, host, () => resolve());
        });
      } catch (err) {
        udp.close();
        if (tries >= 5 || (this.options.port ?? 0) !== 0) throw err;
        continue;
      }
      udp.on('message', (msg, rinfo) => this.onUdp(msg, rinfo));
      udp.on('error', () => {});
      this.udp = udp;
      this.tcp = tcp;
      this.bound = { host, port };
      return this.bound;
    }
  }

  async stop(): Promise<void> {
    const { udp, tcp } = this;
    this.udp = undefined;
    this.tcp = undefined;
    this.bound = undefined;
    for (const s of this.connections) s.destroy();
    this.connections.clear();
    await Promise.all([
      udp && new Promise<void>((resolve) => udp.close(() => resolve())),
      tcp && new Promise<void>((resolve) => tcp.close(() => resolve())),
    ]);
  }

  private onUdp(msg: Buffer, rinfo: RemoteInfo): void {
    const send = (buf: Buffer) => this.udp?.send(buf, rinfo.port, rinfo.address);
    this.handle(msg, 'udp', send);
  }

  private onConnection(socket: Socket): void {
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => {});
    let pending: Buffer = Buffer.alloc(0);
    const send = (buf: Buffer) => {
      const head = Buffer.allocUnsafe(2);
      head.writeUInt16BE(buf.length, 0);
      if (!socket.destroyed) socket.write(Buffer.concat([head, buf]));
    };
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
        const len = pending.readUInt16BE(0);
        this.handle(pending.subarray(2, 2 + len), 'tcp', send);
        pending = pending.subarray(2 + len);
      }
    });
  }

  private takeFault(
    transport: 'udp' | 'tcp',
    edns: boolean,
  ): { mode: DnsFaultMode; delay: number } | undefined {
    const f = this.fault;
    if (!f || (f.transport !== 'both' && f.transport !== transport)) return undefined;
    if (!edns && EDNS_ONLY.has(f.mode)) return undefined;
    if (--f.left <= 0) this.fault = undefined;
    return f;
  }

  private handle(msg: Buffer, transport: 'udp' | 'tcp', send: (buf: Buffer) => void): void {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(msg);
    } catch {
      return; // not DNS: ignore, as a real server under attack would
    }
    const q = query.questions?.[0];
    if (query.type !== 'query' || q === undefined) return;
    const id = query.id ?? 0;
    const rd = (query.flags ?? 0) & RD;
    const opt = query.additionals?.find((a) => a.type === 'OPT') as dnsPacket.OptAnswer | undefined;
    this.stats[transport]++;
    this.emit('query', { name: q.name, type: q.type, transport, edns: !!opt });
    const udpLimit = opt ? Math.max(512, Math.min(opt.udpPayloadSize, 65535)) : 512;
    const limit = transport === 'tcp' ? 65535 : udpLimit;
    const qtype = questionType(msg);
    if (qtype === undefined) return;
    const taken = this.takeFault(transport, !!opt);
    const fault = taken?.mode;
    const empty = { rcode: 0, answers: [], additionals: [] };
    /** An answer with `rcode` and no records; with an OPT record only if `edns`. */
    const fail = (rcode: number, edns: boolean) =>
      encodeResponse(id, QR_AA | rd, q.name, qtype, { ...empty, rcode }, limit, edns);
    const garbage = Buffer.from([id >> 8, id & 255, 0x84, 0, 0, 1, 0, 5, 0, 0, 0, 0, 9, 9, 9]);
    switch (fault) {
      case 'drop':
      case 'drop-edns':
        return;
      case 'formerr-edns':
      case 'notimp-edns':
        // An old server: no OPT in the answer, whatever the query carried.
        send(fail(fault === 'formerr-edns' ? 1 : 4, false));
        return;
      case 'formerr-edns-bare': {
        // Header only: id, QR, opcode 0, RD echoed, rcode 1, every count zero.
        const bare = Buffer.alloc(12);
        bare.writeUInt16BE(id, 0);
        bare.writeUInt16BE(0x8000 | rd | 1, 2);
        send(bare);
        return;
      }
      case 'slow': {
        const answer = this.answerFor(id, QR_AA | rd, q.name, q.type, qtype, limit, !!opt);
        setTimeout(() => send(answer), taken?.delay ?? 0).unref();
        return;
      }
      case 'servfail':
      case 'refused':
        send(fail(fault === 'servfail' ? 2 : 5, !!opt));
        return;
      case 'truncate':
        if (transport === 'udp') {
          send(encodeResponse(id, QR_AA | rd | 0x0200, q.name, qtype, empty, limit, !!opt));
          return;
        }
        break;
      case 'malformed':
        send(garbage);
        return;
      case 'malformed-first':
        send(garbage);
        break;
      default:
        break;
    }
    const answer = this.answerFor(id, QR_AA | rd, q.name, q.type, qtype, limit, !!opt);
    if (fault === 'wrong-id-first') {
      const wrong = Buffer.from(answer);
      wrong.writeUInt16BE((id + 1) & 0xffff, 0);
      send(wrong);
    }
    send(answer);
  }

  /** Encoded answers are cached per question and size limit until the zone changes. */
  private answerFor(
    id: number,
    flags: number,
    qname: string,
    type: string,
    qtype: number,
    limit: number,
    edns: boolean,
  ): Buffer {
    if (this.cacheVersion !== this.zone.version) {
      this.cache.clear();
      this.cacheVersion = this.zone.version;
    }
    const cacheKey = `${qname}|${qtype}|${limit}|${edns}|${flags}`;
    let cached = this.cache.get(cacheKey);
    if (!cached) {
      const answer = this.zone.lookup(
        qname,
        type,
        this.options.chaseCnames ?? true,
        this.options.srvGlue ?? true,
      );
      cached = encodeResponse(0, flags, qname, qtype, answer, limit, edns);
      this.cache.set(cacheKey, cached);
    }
    const out = Buffer.from(cached);
    out.writeUInt16BE(id, 0);
    return out;
  }
}
