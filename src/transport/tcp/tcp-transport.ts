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
import type {
  DialOptions,
  NodeDownReason,
  Transport,
  TransportContext,
  TransportEvents,
  TransportStartOptions,
} from '../transport.js';
import type { CloseReason } from './close-reason.js';
import { Connection, type ConnectionHost } from './connection.js';
import { checkCookie } from './cookie-key.js';
import { TcpCounters, type TcpTransportStats } from './counters.js';
import { connectErrorFor, DialOutcome } from './dial-outcome.js';
import { createPortMapping, openDial } from './dialer.js';
import { MacScratch } from './frame-mac.js';
import { HandshakeAdmission } from './handshake-admission.js';
import { admitCode, RefuseCode } from './handshake-codec.js';
import { ChallengePool, CookieProof } from './handshake-crypto.js';
import { listen } from './listener.js';
import { sweepHandshakes, sweepTicks, TICK_SWEEPS } from './liveness.js';
import { encodeMessage } from './message-codec.js';
import type { PortMapping } from './port-mapping.js';
import { RateLimitedLog } from './rate-limited-log.js';
import { decideHello, decideUp, outgoingWins } from './simultaneous-connect.js';
import { createSocketFactory, type SocketFactory } from './socket-factory.js';
import { Sweeper } from './sweeper.js';
import { TcpErrorCode } from './tcp-errors.js';
import type { TcpTransportOptions } from './tcp-options.js';

/** How long a half-closed socket (refusal, leaving) may linger before it is destroyed. */
const LINGER_MS = 1_000;

export type { TcpTransportStats } from './counters.js';

/**
 * The default transport: authenticated TCP (or TLS) connections, one per pair of nodes.
 * See docs/transports.md for the wire format and the handshake.
 */
