import type { DialOptions } from '../transport/transport.js';
import type { Clock, TimerHandle } from './clock.js';
import type { ConnectSlots, SlotJob } from './connect-slots.js';
import { ConnectError, ConnectErrorCode } from './errors.js';
import type { NodeName } from './node-name.js';

/** What the queue drives: a transport, as far as connecting goes. */
export interface Dialer {
  dial(node: NodeName, options: DialOptions): Promise<void>;
}

/** How an attempt ended: `error` undefined when the node is up. One function for every node. */
export type ConnectDone = (node: NodeName, error: ConnectError | undefined) => void;

export interface ConnectQueueOptions {
  /** Bounds the attempts running at once (shared with other clusters if the caller says so). */
  readonly slots: ConnectSlots;
  /** An attempt not settled this long after it started is given up (`connectTimeout`). */
  readonly timeoutMs: number;
  readonly clock: Clock;
  /**
   * A dial given up (timeout, cancel) answered after all, either way: the caller already heard
   * it failed; the owner re-checks, and may have to undo a connection that came up meanwhile.
   */
  readonly onLateAnswer: (node: NodeName) => void;
}

type State = 'queued' | 'running' | 'awaiting-peer' | 'done';

class Attempt implements SlotJob {
  state: State = 'queued';
  /** clock.now() when it started running. */
  startedAt = 0;
  /** The queue's owner, if it asked through `dial`. */
  done: ConnectDone | undefined;
  /** Made only for callers of `connect` (a manual connect, or one that joins). */
  promise: Promise<ConnectError | undefined> | undefined;
  resolve: ((error: ConnectError | undefined) => void) | undefined;
  controller: AbortController | undefined;
  /** Whether this attempt holds one of the slots. */
  holdsSlot = false;

  constructor(
    readonly node: NodeName,
    private readonly queue: ConnectQueue,
  ) {}

  get cancelled(): boolean {
    return this.state === 'done';
  }

  start(): void {
    this.holdsSlot = true;
    this.queue.run(this);
  }
}

/**
 * The one owner of connects (js-libp2p's dial queue): at most one attempt per node (a second
 * caller joins the one in flight), at most `slots.limit` running at once, each given up after
 * `timeoutMs` through its AbortSignal, each settled with the transport's coded error or none.
 *
 * Simultaneous connects end here too: when the peer refuses our dial because its own dial to us
 * wins (refusal `simultaneous`), the attempt frees its slot and waits, within the same
 * deadline, for that connection's `nodeup` (`nodeUp`), and succeeds then.
 *
 * A large join runs thousands of attempts, so each is kept small: the owner's `dial` takes one
 * shared callback instead of a promise per attempt, and one timer sweeps the attempts under a
 * deadline instead of a timer each.
 */
export class ConnectQueue {
  private readonly attempts = new Map<NodeName, Attempt>();
  /** Attempts under a deadline: running, or awaiting the peer's connection. */
  private readonly timed = new Set<Attempt>();
  private sweepTimer: TimerHandle | undefined;

  constructor(
    private readonly dialer: Dialer,
    private readonly options: ConnectQueueOptions,
  ) {}

  /** Joins the attempt for `node` in flight, or queues a new one. Never rejects. */
  connect(node: NodeName): Promise<ConnectError | undefined> {
    const attempt = this.attempts.get(node) ?? this.enqueue(node);
    attempt.promise ??= new Promise((resolve) => {
      attempt.resolve = resolve;
    });
    return attempt.promise;
  }

  /**
   * Like `connect`, for the queue's owner: `done(node, error)` is called once when the attempt
   * ends, joining one in flight (a manual connect) if there is one.
   */
  dial(node: NodeName, done: ConnectDone): void {
    const existing = this.attempts.get(node);
    if (existing !== undefined) {
      existing.done ??= done;
      return;
    }
    this.enqueue(node).done = done;
  }

  has(node: NodeName): boolean {
    return this.attempts.has(node);
  }

  get inFlight(): number {
    return this.attempts.size;
  }

  /**
   * `node` is up (either side dialed): an attempt still queued is not needed and one awaiting
   * the peer's connection has it. Both succeed. A running dial answers for itself.
   */
  nodeUp(node: NodeName): void {
    const attempt = this.attempts.get(node);
    if (attempt === undefined || attempt.state === 'running') return;
    this.finish(attempt, undefined);
  }

