import type { EventEmitter } from 'eventemitter3';
import type { Clock } from '../core/clock.js';
import type { MusterError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { NodeName } from '../core/node-name.js';

/**
 * Why a node went down. `shutdown` means the peer left on purpose and must not be redialed
 * until discovery reports it again; every other reason is a failure worth retrying.
 */
export type NodeDownReason =
  | 'shutdown'
  | 'disconnect'
  | 'closed'
  | 'tick_timeout'
  | 'protocol_error'
  | 'frame_too_large'
  | 'stopped'
  | (string & {});

export interface TransportEvents {
  /** A connection to `node` is established and authenticated (either side dialed). */
  nodeup: (node: NodeName) => void;
  /** The connection to `node` is gone. Fired once per `nodeup`. */
  nodedown: (node: NodeName, reason: NodeDownReason, detail?: string) => void;
  message: (from: NodeName, topic: string, payload: unknown) => void;
  /** `send` to `node` returned false for a full send buffer, and it has room again (tcp). */
  drain: (node: NodeName) => void;
  /** Something went wrong that concerns no single connection (listen failed, a stray socket). */
  error: (error: MusterError) => void;
}

/**
 * How the cluster reaches its peers. The manager dedupes and retries; a transport only has to
 * connect once when asked and report edges truthfully.
 */
export interface Transport extends EventEmitter<TransportEvents> {
  /** Starts listening (if it listens) as `self`. */
  start(self: NodeName): Promise<void>;
  /** Leaves gracefully: peers are told, then every connection closes. */
  stop(): Promise<void>;
  /** Resolves true when connected (already or now), false when the peer cannot be reached. */
  connect(node: NodeName): Promise<boolean>;
  /**
   * Gives up a connect to `node` in flight, if any (the manager's timeout or cancel): its
   * promise resolves `false`. A transport whose connects cannot be stopped does nothing.
   */
  abortConnect(node: NodeName): void;
  disconnect(node: NodeName): Promise<void>;
  isConnected(node: NodeName): boolean;
  nodes(): NodeName[];
  /** False when `node` is not connected, or the message was not queued (a full send buffer). */
  send(node: NodeName, topic: string, payload: unknown): boolean;
  /** Sends to every connected node; returns how many it was queued for. */
  broadcast(topic: string, payload: unknown): number;
}

/** What the core gives a transport factory. */
export interface TransportContext {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly cookie: string | undefined;
}
