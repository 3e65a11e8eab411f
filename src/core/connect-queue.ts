import type { Clock, TimerHandle } from './clock.js';
import type { NodeName } from './node-name.js';

/** What the queue drives: a transport, as far as connecting goes. */
export interface Connector {
  connect(node: NodeName): Promise<boolean>;
  /** Gives up `node`'s connect in flight (it timed out or was cancelled). */
  abortConnect(node: NodeName): void;
}

interface Attempt {
  readonly node: NodeName;
  readonly promise: Promise<boolean>;
  resolve(ok: boolean): void;
  state: 'queued' | 'running' | 'done';
  timer: TimerHandle | undefined;
}

/**
 * At most one attempt per node, at most `concurrency` running at once (libp2p's dial queue,
 * undici's deduplicate interceptor): a second caller for a node joins the attempt in flight;
 * the entry is dropped when it settles. Every attempt has a timeout; `cancel` aborts one.
 *
 * A timeout or a cancel settles the attempt here and frees its slot at once, then asks the
 * connector to give the connect up; whatever the connector answers later is ignored. So a
 * connect that never settles (a user's callback that hangs) cannot hold a slot, and no
 * AbortController is made per attempt (thousands run during a large join).
 */
export class ConnectQueue {
  private readonly attempts = new Map<NodeName, Attempt>();
  private readonly waiting: Attempt[] = [];
  private waitingHead = 0;
  private running = 0;
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
    if (existing) return existing.promise;
    let resolve!: (ok: boolean) => void;
    const promise = new Promise<boolean>((r) => {
      resolve = r;
    });
    const attempt: Attempt = { node, promise, resolve, state: 'queued', timer: undefined };
    this.attempts.set(node, attempt);
    this.waiting.push(attempt);
    this.pump();
    return promise;
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

  private pump(): void {
    while (this.running < this.options.concurrency && this.waitingHead < this.waiting.length) {
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
    this.running++;
    attempt.timer = this.options.clock.setTimeout(
      () => this.giveUp(attempt),
      this.options.timeoutMs,
    );
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
    if (attempt.state !== 'running') return;
    attempt.state = 'done';
    this.running--;
    this.options.clock.clearTimeout(attempt.timer);
    this.settle(attempt, ok);
    this.pump();
  }

  private settle(attempt: Attempt, ok: boolean): void {
    if (this.attempts.get(attempt.node) === attempt) this.attempts.delete(attempt.node);
    attempt.resolve(ok);
  }
}