export class TcpTransport
  extends EventEmitter<TransportEvents>
  implements Transport, ConnectionHost
{
  readonly proof: CookieProof;
  /** This transport's own (no state is shared between transports of one process). */
  readonly challenges = new ChallengePool();
  readonly maxFrameSize: number;
  readonly maxMessageDepth: number;
  readonly maxSendBuffer: number;
  readonly tls: boolean;
  readonly macScratch = new MacScratch();
  readonly logger: Logger;
  /** Warnings strangers can cause at will (unproven sockets): rate-limited. */
  readonly strangers: RateLimitedLog;
  /** Accepted sockets until they prove the cookie: caps and the deadline from accept. */
  private readonly admission: HandshakeAdmission;
  private selfName: NodeName | undefined;
  private readonly clock: Clock;
  private readonly sockets: SocketFactory;
  private readonly portMapping: PortMapping;
  /** The one authenticated connection per peer: what `nodes()` lists. */
  private readonly up = new Map<NodeName, Connection>();
  /** Our own dial per peer until it is up: resolving its port or handshaking. */
  private readonly dials = new Map<NodeName, Connection>();
  /** Every connection not closed yet, registered or not. Incoming ones before they authenticate
   * are only here, nameless: a hello names its sender only once its proof checks. */
  private readonly live = new Set<Connection>();
  /** Connections under a handshake deadline (and peers' losing dials we let them close). */
  private readonly handshaking = new Set<Connection>();
  private readonly counters = new TcpCounters();
  /** Asked per proven inbound peer (the cluster's admission); absent: admit all. */
  private admits: TransportStartOptions['verdict'] | TransportStartOptions['admit'];
  private readonly tickSweeper: Sweeper;
  private readonly handshakeSweeper: Sweeper;
  private server: Server | undefined;
  private boundPort: number | undefined;
  private state: 'new' | 'started' | 'stopping' | 'stopped' = 'new';

  constructor(
    private readonly options: TcpTransportOptions,
    context: TransportContext,
  ) {
    super();
    checkCookie(context.cookie);
    this.proof = new CookieProof(context.cookie);
    this.logger = context.logger.child({ component: 'tcp-transport' });
    this.clock = context.clock;
    this.maxFrameSize = options.maxFrameSize;
    this.maxMessageDepth = options.maxMessageDepth;
    this.maxSendBuffer = options.maxSendBuffer;
    this.tls = options.tls !== undefined;
    this.strangers = new RateLimitedLog(this.logger, this.clock);
    this.admission = new HandshakeAdmission(options, this.clock, this.strangers);
    this.sockets = createSocketFactory(options);
    this.portMapping = createPortMapping(options, this.logger);
    this.tickSweeper = new Sweeper(
      this.clock,
      Math.max(1, Math.floor(options.tickTime / TICK_SWEEPS)),
      this.sweepTicks,
    );
    this.handshakeSweeper = new Sweeper(
      this.clock,
      Math.max(1, Math.floor(options.handshakeTimeout / 4)),
      this.sweepHandshakes,
    );
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
      ...this.counters.snapshot(this.live.size, this.dials.values()),
      ...this.admission.stats(),
    };
  }

  async start(self: NodeName, options: TransportStartOptions = {}): Promise<void> {
    if (this.state !== 'new')
      throw new LifecycleError(`the tcp transport cannot start when ${this.state}`);
    this.selfName = self;
    this.admits = options.verdict ?? options.admit;
    this.state = 'started';
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
    this.tickSweeper.stop();
    this.handshakeSweeper.stop();
    this.admission.stop();
    const server = this.server!;
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const closing: Promise<void>[] = [];
    for (const conn of [...this.live]) {
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
    const existing = this.dials.get(node)?.outcome;
    if (existing !== undefined) return existing.promise;
    if (signal.aborted) {
      return Promise.reject(new ConnectError(node, ConnectErrorCode.aborted, 'connect aborted'));
    }
    const conn = new Connection(this, true, this.clock.now(), node);
    const outcome = new DialOutcome(signal, () => conn.close('aborted', 'connect aborted'));
    conn.outcome = outcome;
    this.dials.set(node, conn);
    this.live.add(conn);
    this.handshaking.add(conn);
    this.handshakeSweeper.start();
    openDial(conn, node, this.portMapping, this.sockets, signal, this.counters.countDial);
    return outcome.promise;
  }

  async disconnect(node: NodeName): Promise<void> {
    const conn = this.up.get(node) ?? this.dials.get(node);
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
    const conn = this.up.get(node);
    if (conn === undefined) return false;
    return conn.queue(encodeMessage(topic, payload, this.maxFrameSize));
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

  /** Connected nodes whose send buffer is full: what `broadcast` skipped. */
  fullNodes(): NodeName[] {
    const full: NodeName[] = [];
    for (const [node, conn] of this.up) if (conn.full) full.push(node);
    return full;
  }

  // ---- ConnectionHost -------------------------------------------------------------------

  admit(from: NodeName): RefuseCode | 0 | Promise<RefuseCode | 0> {
    const now = this.wireCheck(from);
    if (now !== 0 || this.admits === undefined) return now;
    const verdict = this.admits(from);
    if (typeof verdict !== 'object') return admitCode(verdict);
    // Discovery is asked first; what the wire looks like may have changed when it answers.
    return verdict.then(
      (v) => admitCode(v) || this.wireCheck(from),
      () => RefuseCode.notAllowed,
    );
  }

  /** Refusals that depend on this transport alone: stopping, or a simultaneous connect. */
  private wireCheck(from: NodeName): RefuseCode | 0 {
    if (this.state !== 'started') return RefuseCode.stopping;
    const dial = this.dials.get(from);
    const dialOnWire =
      (dial !== undefined && dial.state !== 'resolving') || this.up.get(from)?.outgoing === true;
    return decideHello(this.self, from, { dialOnWire }) === 'refuse' ? RefuseCode.simultaneous : 0;
  }

  upgrade(socket: Socket, peer: NodeName): Socket {
    return this.sockets.upgrade!(socket, hostOf(peer));
  }

  connectionUp(conn: Connection): void {
    this.handshaking.delete(conn);
    if (conn.admissionKey !== undefined) this.admission.settle(conn.admissionKey);
    const peer = conn.peer!;
    if (this.dials.get(peer) === conn) this.dials.delete(peer);
    if (this.state !== 'started') {
      conn.close('stopped', undefined);
    } else {
      this.settleUp(conn, peer);
    }
  }

  connectionClosed(conn: Connection, reason: CloseReason, detail: string | undefined): void {
    this.live.delete(conn);
    this.handshaking.delete(conn);
    if (!conn.wasUp) this.counters.failed(conn, reason);
    const peer = conn.peer;
    if (peer !== undefined) this.forget(conn, peer, reason, detail);
  }

  drained(conn: Connection): void {
    if (this.up.get(conn.peer!) === conn) this.emitSafely('drain', conn.peer!);
  }

  message(from: NodeName, topic: string, payload: unknown): void {
    this.emitSafely('message', from, topic, payload);
  }

  // ---- internals -------------------------------------------------------------------------

  private readonly onSocket = (socket: Socket): void => {
    if (this.state !== 'started') {
      socket.destroy();
      return;
    }
    if (socket.destroyed) return; // over a cap (admission), or gone during TLS
    this.counters.accepted++;
    const key = this.admission.keyOf(socket);
    // The deadline runs from the TCP accept, so time spent in TLS counts.
    const conn = new Connection(this, false, this.admission.attach(key) ?? this.clock.now());
    conn.admissionKey = key;
    this.live.add(conn);
    this.handshaking.add(conn);
    this.handshakeSweeper.start();
    conn.attach(socket);
  };

  /** A connection to `peer` has just proven the cookie: apply the one-per-pair rule. */
  private settleUp(conn: Connection, peer: NodeName): void {
    const current = this.up.get(peer);
    switch (decideUp(this.self, peer, conn.outgoing, current)) {
      case 'replace':
        // Closed while still registered: nodedown for the connection the peer lost.
        current!.close('closed', 'replaced by a new connection from the same node');
        this.register(conn, peer, true);
        break;
      case 'register':
        this.register(conn, peer, true);
        break;
      case 'swap':
        this.register(conn, peer, false);
        current!.close('superseded', 'lost a simultaneous connect');
        break;
      case 'lose':
        // Our dial closes at once. The peer's dial is the peer's to close (it may not have seen
        // ours up yet, and a close racing its reply would look like a nodedown there); cut it
        // only if it lingers past a handshake timeout.
        if (conn.outgoing) conn.close('superseded', 'lost a simultaneous connect');
        else {
          conn.startedAt = this.clock.now();
          this.handshaking.add(conn);
        }
        return;
    }
    const dial = this.dials.get(peer);
    // A dial not on the wire yet is not needed any more; one on the wire that loses the rule
    // goes; one that wins goes on and takes over when it is up (swap).
    if (dial !== undefined && (dial.state === 'resolving' || !outgoingWins(this.self, peer))) {
      dial.close('superseded', 'a connection from the peer came up first');
    }
    if (this.up.get(peer) === conn) conn.outcome?.settle();
  }

  private register(conn: Connection, peer: NodeName, announce: boolean): void {
    this.up.set(peer, conn);
    this.tickSweeper.start();
    if (announce) this.emitSafely('nodeup', peer);
  }

  /**
   * A connection to `peer` closed: unregister it, and settle its dial. A dial whose peer is up
   * anyway (the other direction won) succeeded; otherwise it rejects with why it closed.
   */
  private forget(
    conn: Connection,
    peer: NodeName,
    reason: CloseReason,
    detail: string | undefined,
  ): void {
    if (this.dials.get(peer) === conn) this.dials.delete(peer);
    if (this.up.get(peer) === conn) {
      this.up.delete(peer);
      const down = nodeDownReason(reason);
      if (down !== 'stopped' && down !== 'disconnect' && down !== 'shutdown') {
        this.logger.info({ peer, reason: down, detail }, 'node down');
      }
      this.emitSafely('nodedown', peer, down, detail);
    }
    const outcome = conn.outcome;
    if (outcome === undefined) return;
    if (this.up.has(peer)) outcome.settle();
    else {
      const { refusedWith, socketError, heard } = conn;
      const tls = this.options.tls !== undefined;
      outcome.settle(
        connectErrorFor(peer, { reason, detail, refusedWith, socketError, heard, tls }),
      );
    }
  }

  private readonly sweepTicks = (): void => {
    // Sleeps while there is nothing to watch; register() wakes it.
    if (this.up.size === 0) this.tickSweeper.stop();
    sweepTicks(this.up, this.options.tickTime);
  };

  private readonly sweepHandshakes = (): void => {
    // Sleeps while no handshake runs; launch() and onSocket wake it.
    if (this.handshaking.size === 0) this.handshakeSweeper.stop();
    sweepHandshakes(
      this.handshaking,
      this.clock.now(),
      this.options.handshakeTimeout,
      this.logger,
      this.strangers,
    );
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

/** A registered connection only closes for a nodedown reason; anything else reads as `closed`. */
function nodeDownReason(reason: CloseReason): NodeDownReason {
  switch (reason) {
    case 'shutdown':
    case 'disconnect':
    case 'stopped':
    case 'closed':
    case 'tick_timeout':
    case 'protocol_error':
    case 'frame_too_large':
    case 'send_stalled':
      return reason;
    default:
      return 'closed';
  }
}
