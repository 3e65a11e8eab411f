import type { Clock, TimerHandle } from './clock.js';
import type { NodeName } from './node-name.js';

/** A yield is renewed while this node is busy connecting, at most this many times. */
export const MAX_YIELD_RENEWALS = 40;

/** What a yield asks of its owner when it ends. */
export interface DialYieldHost {
  /** Re-checked when a yield ends in a dial: the world may have changed since it began. The
   * owner deletes a wait itself when its node comes up or is no longer wanted. */
  stillNeedsDial(node: NodeName): boolean;
  /** Busy connecting: the peer's dial is likely still on its way, so the wait is renewed. */
  busy(): boolean;
  dial(node: NodeName): void;
}

interface Waiting {
  /** clock.now() from which this wait may end. */
  due: number;
  renewals: number;
}

/**
 * The dials a node holds back for a while (see Reconciler.shouldYield), all driven by one timer:
 * a full mesh holds thousands at once, and a timer each (re-armed at every renewal) cost more
 * CPU than the handshakes they were waiting for.
 *
 * A wait lasts between `waitMs / 2` and `waitMs` (the sweep's jitter). Waits that end at the
 * same sweep are decided together: renewed while the host is busy (up to MAX_YIELD_RENEWALS
 * times), else dialed if still needed. Deciding a batch as one matters: dialing some of them
 * makes the node busy, and one by one the rest would be held back again and again, a trickle
 * of dials with the connect queue nearly idle.
 */
export class DialYields {
  private readonly waiting = new Map<NodeName, Waiting>();
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly waitMs: number,
    private readonly random: () => number,
    private readonly host: DialYieldHost,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  has(node: NodeName): boolean {
    return this.waiting.has(node);
  }

  add(node: NodeName): void {
    const due = this.clock.now() + this.waitMs / 2;
    this.waiting.set(node, { due, renewals: 0 });
    // An armed sweep fires no later than an earlier wait's end, so never after this one's.
    if (this.timer === undefined) this.arm(due);
  }

  /** Forgets `node`'s wait (it came up, or is not wanted any more). */
  delete(node: NodeName): boolean {
    return this.waiting.delete(node);
  }

  stop(): void {
    this.waiting.clear();
    this.disarm();
  }

  /** Sweeps at `due` plus up to half a wait of jitter, so nodes do not act in lockstep. */
  private arm(due: number): void {
    const at = due + Math.round(this.random() * (this.waitMs / 2));
    this.timer = this.clock.setTimeout(this.sweep, Math.max(0, at - this.clock.now()));
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    const now = this.clock.now();
    const busy = this.host.busy();
    const ready: NodeName[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [node, w] of this.waiting) {
      if (w.due > now) {
        next = Math.min(next, w.due);
      } else if (busy && w.renewals < MAX_YIELD_RENEWALS) {
        // Nothing to re-check yet: a node that came up or went unwanted was deleted already.
        w.renewals++;
        w.due = now + this.waitMs / 2;
        next = Math.min(next, w.due);
      } else {
        this.waiting.delete(node);
        if (this.host.stillNeedsDial(node)) ready.push(node);
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
    for (const node of ready) this.host.dial(node);
  };
}
