import type { Clock, TimerHandle } from '../../core/clock.js';
import type { NodeName } from '../../core/node-name.js';

/** A `connect(node)` in flight; later callers for the same node join it. */
export class PendingConnect {
  readonly promise: Promise<boolean>;
  /** Set while we wait for the peer's winning dial after it refused ours. */
  waitTimer: TimerHandle | undefined;
  private resolve!: (ok: boolean) => void;
  private onAbort: (() => void) | undefined;

  constructor(
    readonly node: NodeName,
    readonly signal: AbortSignal | undefined,
  ) {
    this.promise = new Promise<boolean>((resolve) => {
      this.resolve = resolve;
    });
  }

  /** Calls `abort` once if `signal` fires before the attempt settles. */
  listenForAbort(abort: (attempt: PendingConnect) => void): void {
    if (this.signal === undefined) return;
    this.onAbort = () => abort(this);
    this.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** @internal Only PendingConnects settles (it also forgets the attempt). */
  finish(clock: Clock, ok: boolean): void {
    if (this.waitTimer !== undefined) clock.clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort);
    this.onAbort = undefined;
    this.resolve(ok);
  }
}

/**
 * The connects in flight, one per node (libp2p's dial queue, undici's dedupe): a map from node
 * to its pending attempt, removed when the attempt settles.
 */
export class PendingConnects {
  private readonly byNode = new Map<NodeName, PendingConnect>();

  constructor(private readonly clock: Clock) {}

  get(node: NodeName): PendingConnect | undefined {
    return this.byNode.get(node);
  }

  get size(): number {
    return this.byNode.size;
  }

  /** Registers a new attempt for `node`; `abort` runs if `signal` fires first. */
  open(
    node: NodeName,
    signal: AbortSignal | undefined,
    abort: (attempt: PendingConnect) => void,
  ): PendingConnect {
    const attempt = new PendingConnect(node, signal);
    attempt.listenForAbort(abort);
    this.byNode.set(node, attempt);
    return attempt;
  }

  /** Resolves the attempt's promise with `ok` (once; later calls are harmless) and forgets it. */
  settle(attempt: PendingConnect, ok: boolean): void {
    if (this.byNode.get(attempt.node) === attempt) this.byNode.delete(attempt.node);
    attempt.finish(this.clock, ok);
  }

  /** Settles every attempt with `ok` (the transport stops). */
  settleAll(ok: boolean): void {
    for (const attempt of [...this.byNode.values()]) this.settle(attempt, ok);
  }

  /**
   * Our dial was refused because the peer's dial wins: its hello may still be on the way. Waits
   * up to `ms` for it; then settles `false` unless `arrived()` says the peer's connection came.
   */
  awaitWinner(attempt: PendingConnect, ms: number, arrived: () => boolean): void {
    attempt.waitTimer = this.clock.setTimeout(() => {
      attempt.waitTimer = undefined;
      if (!arrived()) this.settle(attempt, false);
    }, ms);
  }
}
