/** A job waiting for a slot: `start` runs it; a `cancelled` one is skipped. */
export interface SlotJob {
  readonly cancelled: boolean;
  start(): void;
}

/**
 * How many connects run at once (`connectConcurrency`), each holding its slot from the dial to
 * its answer. The event loop is what handshakes share: with tens of thousands in flight it
 * serves them all a little at a time, so every one finishes late, past its deadline, and the
 * retries pile more work on top (a congestion collapse). A bound keeps each handshake quick;
 * jobs beyond it wait their turn in order.
 *
 * Each cluster has its own. Many clusters in one process (tests, benchmarks) may share one by
 * passing it in (`ClusterOptions.connectSlots`), so the process as a whole stays bounded.
 */
export class ConnectSlots {
  private running = 0;
  private readonly waiting: SlotJob[] = [];
  private head = 0;

  constructor(readonly limit: number) {}

  /** Jobs waiting for a slot (cancelled ones included until they are skipped). */
  get queued(): number {
    return this.waiting.length - this.head;
  }

  get inUse(): number {
    return this.running;
  }

  /** Starts `job` now if a slot is free, else once one is; it must `leave()` when done. */
  enter(job: SlotJob): void {
    this.waiting.push(job);
    this.pump();
  }

  /** A started job ended: its slot is free. */
  leave(): void {
    this.running--;
    this.pump();
  }

  private pump(): void {
    while (this.running < this.limit && this.head < this.waiting.length) {
      const job = this.waiting[this.head++]!;
      if (job.cancelled) continue;
      this.running++;
      job.start();
    }
    if (this.head === this.waiting.length) {
      this.waiting.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}
