import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { NodeName } from '../../core/node-name.js';
import type { NodeDownReason } from '../transport.js';
import { type CloseReason, nodeDownReason } from './close-reason.js';
import type { Connection } from './connection.js';
import { TcpCounters } from './counters.js';
import { connectErrorFor } from './dial-outcome.js';
import type { HandshakeAdmission } from './handshake-admission.js';
import { RefuseCode } from './handshake-codec.js';
import { sweepHandshakes, sweepTicks, TICK_SWEEPS } from './liveness.js';
import type { RateLimitedLog } from './rate-limited-log.js';
import { decideHello, decideUp, outgoingWins } from './simultaneous-connect.js';
import { Sweeper } from './sweeper.js';

/** What the table needs of the transport's options. */
export interface PeerTableLimits {
  readonly tickTime: number;
  readonly handshakeTimeout: number;
  readonly tls?: unknown;
}

/** Where the table's edges go (the transport's emitter): out only, never back in. */
export interface PeerEdges {
  nodeup(peer: NodeName): void;
  nodedown(peer: NodeName, reason: NodeDownReason, detail: string | undefined): void;
}

/**
 * Every connection of one transport, by what it is: our dials, the one proven connection per
 * peer (Erlang's one connection per pair of nodes), those under a handshake deadline. Applies
 * the one-per-pair rule when a connection comes up, turns closes into `nodedown` and dial
 * outcomes, and drives the tick and handshake sweeps over its connections.
 */
export class PeerTable {
  /** The one authenticated connection per peer: what `nodes()` lists. */
  readonly up = new Map<NodeName, Connection>();
  /** Our own dial per peer until it is up: resolving its port or handshaking. */
  readonly dials = new Map<NodeName, Connection>();
  /** Every connection not closed yet, registered or not. Incoming ones before they authenticate
   * are only here, nameless: a hello names its sender only once its proof checks. */
  readonly live = new Set<Connection>();
  /** Connections under a handshake deadline (and peers' losing dials we let them close). */
  private readonly handshaking = new Set<Connection>();
  readonly counters = new TcpCounters();
  private self: NodeName | undefined;
  /** Between `open` and `close`: connections may come up. */
  private open_ = false;
  private readonly tickSweeper: Sweeper;
  private readonly handshakeSweeper: Sweeper;

  constructor(
    private readonly limits: PeerTableLimits,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly strangers: RateLimitedLog,
    private readonly admission: HandshakeAdmission,
    private readonly edges: PeerEdges,
  ) {
    this.tickSweeper = new Sweeper(
      clock,
      Math.max(1, Math.floor(limits.tickTime / TICK_SWEEPS)),
      this.sweepTicks,
    );
    this.handshakeSweeper = new Sweeper(
      clock,
      Math.max(1, Math.floor(limits.handshakeTimeout / 4)),
      this.sweepHandshakes,
    );
  }

  open(self: NodeName): void {
    this.self = self;
    this.open_ = true;
  }

  /** No connection comes up any more; the sweeps stop. Returns the connections still open. */
  close(): Connection[] {
    this.open_ = false;
    this.tickSweeper.stop();
    this.handshakeSweeper.stop();
    return [...this.live];
  }

  /** A dial or an accepted socket begins its handshake (a dial: registered under its peer). */
  add(conn: Connection): void {
    if (conn.outgoing) this.dials.set(conn.peer!, conn);
    this.live.add(conn);
    this.handshaking.add(conn);
    this.handshakeSweeper.start();
  }

  /** Refusals that depend on the wire alone: stopping, or a simultaneous connect. */
  wireCheck(from: NodeName): RefuseCode | 0 {
    if (!this.open_) return RefuseCode.stopping;
    const dial = this.dials.get(from);
    const dialOnWire =
      (dial !== undefined && dial.state !== 'resolving') || this.up.get(from)?.outgoing === true;
    return decideHello(this.self!, from, { dialOnWire }) === 'refuse' ? RefuseCode.simultaneous : 0;
  }

  /** `conn`'s peer has proven the cookie. */
  connectionUp(conn: Connection): void {
    this.handshaking.delete(conn);
    if (conn.admissionKey !== undefined) this.admission.settle(conn.admissionKey);
    const peer = conn.peer!;
    if (this.dials.get(peer) === conn) this.dials.delete(peer);
    if (!this.open_) conn.close('stopped', undefined);
    else this.settleUp(conn, peer);
  }

  /** `conn` closed (once per connection, whatever ended it). */
  connectionClosed(conn: Connection, reason: CloseReason, detail: string | undefined): void {
    this.live.delete(conn);
    this.handshaking.delete(conn);
    if (!conn.wasUp) this.counters.failed(conn, reason);
    const peer = conn.peer;
    if (peer !== undefined) this.forget(conn, peer, reason, detail);
  }

  /** A connection to `peer` has just proven the cookie: apply the one-per-pair rule. */
  private settleUp(conn: Connection, peer: NodeName): void {
    const current = this.up.get(peer);
    switch (decideUp(this.self!, peer, conn.outgoing, current)) {
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
    if (dial !== undefined && (dial.state === 'resolving' || !outgoingWins(this.self!, peer))) {
      dial.close('superseded', 'a connection from the peer came up first');
    }
    if (this.up.get(peer) === conn) conn.outcome?.settle();
  }

  private register(conn: Connection, peer: NodeName, announce: boolean): void {
    this.up.set(peer, conn);
    this.tickSweeper.start();
    if (announce) this.edges.nodeup(peer);
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
      this.edges.nodedown(peer, down, detail);
    }
    const outcome = conn.outcome;
    // A dial settled when it came up: building its ConnectError (a stack trace) is waste.
    if (outcome === undefined || outcome.done) return;
    if (this.up.has(peer)) outcome.settle();
    else {
      const { refusedWith, socketError, heard } = conn;
      const tls = this.limits.tls !== undefined;
      outcome.settle(
        connectErrorFor(peer, { reason, detail, refusedWith, socketError, heard, tls }),
      );
    }
  }

  private readonly sweepTicks = (): void => {
    // Sleeps while there is nothing to watch; register() wakes it.
    if (this.up.size === 0) this.tickSweeper.stop();
    sweepTicks(this.up, this.limits.tickTime);
  };

  private readonly sweepHandshakes = (): void => {
    // Sleeps while no handshake runs; add() wakes it.
    if (this.handshaking.size === 0) this.handshakeSweeper.stop();
    sweepHandshakes(
      this.handshaking,
      this.clock.now(),
      this.limits.handshakeTimeout,
      this.logger,
      this.strangers,
    );
  };
}
