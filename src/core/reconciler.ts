import type { NodeDownReason, Transport } from '../transport/transport.js';
import { type BackoffPolicy, backoffDelay } from './backoff.js';
import type { Clock, TimerHandle } from './clock.js';
import type { ConnectQueue } from './connect-queue.js';
import { DialYields } from './dial-yields.js';
import { type ConnectError, ConnectErrorCode } from './errors.js';
import { Membership } from './membership.js';
import { compareNodeNames, type NodeName } from './node-name.js';
import type { NodeDiff } from './node-set-diff.js';
import { SelfPresence } from './self-presence.js';

/** Bound on remembered graceful departures (a Set in insertion order, oldest dropped). */
const MAX_REMEMBERED_DEPARTURES = 65_536;

export interface ReconcilerStats {
  connectAttempts: number;
  connects: number;
  connectFailures: number;
  retries: number;
}

export interface ReconcilerOptions {
  readonly self: NodeName;
  readonly transport: Transport;
  readonly queue: ConnectQueue;
  readonly clock: Clock;
  readonly debounceMs: number;
  /** How long the end of a pair whose name sorts last waits for the other's dial; 0: never. */
  readonly dialYieldMs: number;
  readonly retry: BackoffPolicy;
  readonly random: () => number;
  readonly stats: ReconcilerStats;
  /**
   * A connect failed (cancellations aside). `announce` is false for a permanent failure
   * (cookie, name, version) already announced for that node: it is told once until the node
   * connects, is no longer wanted, or fails differently.
   */
  readonly report: (node: NodeName, error: ConnectError, announce: boolean) => void;
  /**
   * Discovery stopped listing this node (`removed`), having listed it before, or lists it again
   * (`restored`). See SelfPresence.
   */
  readonly onSelf?: (change: 'removed' | 'restored') => void;
  /** While this node is out of its own discovery, dial nobody (admit: 'wanted'). */
  readonly holdDialsWhenRemoved?: boolean;
}

/**
 * Turns what the topologies want into connections, with Node.connect's semantics: diffs are
 * folded into one batch per debounce window; at the flush each touched node is compared with
 * what is connected or in flight, so a node added and removed in one window costs nothing.
 * A wanted node that fails or drops is retried with backoff until it connects or is unwanted
 * (libcluster #148: reconcile against the wanted set, not only against diffs).
 */
