import type { Clock, TimerHandle } from './clock.js';
import type { NodeName } from './node-name.js';

/** What the queue drives: a transport, as far as connecting goes. */
export interface Connector {
  connect(node: NodeName): Promise<boolean>;
  /** Gives up `node`'s connect in flight (it timed out or was cancelled). */
  abortConnect(node: NodeName): void;
}

/** Told how an attempt ended (the reconciler's handler: one function for every node). */
export type ConnectDone = (node: NodeName, ok: boolean) => void;

interface Attempt {
  readonly node: NodeName;
  state: 'queued' | 'running' | 'done';
  /** clock.now() when it started running. */
  startedAt: number;
  /** The queue's owner, if it asked through `dial`. */
  done: ConnectDone | undefined;
  /** Made only for callers of `connect` (a manual connect, or one that joins). */
  promise: Promise<boolean> | undefined;
  resolve: ((ok: boolean) => void) | undefined;
}

/**
 * At most one attempt per node, at most `concurrency` running at once (libp2p's dial queue,
 * undici's deduplicate interceptor): a second caller for a node joins the attempt in flight;
 * the entry is dropped when it settles. Every attempt has a timeout; `cancel` aborts one.
 *
 * A timeout or a cancel settles the attempt here and frees its slot at once, then asks the
 * connector to give the connect up; whatever the connector answers later is ignored. So a
 * connect that never settles (a user's callback that hangs) cannot hold a slot.
 *
 * A large join runs thousands of attempts, so each is kept small: the owner's `dial` takes one
 * shared callback instead of a promise per attempt, and one timer sweeps the running attempts
 * for timeouts instead of a timer each.
 */
export class ConnectQueue {
  private readonly attempts = new Map<NodeName, Attempt>();
  private readonly waiting: Attempt[] = [];
  private waitingHead = 0;
  private readonly running = new Set<Attempt>();
  private sweepTimer: TimerHandle | undefined;
  /**
   * Told when a connect given up by a timeout or a cancel answers after all (a connector that
   * could not stop it at once): the caller already heard `false`; the owner may have to undo a
   * connection that came up meanwhile.
   */
  onLateAnswer: ((node: NodeName) => void) | undefined;

  constructor(
    private readonly connector: Connector,
    private readonly options: { concurrency: number; timeoutMs: number; clock: Clock },
  ) {}

  /** Joins the attempt for `node` in flight, or queues a new one. Never rejects. */
  connect(node: NodeName): Promise<boolean> {
    const existing = this.attempts.get(node);
    const attempt = existing ?? this.enqueue(node);
    if (attempt.promise === undefined) {
      attempt.promise = new Promise<boolean>((resolve) => {
        attempt.resolve = resolve;
      });
    }
    if (existing === undefined) this.pump();
    return attempt.promise;
  }

  /**
   * Like `connect`, for the queue's owner: `done(node, ok)` is called once when the attempt
   * ends, joining one in flight (a manual connect) if there is one.
   */
  dial(node: NodeName, done: ConnectDone): void {
    const existing = this.attempts.get(node);
    if (existing !== undefined) {
      existing.done ??= done;
      return;
    }
    this.enqueue(node).done = done;
    this.pump();
  }

  has(node: NodeName): boolean {
    return this.attempts.has(node);
  }

  get inFlight(): number {
    return this.attempts.size;
  }

  /** Drops a queued attempt or aborts a running one; its callers get `false`. */
  cancel(node: NodeName): void {
    const attempt = this.attempts.get(node);
    if (!attempt) return;
    if (attempt.state === 'running') {
      this.giveUp(attempt);
    } else {
      attempt.state = 'done';
      this.settle(attempt, false);
    }
  }

  cancelAll(): void {
    for (const node of [...this.attempts.keys()]) this.cancel(node);
  }

  private enqueue(node: NodeName): Attempt {
    const attempt: Attempt = {
      node,
      state: 'queued',
      startedAt: 0,
      done: undefined,
      promise: undefined,
      resolve: undefined,
    };
    this.attempts.set(node, attempt);
    this.waiting.push(attempt);
    return attempt;
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.waitingHead < this.waiting.length) {
      const attempt = this.waiting[this.waitingHead++]!;
      if (attempt.state === 'queued') this.run(attempt);
    }
    // Compact the array once the consumed prefix dominates, keeping push/shift O(1) amortised.
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
  }

  private run(attempt: Attempt): void {
    attempt.state = 'running';
    attempt.startedAt = this.options.clock.now();
    this.running.add(attempt);
    this.armSweep();
    let result: Promise<boolean>;
    try {
      result = this.connector.connect(attempt.node);
    } catch {
      result = Promise.resolve(false);
    }
    result.then(
      (ok) => this.answered(attempt, ok === true),
      () => this.answered(attempt, false),
    );
  }

  private answered(attempt: Attempt, ok: boolean): void {
    if (attempt.state === 'running') this.finish(attempt, ok);
    else this.onLateAnswer?.(attempt.node);
  }

  /** Timed out or cancelled while running: settled `false` now, the connector told to stop. */
  private giveUp(attempt: Attempt): void {
    if (attempt.state !== 'running') return;
    this.connector.abortConnect(attempt.node);
    this.finish(attempt, false);
  }

  private finish(attempt: Attempt, ok: boolean): void {
    attempt.state = 'done';
    this.running.delete(attempt);
    this.settle(attempt, ok);
    this.pump();
    // Nothing left to watch: no timer outlives the work (a stopped cluster holds none).
    if (this.running.size === 0 && this.sweepTimer !== undefined) {
      this.options.clock.clearTimeout(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }

  private settle(attempt: Attempt, ok: boolean): void {
    if (this.attempts.get(attempt.node) === attempt) this.attempts.delete(attempt.node);
    attempt.resolve?.(ok);
    attempt.done?.(attempt.node, ok);
  }

  /**
   * One timer while anything runs, every quarter of the timeout: an attempt is given up between
   * 1 and 1.25 timeouts after it started.
   */
  private armSweep(): void {
    if (this.sweepTimer !== undefined) return;
    const every = Math.max(1, Math.floor(this.options.timeoutMs / 4));
    this.sweepTimer = this.options.clock.setTimeout(() => {
      this.sweepTimer = undefined;
      const deadline = this.options.clock.now() - this.options.timeoutMs;
      for (const attempt of [...this.running]) {
        if (attempt.startedAt <= deadline) this.giveUp(attempt);
      }
      if (this.running.size > 0) this.armSweep();
    }, every);
  }
}
