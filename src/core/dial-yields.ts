import type { Clock, TimerHandle } from './clock.js';
import type { NodeName } from './node-name.js';

/** A yield is renewed while this node is busy connecting, at most this many times. */
export const MAX_YIELD_RENEWALS = 40;

/** What a yield asks of its owner when it ends. */
export interface DialYieldHost {
  /** Re-checked when a yield ends: the world may have changed since it began. */
  stillNeedsDial(node: NodeName): boolean;
  /** Busy connecting: the peer's dial is likely still on its way, so the wait is renewed. */
  busy(): boolean;
  dial(node: NodeName): void;
}

interface Waiting {
  /** clock.now() when this wait ends. */
  due: number;
  renewals: number;
}

/**
 * The dials a node holds back for a while (see Reconciler.shouldYield), all driven by one timer:
 * a full mesh holds thousands at once, and a timer each (re-armed at every renewal) cost more
 * CPU than the handshakes they were waiting for. Each wait lasts `delay()` (jittered), is
 * renewed while the host is busy, up to MAX_YIELD_RENEWALS times, and then dials if the node
 * still needs it.
 */
export class DialYields {
  private readonly waiting = new Map<NodeName, Waiting>();
  private timer: TimerHandle | undefined;
  private timerDue = Number.POSITIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    private readonly delay: () => number,
    private readonly host: DialYieldHost,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  has(node: NodeName): boolean {
    return this.waiting.has(node);
  }

  add(node: NodeName): void {
    const due = this.clock.now() + this.delay();
    this.waiting.set(node, { due, renewals: 0 });
    if (due < this.timerDue) this.arm(due);
  }

  /** Forgets `node`'s wait (it came up, or is not wanted any more). */
  delete(node: NodeName): boolean {
    return this.waiting.delete(node);
  }

  stop(): void {
    this.waiting.clear();
    this.disarm();
  }

  private arm(due: number): void {
    this.disarm();
    this.timerDue = due;
    this.timer = this.clock.setTimeout(this.sweep, Math.max(0, due - this.clock.now()));
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const busy = this.host.busy();
    const ready: NodeName[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [node, w] of this.waiting) {
      if (w.due > now) {
        next = Math.min(next, w.due);
      } else if (!this.host.stillNeedsDial(node)) {
        this.waiting.delete(node);
      } else if (busy && w.renewals < MAX_YIELD_RENEWALS) {
        w.renewals++;
        w.due = now + this.delay();
        next = Math.min(next, w.due);
      } else {
        this.waiting.delete(node);
        ready.push(node);
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
    for (const node of ready) this.host.dial(node);
  };
}
