import type { Clock, TimerHandle } from '../../core/clock.js';

/**
 * One timer for many connections: calls `sweep` every `periodMs` while running. Ticks and
 * handshake deadlines are checked by walking the connections on each sweep, so an idle
 * connection costs no timer of its own.
 */
export class Sweeper {
  private handle: TimerHandle | undefined;
  private running = false;

  constructor(
    private readonly clock: Clock,
    readonly periodMs: number,
    private readonly sweep: () => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private schedule(): void {
    this.handle = this.clock.setTimeout(this.run, this.periodMs);
  }

  private readonly run = (): void => {
    if (!this.running) return;
    try {
      this.sweep();
    } finally {
      if (this.running) this.schedule();
    }
  };
}
