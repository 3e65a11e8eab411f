import type { DependencyContainer } from 'tsyringe';
import type { DnsLookup } from '../dns/dns-resolver.js';
import type { NodeDownReason } from '../transport/transport.js';
import type { Clock } from './clock.js';
import type { ConnectSlots } from './connect-slots.js';
import type { ConnectError, MusterError } from './errors.js';
import type { NodeName } from './node-name.js';
import type { NodeDiff } from './node-set-diff.js';
import type { ReconcilerStats } from './reconciler.js';

export interface ClusterEvents {
  nodeup: (node: NodeName) => void;
  nodedown: (node: NodeName, reason: NodeDownReason, detail?: string) => void;
  message: (from: NodeName, topic: string, payload: unknown) => void;
  /**
   * `node`'s send buffer, full when a `send` or `broadcast` was refused (`buffer_full`), has
   * room again: send to it again (Node's stream `drain`). Only transports with a send buffer
   * (tcp) fire it.
   */
  drain: (node: NodeName) => void;
  /** A topology's diff as it arrived (before debouncing). */
  diff: (diff: NodeDiff, topology: string) => void;
  /** A discovery poll failed; the topology keeps the nodes it knew. */
  'discovery:error': (error: MusterError, topology: string) => void;
  'discovery:warning': (error: MusterError, topology: string) => void;
  'transport:error': (error: MusterError) => void;
  /**
   * A connect to `node` failed (`error.code` says why, see docs/errors.md). A failure retrying
   * cannot fix (`error.permanent`: cookie, name or version mismatch) is emitted once per node
   * until it connects; the node is then retried at `retry.maxDelay`.
   */
  'connect:error': (node: NodeName, error: ConnectError) => void;
  /**
   * This node's own discovery listed it and no longer does: it was taken out of rotation
   * (readiness, health check, drain). Drain here. With `admit: 'wanted'` it dials nobody until
   * `self:restored` (its peers would refuse it); it keeps its connections and still admits
   * what its topologies want. See docs/membership.md.
   */
  'self:removed': () => void;
  /** This node's discovery lists it again; dialing resumes. */
  'self:restored': () => void;
}

export interface ClusterStats extends ReconcilerStats {
  nodeups: number;
  nodedowns: number;
  discoveryErrors: number;
  /** Gauges, read at the time of the call. */
  wanted: number;
  connected: number;
  inFlight: number;
  pendingRetries: number;
  /** Failed connects since start, by `ConnectError.code`. */
  connectErrors: Record<string, number>;
  /** Discovery polls started because an unknown peer dialed in (docs/membership.md). */
  admissionPolls: number;
  /** Proven inbound peers refused because nothing here wants them (`not_allowed`). */
  admissionRefusals: number;
}

/**
 * `createCluster(config, options)`'s second argument: what tests and embedders may swap; users
 * normally pass nothing. See docs/transports.md ("How many dials at once", registering a
 * transport kind in one cluster's own container).
 */
export interface CreateClusterOptions {
  /** Every timer and reading of time (default: systemClock); tests pass a fake one. */
  readonly clock?: Clock;
  /** A number in [0, 1) for retry jitter (default: Math.random). */
  readonly random?: () => number;
  /** Where `${VAR}` placeholders are read (default: process.env). */
  readonly env?: Record<string, string | undefined>;
  /**
   * Bounds the connects running at once. Each cluster makes its own (`connectConcurrency`);
   * many clusters in one process (tests, benchmarks) may share one to bound the process.
   */
  readonly connectSlots?: ConnectSlots;
  /**
   * The DNS resolver this cluster's strategies use (tests, embedders with their own DNS):
   * given to each strategy as `StrategyContext.resolver`. Default: each DNS strategy builds
   * its own from its `resolvConf`.
   */
  readonly resolver?: DnsLookup;
  /**
   * Where this cluster looks up strategies, transport kinds and identity providers by name
   * (default: the default container, where `registerStrategy` registers). The cluster runs in
   * a child of it, holding its logger, clock and transport; each topology in a child of that.
   */
  readonly container?: DependencyContainer;
}
