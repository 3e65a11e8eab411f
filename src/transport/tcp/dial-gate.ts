/**
 * Outgoing handshakes one process runs at once, across every transport in it. The event loop is
 * what handshakes share: with tens of thousands in flight it serves them all a little at a time,
 * so every one of them finishes late, past the handshake deadline, and the retries pile more work
 * on top (a congestion collapse). A bound keeps each handshake quick and the loop responsive;
 * dials beyond it wait their turn in order. One node per process, as deployed, never reaches it
 * (a connect queue runs 256 at most); many nodes in one process (tests, benchmarks) queue here.
 */
export const PROCESS_DIAL_LIMIT = 512;

/** A dial waiting for its turn: `start` puts it on the wire; a `cancelled` one is skipped. */
export interface GatedDial {
  readonly cancelled: boolean;
  start(): void;
}

export class DialGate {
  private running = 0;
  private readonly waiting: GatedDial[] = [];
  private head = 0;

  constructor(readonly limit: number) {}

  /** Dials waiting for a slot (cancelled ones included until they are skipped). */
  get queued(): number {
    return this.waiting.length - this.head;
  }

  get inFlight(): number {
    return this.running;
  }

  /** Starts `dial` now if a slot is free, else once one is; it must `leave()` when done. */
  enter(dial: GatedDial): void {
    this.waiting.push(dial);
    this.pump();
  }

  /** A started dial's handshake ended (up, failed or cancelled): its slot is free. */
  leave(): void {
    this.running--;
    this.pump();
  }

  private pump(): void {
    while (this.running < this.limit && this.head < this.waiting.length) {
      const dial = this.waiting[this.head++]!;
      if (dial.cancelled) continue;
      this.running++;
      dial.start();
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

/** The one gate of this process, shared by every TcpTransport in it. */
export const processDialGate = new DialGate(PROCESS_DIAL_LIMIT);
