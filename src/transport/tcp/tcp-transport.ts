import type { Server, Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import type { Clock } from '../../core/clock.js';
import {
  ConnectError,
  ConnectErrorCode,
  LifecycleError,
  toMusterError,
} from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { hostOf, type NodeName } from '../../core/node-name.js';
import { parseWith } from '../../core/validation.js';
import type {
  BroadcastResult,
  DialOptions,
  SendResult,
  Transport,
  TransportContext,
  TransportEvents,
  TransportStartOptions,
} from '../transport.js';
import type { CloseReason } from './close-reason.js';
import { Connection, type ConnectionHost } from './connection.js';
import { checkCookie } from './cookie-key.js';
import type { TcpTransportStats } from './counters.js';
import { DialOutcome } from './dial-outcome.js';
import { createPortMapping, openDial } from './dialer.js';
import { MacScratch } from './frame-mac.js';
import { HandshakeAdmission } from './handshake-admission.js';
import { admitCode, RefuseCode } from './handshake-codec.js';
import { ChallengePool, CookieProof } from './handshake-crypto.js';
import type { Link } from './link.js';
import { listen } from './listener.js';
import { encodeMessage } from './message-codec.js';
import { PeerTable } from './peer-table.js';
import type { PortMapping } from './port-mapping.js';
import { RateLimitedLog } from './rate-limited-log.js';
import { createSocketFactory, type SocketFactory } from './socket-factory.js';
import { TcpErrorCode } from './tcp-errors.js';
import {
  type TcpTransportInput,
  type TcpTransportOptions,
  tcpTransportSchema,
} from './tcp-options.js';

/** How long a half-closed socket (refusal, leaving) may linger before it is destroyed. */
const LINGER_MS = 1_000;

export type { TcpTransportStats } from './counters.js';

/**
 * The default transport: authenticated TCP (or TLS) connections, one per pair of nodes.
 * See docs/transports.md for the wire format and the handshake.
 */
export class TcpTransport extends EventEmitter<TransportEvents> implements Transport {
  private readonly maxFrameSize: number;
  private readonly logger: Logger;
  /** Warnings strangers can cause at will (unproven sockets): rate-limited. */
  private readonly strangers: RateLimitedLog;
  /** What every connection of this transport reads and calls (kept off the public surface). */
  private readonly host: ConnectionHost;
  /** Accepted sockets until they prove the cookie: caps and the deadline from accept. */
  private readonly admission: HandshakeAdmission;
  private selfName: NodeName | undefined;
  private readonly clock: Clock;
  private readonly sockets: SocketFactory;
  private readonly portMapping: PortMapping;
  /** Every connection, by what it is (dials, the one up per peer); edges come out as events. */
  private readonly peers: PeerTable;
  /** Proven connections by peer (the table's). */
  private readonly up: ReadonlyMap<NodeName, Connection>;
  /** Asked per proven inbound peer (the cluster's admission); absent: admit all. */
  private admits: TransportStartOptions['verdict'] | TransportStartOptions['admit'];
  private server: Server | undefined;
  private boundPort: number | undefined;
  private state: 'new' | 'started' | 'stopping' | 'stopped' = 'new';

  /**
   * A transport from the plain object `transport: { kind: 'tcp', ... }` takes (the `kind` may be
   * left out): every missing key gets its default, as in a cluster's config.
   * @throws ConfigError naming the first bad field (`port`, `tickTime`, ...).
   */
  static from(
    input: Omit<TcpTransportInput, 'kind'> & { kind?: 'tcp' },
    context: TransportContext,
  ): TcpTransport {
    const options = parseWith(tcpTransportSchema, { ...input, kind: 'tcp' }) as TcpTransportOptions;
    return new TcpTransport(options, context);
  }

  /** From options with every default filled in (`TcpTransport.from` fills them for you). */
  constructor(
    private readonly options: TcpTransportOptions,
    context: TransportContext,
  ) {
    super();
    checkCookie(context.cookie);
    this.logger = context.logger.child({ component: 'tcp-transport' });
    this.clock = context.clock;
    this.maxFrameSize = options.maxFrameSize;
    this.strangers = new RateLimitedLog(this.logger, this.clock);
    this.host = this.makeHost(context.cookie, options);
    this.admission = new HandshakeAdmission(options, this.clock, this.strangers);
    this.sockets = createSocketFactory(options);
    this.portMapping = createPortMapping(options, this.logger);
    this.peers = new PeerTable(options, this.clock, this.logger, this.strangers, this.admission, {
      nodeup: (peer) => this.emitSafely('nodeup', peer),
      nodedown: (peer, reason, detail) => this.emitSafely('nodedown', peer, reason, detail),
    });
    this.up = this.peers.up;
  }

  get self(): NodeName {
    if (this.selfName === undefined) throw new LifecycleError('the tcp transport is not started');
    return this.selfName;
  }

  /** The port the listener is bound to (useful with `port: 0`); undefined before `start`. */
  address(): number | undefined {
    return this.boundPort;
  }

  stats(): TcpTransportStats {
    return {
      ...this.peers.counters.snapshot(this.peers.live.size, this.peers.dials.values()),
      ...this.admission.stats(),
    };
  }

  async start(self: NodeName, options: TransportStartOptions = {}): Promise<void> {
    if (this.state !== 'new')
      throw new LifecycleError(`the tcp transport cannot start when ${this.state}`);
    this.selfName = self;
    this.admits = options.verdict ?? options.admit;
    this.state = 'started';
    this.peers.open(self);
    const host = this.options.host ?? hostOf(self);
    const server = this.sockets.createServer(this.onSocket);
    // First of the `connection` listeners: a socket over a cap is closed before TLS or a
    // Connection spends anything on it.
    server.prependListener('connection', this.admission.admit);
    this.server = server;
    try {
      this.boundPort = await listen(server, host, this.options.port, this.strangers);
    } catch (err) {
      this.state = 'stopped';
      throw err;
    }
    server.on('error', (err) => this.emitSafely('error', toMusterError(err, TcpErrorCode.listen)));
    await this.portMapping.publish(self, this.boundPort);
    this.logger.debug({ self, host, port: this.boundPort }, 'tcp transport listening');
  }

  async stop(): Promise<void> {
    if (this.state !== 'started') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    const live = this.peers.close();
    this.admission.stop();
    const server = this.server!;
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const closing: Promise<void>[] = [];
    for (const conn of live) {
      closing.push(conn.closedSocket());
      conn.leave(LINGER_MS);
    }
    await Promise.all(closing);
    await serverClosed;
    await this.portMapping.close().catch((err: unknown) => {
      this.logger.warn({ detail: (err as Error).message }, 'port mapping close failed');
    });
    this.state = 'stopped';
  }

  /**
   * Dials `node` (see Transport.dial). Only a proven connection counts as up: a hello that
   * merely claims to come from that node (not authenticated yet) never settles a dial. A
   * second call while a dial to `node` is in flight joins it (its signal is ignored).
   */
  dial(node: NodeName, { signal }: DialOptions): Promise<void> {
    if (this.state !== 'started') {
      return Promise.reject(
        this.state === 'new'
          ? new LifecycleError('dial called before the tcp transport started')
          : new ConnectError(node, ConnectErrorCode.aborted, 'the tcp transport is stopping'),
      );
    }
    if (node === this.selfName || this.up.has(node)) return Promise.resolve();
    const existing = this.peers.dials.get(node)?.outcome;
    if (existing !== undefined) return existing.promise;
    if (signal.aborted) {
      return Promise.reject(new ConnectError(node, ConnectErrorCode.aborted, 'connect aborted'));
    }
    const conn = new Connection(this.host, true, this.clock.now(), node);
    const outcome = new DialOutcome(signal, () => conn.close('aborted', 'connect aborted'));
    conn.outcome = outcome;
    this.peers.add(conn);
    openDial(conn, node, this.portMapping, this.sockets, signal, this.peers.counters.countDial);
    return outcome.promise;
  }

  async disconnect(node: NodeName): Promise<void> {
    const conn = this.up.get(node) ?? this.peers.dials.get(node);
    if (conn === undefined) return;
    const closed = conn.closedSocket();
    conn.close('disconnect', undefined, LINGER_MS);
    await closed;
  }

  isConnected(node: NodeName): boolean {
    return this.up.has(node);
  }

  nodes(): NodeName[] {
    return [...this.up.keys()];
  }

  /**
   * Queues a message for `node`. False when it was not queued: `node` is not connected, or
   * `maxSendBuffer` bytes already wait for it (then `drain` fires for it once it has room).
   */
  send(node: NodeName, topic: string, payload: unknown): boolean {
    return this.trySend(node, topic, payload) === 'queued';
  }

  /** `send`, saying why a message was not queued (see SendResult). */
  trySend(node: NodeName, topic: string, payload: unknown): SendResult {
    const conn = this.up.get(node);
    if (conn === undefined) return 'not_connected';
    return conn.queue(encodeMessage(topic, payload, this.maxFrameSize)) ? 'queued' : 'buffer_full';
  }

  /** Queues a message for every connected node; returns how many queued it (see `send`). */
  broadcast(topic: string, payload: unknown): number {
    let frame: Buffer | undefined;
    let sent = 0;
    for (const conn of this.up.values()) {
      frame ??= encodeMessage(topic, payload, this.maxFrameSize);
      if (conn.queue(frame)) sent++;
    }
    return sent;
  }

  /** `broadcast`, naming the nodes it skipped for a full send buffer. */
  tryBroadcast(topic: string, payload: unknown): BroadcastResult {
    let frame: Buffer | undefined;
    let queued = 0;
    const bufferFull: NodeName[] = [];
    for (const [node, conn] of this.up) {
      frame ??= encodeMessage(topic, payload, this.maxFrameSize);
      if (conn.queue(frame)) queued++;
      else bufferFull.push(node);
    }
    return { queued, bufferFull };
  }

  /** Connected nodes whose send buffer is full: what `broadcast` skipped. */
  fullNodes(): NodeName[] {
    const full: NodeName[] = [];
    for (const [node, conn] of this.up) if (conn.full) full.push(node);
    return full;
  }

  // ---- what connections call (through `host`) ---------------------------------------------

  private admit(from: NodeName): RefuseCode | 0 | Promise<RefuseCode | 0> {
    const now = this.peers.wireCheck(from);
    if (now !== 0 || this.admits === undefined) return now;
    const verdict = this.admits(from);
    if (typeof verdict !== 'object') return admitCode(verdict);
    // Discovery is asked first; what the wire looks like may have changed when it answers.
    return verdict.then(
      (v) => admitCode(v) || this.peers.wireCheck(from),
      () => RefuseCode.notAllowed,
    );
  }

  /** The connections' view of this transport: one object shared by all of them. */
  private makeHost(cookie: string, options: TcpTransportOptions): ConnectionHost {
    const transport = this;
    return {
      get self() {
        return transport.self;
      },
      proof: new CookieProof(cookie),
      // This transport's own (no state is shared between transports of one process).
      challenges: new ChallengePool(),
      maxFrameSize: options.maxFrameSize,
      maxMessageDepth: options.maxMessageDepth,
      maxSendBuffer: options.maxSendBuffer,
      logger: this.logger,
      strangers: this.strangers,
      macScratch: new MacScratch(),
      tls: options.tls !== undefined,
      upgrade: (socket: Socket, peer: NodeName) => this.sockets.upgrade!(socket, hostOf(peer)),
      admit: (from: NodeName) => this.admit(from),
      connectionUp: (conn: Connection) => this.peers.connectionUp(conn),
      connectionClosed: (conn: Connection, reason: CloseReason, detail: string | undefined) =>
        this.peers.connectionClosed(conn, reason, detail),
      drained: (link: Link) => {
        if (this.up.get(link.peer!) === link) this.emitSafely('drain', link.peer!);
      },
      message: (from: NodeName, topic: string, payload: unknown) =>
        this.emitSafely('message', from, topic, payload),
    };
  }

  // ---- internals -------------------------------------------------------------------------

  private readonly onSocket = (socket: Socket): void => {
    if (this.state !== 'started') {
      socket.destroy();
      return;
    }
    if (socket.destroyed) return; // over a cap (admission), or gone during TLS
    this.peers.counters.accepted++;
    const key = this.admission.keyOf(socket);
    // The deadline runs from the TCP accept, so time spent in TLS counts.
    const conn = new Connection(this.host, false, this.admission.attach(key) ?? this.clock.now());
    conn.admissionKey = key;
    this.peers.add(conn);
    conn.attach(socket);
  };

  private emitSafely<E extends keyof TransportEvents>(
    event: E,
    ...args: Parameters<TransportEvents[E]>
  ): void {
    try {
      (this.emit as (e: E, ...a: Parameters<TransportEvents[E]>) => boolean)(event, ...args);
    } catch (err) {
      this.logger.error({ event, detail: (err as Error)?.message }, 'a transport listener threw');
    }
  }
}
