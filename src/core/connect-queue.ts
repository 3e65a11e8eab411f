import type { Clock, TimerHandle } from './clock.js';
import type { NodeName } from './node-name.js';

export type ConnectFn = (node: NodeName, signal: AbortSignal) => Promise<boolean>;

interface Attempt {
  readonly node: NodeName;
  readonly promise: Promise<boolean>;
  resolve(ok: boolean): void;
  /** Made when the attempt starts: thousands may wait in the queue at once. */
  abort: AbortController | undefined;
  cancelled: boolean;
  timer: TimerHandle | undefined;
}

/**
 * At most one attempt per node, at most `concurrency` running at once (libp2p's dial queue,
 * undici's deduplicate interceptor): a second caller for a node joins the attempt in flight;
 * the entry is dropped when it settles. Every attempt has a timeout; `cancel` aborts one.
 */
export class ConnectQueue {
  private readonly attempts = new Map<NodeName, Attempt>();
  private readonly waiting: Attempt[] = [];
  private waitingHead = 0;
  private running = 0;

  constructor(
    private readonly connectFn: ConnectFn,
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
    const attempt: Attempt = {
      node,
      promise,
      resolve,
      abort: undefined,
      cancelled: false,
      timer: undefined,
    };
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
    attempt.cancelled = true;
    if (attempt.abort) attempt.abort.abort();
    else this.settle(attempt, false);
  }

  cancelAll(): void {
    for (const node of [...this.attempts.keys()]) this.cancel(node);
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waitingHead < this.waiting.length) {
      const attempt = this.waiting[this.waitingHead++]!;
      if (attempt.cancelled || this.attempts.get(attempt.node) !== attempt) continue;
      this.run(attempt);
    }
    // Compact the array once the consumed prefix dominates, keeping push/shift O(1) amortised.
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
  }

  private run(attempt: Attempt): void {
    const abort = new AbortController();
    attempt.abort = abort;
    this.running++;
    attempt.timer = this.options.clock.setTimeout(() => abort.abort(), this.options.timeoutMs);
    let result: Promise<boolean>;
    try {
      result = this.connectFn(attempt.node, abort.signal);
    } catch {
      result = Promise.resolve(false);
    }
    result.then(
      (ok) => this.finish(attempt, ok === true && !abort.signal.aborted),
      () => this.finish(attempt, false),
    );
  }

  private finish(attempt: Attempt, ok: boolean): void {
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
