import type { EventEmitter } from 'eventemitter3';
import type { Clock } from '../core/clock.js';
import type { MusterError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { NodeName } from '../core/node-name.js';

/**
 * Why a node went down (the `nodedown` event). A closed set: a transport maps whatever ended a
 * connection onto one of these.
 * - `shutdown`: the peer left on purpose (it sent `leaving`); not redialed until discovery
 *   reports it again.
 * - `disconnect`: this node asked (`cluster.disconnect`, or discovery dropped the node).
 * - `stopped`: this node is stopping.
 * - `closed`: the connection broke (reset, EOF, socket error) or the peer replaced it with a
 *   new one (a restart).
 * - `tick_timeout`: nothing arrived for `tickTime` (Erlang's net_ticktime).
 * - `protocol_error`: the peer sent bytes that break the protocol.
 * - `frame_too_large`: the peer sent a frame above `maxFrameSize`.
 * - `send_stalled`: the peer kept its send buffer full for a whole `tickTime` (alive, not
 *   reading).
 *
 * Every reason but `shutdown`, `disconnect` and `stopped` is a failure: a node still wanted is
 * dialed again with backoff.
 */
export type NodeDownReason =
  | 'shutdown'
  | 'disconnect'
  | 'stopped'
  | 'closed'
  | 'tick_timeout'
  | 'protocol_error'
  | 'frame_too_large'
  | 'send_stalled';

export interface TransportEvents {
  /** A connection to `node` is established and authenticated (either side dialed). */
  nodeup: (node: NodeName) => void;
  /** The connection to `node` is gone. Fired once per `nodeup`. */
  nodedown: (node: NodeName, reason: NodeDownReason, detail?: string) => void;
  message: (from: NodeName, topic: string, payload: unknown) => void;
  /**
   * A send or broadcast to `node` was refused for a full send buffer (`buffer_full`), and it
   * has room again: once per refusal spell, like a Node stream's `drain` (tcp).
   */
  drain: (node: NodeName) => void;
  /** Something went wrong that concerns no single connection (listen failed, a stray socket). */
  error: (error: MusterError) => void;
}

/**
 * What became of one message (`trySend`). A closed set, so a `switch` over it is exhaustive:
 * - `queued`: handed to the connection (what `send` returns true for); not yet delivered.
 * - `not_connected`: no connection to that node now; nothing was queued.
 * - `buffer_full`: connected, but `maxSendBuffer` bytes already wait for it (a peer that reads
 *   slower than we send): nothing was queued; `drain` fires for it when it has room again.
 * - `unsupported`: this transport carries no messages (`callback`, `none`).
 */
export type SendResult = 'queued' | 'not_connected' | 'buffer_full' | 'unsupported';

/** What became of one broadcast (`tryBroadcast`). */
export interface BroadcastResult {
  /** How many connected nodes it was queued for (what `broadcast` returns). */
  readonly queued: number;
  /** Connected nodes it was not queued for because their send buffer is full (see `drain`). */
  readonly bufferFull: readonly NodeName[];
}

export interface DialOptions {
  /**
   * Aborted by the connect queue when the connect times out or is no longer wanted: the
   * transport stops the dial and rejects (a rejection after the abort is ignored).
   */
  readonly signal: AbortSignal;
}

/** What the cluster tells a transport when it starts it. */
export interface TransportStartOptions {
  /**
   * Asked once per inbound peer whose name is proven (the cookie checked): false refuses it
   * (refusal `not_allowed`). A promise means the cluster is asking its discovery first: the
   * transport holds that handshake until it settles (the cluster answers within its
   * `admitWait`, below the handshake timeout), then re-checks what changed meanwhile.
   * Absent: every proven peer is admitted, as Erlang does. A transport without an inbound
   * handshake (`callback`, `none`) never asks.
   */
  readonly admit?: (peer: NodeName) => boolean | Promise<boolean>;
}

/**
 * How the cluster reaches its peers (js-libp2p's transport: dial once, return or throw). The
 * cluster's connect queue owns everything around a dial: dedupe, concurrency, timeout, retry,
 * and what a caller hears when two nodes dial each other at once. A transport:
 * - dials when asked and settles the dial truthfully (`dial`);
 * - keeps at most one connection per pair of nodes, and fires `nodeup`/`nodedown` for it
 *   whichever side dialed;
 * - is called by one owner: at most one `dial` per node at a time.
 * `test/helpers/transport-contract.ts` is the suite a transport must pass.
 */
export interface Transport extends EventEmitter<TransportEvents> {
  /** Starts listening (if it listens) as `self`. */
  start(self: NodeName, options?: TransportStartOptions): Promise<void>;
  /** Leaves gracefully: peers are told, then every connection closes; dials in flight reject. */
  stop(): Promise<void>;
  /**
   * Connects to `node`. Resolves once `node` is up (at once if it already is, whichever side
   * dialed); rejects with a `ConnectError` saying why not (`unreachable`, `refused` with its
   * `refusal`, `handshake failed`, `handshake timeout`, `TLS`, `aborted` when `signal` fires).
   * A transport never retries on its own and keeps no timeout but its handshake's.
   */
  dial(node: NodeName, options: DialOptions): Promise<void>;
  disconnect(node: NodeName): Promise<void>;
  isConnected(node: NodeName): boolean;
  nodes(): NodeName[];
  /** False when `node` is not connected, or the message was not queued (a full send buffer). */
  send(node: NodeName, topic: string, payload: unknown): boolean;
  /** Sends to every connected node; returns how many it was queued for. */
  broadcast(topic: string, payload: unknown): number;
  /**
   * Optional: `send` that says why a message was not queued. Without it the cluster reads a
   * false `send` through `isConnected` (connected: `buffer_full`, as `send`'s contract says).
   */
  trySend?(node: NodeName, topic: string, payload: unknown): SendResult;
  /**
   * Optional: `broadcast` that names the nodes it skipped for a full send buffer. Without it
   * the cluster sends once per connected node instead.
   */
  tryBroadcast?(topic: string, payload: unknown): BroadcastResult;
}

/** What the cluster gives a transport factory. */
export interface TransportContext {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly cookie: string | undefined;
}

/** Makes a transport for one cluster (the `transport` config may be one of these). */
export type TransportFactory = (context: TransportContext) => Transport;
