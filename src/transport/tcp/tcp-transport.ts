import type { Server, Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import type { Clock } from '../../core/clock.js';
import { ConfigError, LifecycleError, TransportError, toMusterError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { hostOf, type NodeName } from '../../core/node-name.js';
import { EpmdPortMapping } from '../../epmd/epmd-port-mapping.js';
import type { NodeDownReason, Transport, TransportContext, TransportEvents } from '../transport.js';
import { Connection, type ConnectionHost } from './connection.js';
import { type Hello, RefuseCode } from './handshake-codec.js';
import { type ChallengePool, CookieProof, sharedChallengePool } from './handshake-crypto.js';
import { encodeMessage } from './message-codec.js';
import { type PendingConnect, PendingConnects } from './pending-connects.js';
import { FixedPortMapping, type PortMapping } from './port-mapping.js';
import { decideIncoming } from './simultaneous-connect.js';
import { createSocketFactory, type SocketFactory } from './socket-factory.js';
import { Sweeper } from './sweeper.js';
import { TcpErrorCode } from './tcp-errors.js';
import type { TcpTransportOptions } from './tcp-options.js';

/** A tick-timeout is declared after this many sweeps of silence (sweeps run every tickTime/8). */
const TICK_SWEEPS = 8;
/** A tick is sent after this many sweeps without a frame written (tickTime/4). */
const IDLE_SWEEPS = 2;
/** How long a half-closed socket (refusal, leaving) may linger before it is destroyed. */
const LINGER_MS = 1_000;

export interface TcpTransportStats {
  /** Sockets open right now, in any state (handshaking, up, lingering excluded). */
  readonly sockets: number;
  /** Sockets accepted / dialed since start. */
  readonly accepted: number;
  readonly dialed: number;
}

/**
 * The default transport: authenticated TCP (or TLS) connections, one per pair of nodes.
 * See docs/transports.md for the wire format and the handshake.
 */
export class TcpTransport
  extends EventEmitter<TransportEvents>
  implements Transport, ConnectionHost
{
  readonly proof: CookieProof;
  readonly challenges: ChallengePool = sharedChallengePool;
  readonly maxFrameSize: number;
  readonly logger: Logger;
  private selfName: NodeName | undefined;
  private readonly clock: Clock;
  private readonly sockets: SocketFactory;
  private readonly portMapping: PortMapping;
  /** The one registered connection per peer (handshaking or up). */
  private readonly conns = new Map<NodeName, Connection>();
  /** Every connection not closed yet, registered or not. */
  private readonly live = new Set<Connection>();
  private readonly handshaking = new Set<Connection>();
  private readonly attempts: PendingConnects;
  private readonly tickSweeper: Sweeper;
  private readonly handshakeSweeper: Sweeper;
  private server: Server | undefined;
  private boundPort: number | undefined;
  private state: 'new' | 'started' | 'stopping' | 'stopped' = 'new';
  private accepted = 0;
  private dialed = 0;

  constructor(
    private readonly options: TcpTransportOptions,
    context: TransportContext,
  ) {
    super();
    if (typeof context.cookie !== 'string' || context.cookie.length === 0) {
      throw new ConfigError(
        'cookie',
        'a non-empty string (the tcp transport requires a shared cookie)',
      );
    }
    this.proof = new CookieProof(context.cookie);
    this.logger = context.logger.child({ component: 'tcp-transport' });
    this.clock = context.clock;
    this.maxFrameSize = options.maxFrameSize;
    this.sockets = createSocketFactory(options);
    this.attempts = new PendingConnects(this.clock);
    this.portMapping = options.epmd
      ? new EpmdPortMapping({
          ...(typeof options.epmd === 'object' && options.epmd.port !== undefined
            ? { epmdPort: options.epmd.port }
            : {}),
          logger: this.logger,
        })
      : new FixedPortMapping(options.port);
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
    return { sockets: this.live.size, accepted: this.accepted, dialed: this.dialed };
  }

  async start(self: NodeName): Promise<void> {
    if (this.state !== 'new')
      throw new LifecycleError(`the tcp transport cannot start when ${this.state}`);
    this.selfName = self;
    this.state = 'started';
    const host = this.options.host ?? hostOf(self);
    const server = this.sockets.createServer(this.onSocket);
    this.server = server;
    server.on('tlsClientError', (err: Error, socket: Socket) => {
      this.logger.warn(
        { remote: `${socket.remoteAddress}:${socket.remotePort}`, detail: err.message },
        'tls client refused',
      );
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: this.options.port, backlog: 4096 }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      this.state = 'stopped';
      throw new TransportError(
        TcpErrorCode.listen,
        `cannot listen on ${host}:${this.options.port}: ${(err as Error).message}`,
        { cause: err },
      );
    }
    server.on('error', (err) => this.emitSafely('error', toMusterError(err, TcpErrorCode.listen)));
    const address = server.address();
    this.boundPort =
      typeof address === 'object' && address !== null ? address.port : this.options.port;
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
    const server = this.server!;
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const closing: Promise<void>[] = [];
    for (const conn of [...this.live]) {
      closing.push(conn.closedSocket());
      conn.leave(LINGER_MS);
    }
    this.attempts.settleAll(false);
    await Promise.all(closing);
    await serverClosed;
    await this.portMapping.close().catch((err: unknown) => {
      this.logger.warn({ detail: (err as Error).message }, 'port mapping close failed');
    });
    this.state = 'stopped';
  }

  connect(node: NodeName, signal?: AbortSignal): Promise<boolean> {
    if (this.state !== 'started') {
      return this.state === 'new'
        ? Promise.reject(new LifecycleError('connect called before the tcp transport started'))
        : Promise.resolve(false);
    }
    if (node === this.selfName) return Promise.resolve(true);
    const registered = this.conns.get(node);
    if (registered?.isUp) return Promise.resolve(true);
    const existing = this.attempts.get(node);
    if (existing !== undefined) return existing.promise;
    if (signal?.aborted) return Promise.resolve(false);
    const attempt = this.attempts.open(node, signal, this.abortAttempt);
    // An accepted connection from that node still handshaking: join it rather than dial.
    if (registered === undefined) this.dial(node);
    return attempt.promise;
  }

  async disconnect(node: NodeName): Promise<void> {
    const conn = this.conns.get(node);
    if (conn === undefined) return;
    const closed = conn.closedSocket();
    conn.close('disconnect', undefined, LINGER_MS);
    await closed;
  }

  isConnected(node: NodeName): boolean {
    return this.conns.get(node)?.isUp === true;
  }

  nodes(): NodeName[] {
    const out: NodeName[] = [];
    for (const [node, conn] of this.conns) if (conn.isUp) out.push(node);
    return out;
  }

  send(node: NodeName, topic: string, payload: unknown): boolean {
    const conn = this.conns.get(node);
    if (conn === undefined || !conn.isUp) return false;
    conn.write(encodeMessage(topic, payload, this.maxFrameSize));
    return true;
  }

  broadcast(topic: string, payload: unknown): number {
    let frame: Buffer | undefined;
    let sent = 0;
    for (const conn of this.conns.values()) {
      if (!conn.isUp) continue;
      frame ??= encodeMessage(topic, payload, this.maxFrameSize);
      conn.write(frame);
      sent++;
    }
    return sent;
  }

  // ---- ConnectionHost -------------------------------------------------------------------

  admit(conn: Connection, hello: Hello): RefuseCode | 0 {
    if (this.state !== 'started') return RefuseCode.stopping;
    const from = hello.from;
    if (from === this.selfName) return RefuseCode.wrongName;
    const existing = this.conns.get(from);
    switch (decideIncoming(this.self, from, existing)) {
      case 'refuse':
        return RefuseCode.simultaneous;
      case 'supersede':
        this.conns.set(from, conn);
        existing!.close('superseded', 'lost a simultaneous connect');
        return 0;
      case 'replace-after-auth':
        return 0;
      case 'accept':
        this.conns.set(from, conn);
        return 0;
    }
  }

  connectionUp(conn: Connection): void {
    this.handshaking.delete(conn);
    const peer = conn.peer!;
    const existing = this.conns.get(peer);
    if (existing !== undefined && existing !== conn) {
      existing.close('closed', 'replaced by a new connection from the same node');
    }
    if (this.state !== 'started') {
      conn.close('stopped', undefined);
      return;
    }
    this.conns.set(peer, conn);
    this.tickSweeper.start();
    this.emitSafely('nodeup', peer);
    const attempt = this.attempts.get(peer);
    if (attempt !== undefined && conn.isUp) this.attempts.settle(attempt, true);
  }

  connectionClosed(conn: Connection, reason: NodeDownReason, detail: string | undefined): void {
    this.live.delete(conn);
    this.handshaking.delete(conn);
    const peer = conn.peer;
    if (peer === undefined) return;
    if (this.conns.get(peer) === conn) {
      this.conns.delete(peer);
      if (conn.wasUp) {
        if (reason !== 'stopped' && reason !== 'disconnect' && reason !== 'shutdown') {
          this.logger.info({ peer, reason, detail }, 'node down');
        }
        this.emitSafely('nodedown', peer, reason, detail);
      }
    }
    const attempt = this.attempts.get(peer);
    if (attempt === undefined || this.conns.has(peer) || attempt.waitTimer !== undefined) return;
    if (conn.outgoing && conn.refusedWith === RefuseCode.simultaneous && this.state === 'started') {
      // The peer's dial wins; its hello may still be on the way. Wait for it, not forever.
      this.attempts.awaitWinner(attempt, this.options.handshakeTimeout, () => this.conns.has(peer));
      return;
    }
    this.attempts.settle(attempt, false);
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
    this.accepted++;
    const conn = new Connection(this, false, this.clock.now());
    this.track(conn);
    conn.attach(socket);
  };

  /** A new connection is live and handshaking: the handshake sweeper must watch it. */
  private track(conn: Connection): void {
    this.live.add(conn);
    this.handshaking.add(conn);
    this.handshakeSweeper.start();
  }

  private dial(node: NodeName): void {
    const conn = new Connection(this, true, this.clock.now(), node);
    this.conns.set(node, conn);
    this.track(conn);
    const port = this.portMapping.knownPort?.(node);
    if (port !== undefined) {
      this.dialed++;
      conn.attach(this.sockets.dial(hostOf(node), port));
      return;
    }
    this.portMapping.portOf(node, this.attempts.get(node)?.signal).then(
      (port) => {
        if (conn.state !== 'resolving') return;
        this.dialed++;
        conn.attach(this.sockets.dial(hostOf(node), port));
      },
      (err: unknown) => conn.close('unreachable', `no port for ${node}: ${(err as Error).message}`),
    );
  }

  private readonly abortAttempt = (attempt: PendingConnect): void => {
    const conn = this.conns.get(attempt.node);
    if (conn?.outgoing && !conn.isUp) conn.close('aborted', 'connect aborted');
    this.attempts.settle(attempt, false);
  };

  private readonly sweepTicks = (): void => {
    // Sleeps while there is nothing to watch; connectionUp wakes it.
    if (this.conns.size === 0) this.tickSweeper.stop();
    for (const conn of this.conns.values()) {
      if (!conn.isUp) continue;
      if (++conn.silentSweeps > TICK_SWEEPS) {
        conn.close('tick_timeout', `no data for ${this.options.tickTime} ms`);
        continue;
      }
      if (++conn.idleSweeps >= IDLE_SWEEPS) conn.tick();
    }
  };

  private readonly sweepHandshakes = (): void => {
    // Sleeps while no handshake runs; track() wakes it.
    if (this.handshaking.size === 0) this.handshakeSweeper.stop();
    const deadline = this.clock.now() - this.options.handshakeTimeout;
    for (const conn of this.handshaking) {
      if (conn.startedAt > deadline) continue;
      this.logger.warn(
        { peer: conn.peer, remote: conn.remoteAddress, outgoing: conn.outgoing },
        'tcp handshake timed out',
      );
      conn.close(
        'handshake_timeout',
        `handshake not finished within ${this.options.handshakeTimeout} ms`,
      );
    }
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