  /** Drops a queued attempt or aborts a running one; its callers hear `aborted`. */
  cancel(node: NodeName): void {
    const attempt = this.attempts.get(node);
    if (attempt !== undefined) this.giveUp(attempt, ConnectErrorCode.aborted, 'cancelled');
  }

  cancelAll(): void {
    for (const node of [...this.attempts.keys()]) this.cancel(node);
  }

  private enqueue(node: NodeName): Attempt {
    const attempt = new Attempt(node, this);
    this.attempts.set(node, attempt);
    this.options.slots.enter(attempt);
    return attempt;
  }

  /** @internal Its slot came (Attempt.start). */
  run(attempt: Attempt): void {
    attempt.state = 'running';
    attempt.startedAt = this.options.clock.now();
    attempt.controller = new AbortController();
    this.timed.add(attempt);
    this.armSweep();
    let result: Promise<void>;
    try {
      result = this.dialer.dial(attempt.node, { signal: attempt.controller.signal });
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      () => this.answered(attempt, undefined),
      (err: unknown) => this.answered(attempt, asConnectError(attempt.node, err)),
    );
  }

  private answered(attempt: Attempt, error: ConnectError | undefined): void {
    if (attempt.state !== 'running') {
      // Given up already (timeout, cancel): the owner re-checks what came up meanwhile.
      this.options.onLateAnswer(attempt.node);
      return;
    }
    if (error?.refusal === 'simultaneous') {
      // The peer's dial wins and its hello is on its way: wait for its nodeup (see nodeUp),
      // within this attempt's deadline, without holding a slot.
      attempt.state = 'awaiting-peer';
      this.releaseSlot(attempt);
      return;
    }
    this.finish(attempt, error);
  }

  /** Timed out or cancelled: settled now, its dial aborted; a late answer is ignored. */
  private giveUp(attempt: Attempt, code: ConnectErrorCode, why: string): void {
    if (attempt.state === 'done') return;
    attempt.controller?.abort();
    this.finish(attempt, new ConnectError(attempt.node, code, why));
  }

  private finish(attempt: Attempt, error: ConnectError | undefined): void {
    attempt.state = 'done';
    this.timed.delete(attempt);
    if (this.attempts.get(attempt.node) === attempt) this.attempts.delete(attempt.node);
    this.releaseSlot(attempt);
    // Nothing left to watch: no timer outlives the work (a stopped cluster holds none).
    if (this.timed.size === 0 && this.sweepTimer !== undefined) {
      this.options.clock.clearTimeout(this.sweepTimer);
      this.sweepTimer = undefined;
    }
    attempt.resolve?.(error);
    attempt.done?.(attempt.node, error);
  }

  private releaseSlot(attempt: Attempt): void {
    if (!attempt.holdsSlot) return;
    attempt.holdsSlot = false;
    this.options.slots.leave();
  }

  /**
   * One timer while anything is under a deadline, every quarter of the timeout: an attempt is
   * given up between 1 and 1.25 timeouts after it started.
   */
  private armSweep(): void {
    if (this.sweepTimer !== undefined) return;
    const every = Math.max(1, Math.floor(this.options.timeoutMs / 4));
    this.sweepTimer = this.options.clock.setTimeout(() => {
      this.sweepTimer = undefined;
      const deadline = this.options.clock.now() - this.options.timeoutMs;
      for (const attempt of [...this.timed]) {
        if (attempt.startedAt > deadline) continue;
        const waited = attempt.state === 'awaiting-peer' ? ' (waited for its own dial)' : '';
        this.giveUp(
          attempt,
          ConnectErrorCode.timeout,
          `not up within ${this.options.timeoutMs} ms${waited}`,
        );
      }
      if (this.timed.size > 0) this.armSweep();
    }, every);
  }
}

/** A transport that breaks the contract (throws something else) still yields a coded error. */
function asConnectError(node: NodeName, err: unknown): ConnectError {
  if (err instanceof ConnectError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ConnectError(node, ConnectErrorCode.unreachable, message, { cause: err });
}