export class Reconciler {
  readonly membership = new Membership();
  private readonly touched = new Set<NodeName>();
  private readonly retryTimers = new Map<NodeName, TimerHandle>();
  /** First dials held back for the peer's dial (see shouldYield). */
  private readonly yields: DialYields;
  /** Failed connects in a row per node: the backoff's exponent. */
  private readonly failures = new Map<NodeName, number>();
  /** Nodes whose last failure was permanent, with what was reported (reported once). */
  private readonly permanent = new Map<NodeName, string>();
  /** Left on purpose (graceful shutdown): not redialed until discovery reports them again. */
  private readonly departed = new Set<NodeName>();
  /** Removed by a topology that said `disconnectOnRemove: false`. */
  private readonly keepOnRemove = new Set<NodeName>();
  private flushTimer: TimerHandle | undefined;
  /** Topologies yet to report for the first time (see awaitFirstReports). */
  private firstReports: Set<string> | undefined;
  private active = true;
  private readonly presence = new SelfPresence();
  /** clock.now() of the last nodeup of a peer we were yielding to: it dialed us as expected,
   * a sign that the others we wait for are on their way too. */
  private lastYieldAnsweredAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly o: ReconcilerOptions) {
    this.yields = new DialYields(o.clock, o.dialYieldMs, o.random, {
      stillNeedsDial: (node) => this.stillNeedsDial(node),
      busy: () => o.queue.inFlight > 0 || o.clock.now() - this.lastYieldAnsweredAt < o.dialYieldMs,
      dial: (node) => this.dial(node),
    });
  }

  /** A connect we gave up answered after all: undo what came up if nobody wants it now. */
  onLateAnswer(node: NodeName): void {
    if (this.active) this.undoIfUnwanted(node);
  }

  /**
   * The topologies that have not reported yet (the cluster is starting): the first report of
   * each is flushed at once instead of at the end of a debounce window. Nothing can fold into
   * it: another topology's first report only adds to the union, and this topology's next
   * report is a poll away. Waiting would only delay the join.
   */
  awaitFirstReports(topologies: readonly string[]): void {
    this.firstReports = new Set(topologies);
  }

  /** One topology's diff. `disconnectOnRemove` is that topology's setting. */
  applyDiff(topology: string, diff: NodeDiff, disconnectOnRemove: boolean): void {
    if (!this.active) return;
    if (!disconnectOnRemove) for (const node of diff.removed) this.keepOnRemove.add(node);
    this.membership.apply(topology, diff, this.markTouched);
    this.checkSelf();
    // Discovery dropping a node that left is what lets a later report bring it back.
    if (this.departed.size > 0) {
      for (const node of diff.removed) if (!this.membership.wants(node)) this.departed.delete(node);
    }
    this.reported(topology);
  }

  dropTopology(topology: string): void {
    this.membership.dropTopology(topology, this.markTouched);
    this.checkSelf();
    this.reported(topology);
  }

  /** Runs the pending batch now (tests, and `stop()` has no use for it). */
  flush(): void {
    if (this.flushTimer !== undefined) this.o.clock.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.active) return;
    for (const node of this.touched) this.reconcile(node);
    this.touched.clear();
  }

  wants(node: NodeName): boolean {
    return this.membership.wants(node);
  }

  /** A node came up (either side dialed). */
  onNodeUp(node: NodeName): void {
    if (this.yields.has(node)) this.lastYieldAnsweredAt = this.o.clock.now();
    this.o.queue.nodeUp(node);
    this.cancelRetry(node);
    this.failures.delete(node);
    this.permanent.delete(node);
    this.departed.delete(node);
  }

  /** A node went down: retry it if it is still wanted, unless it left on purpose. */
  onNodeDown(node: NodeName, reason: NodeDownReason): void {
    if (!this.active) return;
    if (reason === 'shutdown') {
      // Remembered even if discovery has not listed it yet: its stale record may come next.
      this.rememberDeparture(node);
      return;
    }
    if (!this.membership.wants(node)) return;
    if (!this.o.queue.has(node) && !this.isWaiting(node)) this.scheduleRetry(node);
  }

  /** A manual connect clears a graceful departure, as Node.connect would reach it again. */
  forgetDeparture(node: NodeName): void {
    this.departed.delete(node);
  }

  stop(): void {
    this.active = false;
    if (this.flushTimer !== undefined) this.o.clock.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const t of this.retryTimers.values()) this.o.clock.clearTimeout(t);
    this.retryTimers.clear();
    this.yields.stop();
    this.touched.clear();
  }

  /** Whether this node's own discovery took it out of rotation (see SelfPresence). */
  get selfRemoved(): boolean {
    return this.presence.removed;
  }

  private checkSelf(): void {
    const change = this.presence.update(this.membership.wants(this.o.self));
    if (change === undefined) return;
    // Back in rotation: every wanted node not connected is dialed again at the next flush.
    if (change === 'restored' && this.o.holdDialsWhenRemoved) {
      for (const node of this.membership.wanted()) this.touched.add(node);
    }
    this.o.onSelf?.(change);
  }

  private get holdingDials(): boolean {
    return this.presence.removed && this.o.holdDialsWhenRemoved === true;
  }

  /** Dials waiting for a retry's backoff or for a yield to end. */
  get pendingRetries(): number {
    return this.retryTimers.size + this.yields.size;
  }

  private isWaiting(node: NodeName): boolean {
    return this.retryTimers.has(node) || this.yields.has(node);
  }

  private rememberDeparture(node: NodeName): void {
    this.departed.delete(node);
    this.departed.add(node);
    // Departures of nodes discovery never drops would pile up: forget the oldest.
    if (this.departed.size > MAX_REMEMBERED_DEPARTURES) {
      this.departed.delete(this.departed.values().next().value as NodeName);
    }
  }

  private readonly markTouched = (node: NodeName): void => {
    this.touched.add(node);
  };

  private reported(topology: string): void {
    const waiting = this.firstReports;
    if (waiting?.delete(topology)) {
      if (waiting.size === 0) this.firstReports = undefined;
      this.flush();
      return;
    }
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.touched.size === 0) return;
    this.flushTimer = this.o.clock.setTimeout(
      () => {
        this.flushTimer = undefined;
        this.flush();
      },
      this.o.debounceMs,
      true,
    );
  }

  private reconcile(node: NodeName): void {
    if (node === this.o.self) return;
    const { transport, queue } = this.o;
    if (this.membership.wants(node)) {
      this.keepOnRemove.delete(node);
      if (transport.isConnected(node) || queue.has(node)) return;
      if (this.isWaiting(node) || this.departed.has(node) || this.holdingDials) return;
      if (this.shouldYield(node)) this.yields.add(node);
      else this.dial(node);
      return;
    }
    this.cancelRetry(node);
    this.failures.delete(node);
    this.permanent.delete(node);
    this.departed.delete(node);
    queue.cancel(node);
    const keep = this.keepOnRemove.delete(node);
    if (!keep && transport.isConnected(node)) void transport.disconnect(node);
  }

  private dial(node: NodeName): void {
    this.o.stats.connectAttempts++;
    this.o.queue.dial(node, this.dialed);
  }

  /** How a dial ended (one handler for every node: a large join makes no closure per dial). */
  private readonly dialed = (node: NodeName, error: ConnectError | undefined): void => {
    // Everything read before the dial is stale now: re-check (STYLE.md #5).
    if (!this.active || this.undoIfUnwanted(node)) return;
    if (error === undefined) {
      this.o.stats.connects++;
      this.failures.delete(node);
      this.permanent.delete(node);
      return;
    }
    if (error.code === ConnectErrorCode.aborted) return;
    this.o.stats.connectFailures++;
    this.tell(node, error);
    if (!this.o.transport.isConnected(node) && !this.departed.has(node) && !this.isWaiting(node)) {
      this.scheduleRetry(node, error.permanent);
    }
  };

  /** Reports a failure; a permanent one is announced only when it differs from the last. */
  private tell(node: NodeName, error: ConnectError): void {
    if (!error.permanent) {
      this.permanent.delete(node);
      this.o.report(node, error, true);
      return;
    }
    const what = `${error.code}:${error.refusal ?? ''}`;
    const announce = this.permanent.get(node) !== what;
    this.permanent.set(node, what);
    this.o.report(node, error, announce);
  }

  /**
   * Both ends of a pair usually learn of each other in the same poll. The end whose name sorts
   * last waits `dialYieldMs` for the other's dial before dialing itself, so a pair opens one
   * connection instead of two (Erlang's name comparison picks the same survivor either way).
   * Only a first attempt yields; a peer that never dials is dialed once the wait is over.
   * While this node is busy connecting (its own connects in flight, or peers it waited for came
   * up within the last yield), handshakes are slow and the peer's dial is likely still on its
   * way: the wait is renewed, up to MAX_YIELD_RENEWALS times. A quiet node dials after one
   * yield. See DialYields.
   */
  private shouldYield(node: NodeName): boolean {
    return (
      this.o.dialYieldMs > 0 && compareNodeNames(this.o.self, node) > 0 && !this.failures.has(node)
    );
  }

  /**
   * A node nobody wants any more whose connect won the race against its cancel is disconnected.
   * True when the node is unwanted (whether or not it was connected).
   */
  private undoIfUnwanted(node: NodeName): boolean {
    if (this.membership.wants(node)) return false;
    if (this.o.transport.isConnected(node)) void this.o.transport.disconnect(node);
    return true;
  }

  /** Re-checked when a delayed dial fires: the world may have changed since it was set. */
  private stillNeedsDial(node: NodeName): boolean {
    if (!this.active || !this.membership.wants(node) || this.departed.has(node)) return false;
    if (this.holdingDials) return false;
    return !this.o.transport.isConnected(node) && !this.o.queue.has(node);
  }

  /**
   * Dials `node` again after a backoff. A permanent failure (a cookie, name or version
   * mismatch) waits the longest delay at once: someone has to fix a config, hammering helps
   * nobody, and the peer would log every attempt.
   */
  private scheduleRetry(node: NodeName, slow = false): void {
    const failed = this.failures.get(node) ?? 0;
    this.failures.set(node, failed + 1);
    const attempt = slow ? Number.POSITIVE_INFINITY : failed;
    const timer = this.o.clock.setTimeout(
      () => {
        this.retryTimers.delete(node);
        if (!this.stillNeedsDial(node)) return;
        this.o.stats.retries++;
        this.dial(node);
      },
      backoffDelay(this.o.retry, attempt, this.o.random),
    );
    this.retryTimers.set(node, timer);
  }

  private cancelRetry(node: NodeName): void {
    this.yields.delete(node);
    const timer = this.retryTimers.get(node);
    if (timer === undefined) return;
    this.o.clock.clearTimeout(timer);
    this.retryTimers.delete(node);
  }
}
