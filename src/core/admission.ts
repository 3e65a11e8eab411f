import type { Clock, TimerHandle } from './clock.js';
import type { NodeName } from './node-name.js';
import { PromiseWaiters } from './promise-waiters.js';
import type { Strategy } from './strategy.js';

/** Which proven inbound peers an acceptor lets in (the cluster's `admit` setting). */
export type AdmitMode = 'wanted' | 'any';

export interface AdmissionOptions {
  readonly mode: AdmitMode;
  /** Whether a topology lists `node` now. */
  readonly wants: (node: NodeName) => boolean;
  /** The running topologies' strategies (read at each question: they start after the transport). */
  readonly strategies: () => Iterable<Strategy>;
  readonly clock: Clock;
  /** How long a question about an unknown peer may wait for the polls it asked for. */
  readonly waitMs: number;
  /** The least time between two admission-triggered polls of one topology. */
  readonly minPollIntervalMs: number;
  /** Counts each poll admission starts (`stats().admissionPolls`). */
  readonly onPoll: () => void;
  /** A peer was refused (`stats().admissionRefusals`). */
  readonly onRefused: (peer: NodeName) => void;
}

/** One topology's admission-triggered poll: at most one in flight, spaced by the interval. */
interface PollGate {
  inFlight: Promise<void> | undefined;
  lastStartedAt: number;
  /** Its first answer is in. Until then a question waits for that answer, not a new poll. */
  reported: boolean;
}

/**
 * Decides whether a proven inbound peer may connect (Erlang's net_kernel `allow` list, filled
 * by discovery). A peer a topology wants, or one the application connected to, is admitted at
 * once. An unknown peer is not refused at once: a new node often dials before our last poll
 * saw its record, so every pollable topology is asked again now and the answer waits for
 * those polls, at most `waitMs`. Polls are coalesced (one in flight per topology; a question
 * during it joins it) and rate-limited (a question within `minPollIntervalMs` of the last
 * admission poll waits for one poll at the end of that interval, if the wait allows it).
 */
export class Admission {
  private readonly gates = new WeakMap<Strategy, PollGate>();
  /** Questions waiting, per peer (a peer dialing twice at once shares one answer). */
  private readonly pending = new Map<NodeName, Promise<boolean>>();
  private readonly timers = new Set<TimerHandle>();
  private readonly wake = new Set<() => void>();
  /** The questions waiting on each poll (or first answer) in flight. */
  private readonly waiters = new PromiseWaiters<void>();
  /**
   * Nodes the application called `connect()` for: admitted like wanted ones until it calls
   * `disconnect()` for them or discovery removes them (removal wins; it may connect again).
   */
  private readonly manual = new Set<NodeName>();
  private active = true;

  constructor(private readonly o: AdmissionOptions) {}

  /**
   * A topology starts: until its first answer is in (`ready`), an unknown peer waits for that
   * answer instead of asking for another poll (a whole mesh starting at once would otherwise
   * poll twice).
   */
  track(strategy: Strategy): void {
    const gate: PollGate = {
      inFlight: undefined,
      lastStartedAt: Number.NEGATIVE_INFINITY,
      reported: false,
    };
    this.gates.set(strategy, gate);
    void strategy.ready.then(() => {
      gate.reported = true;
    });
  }

  /** The application connects to `node` (Node.connect): it may also dial us. */
  allow(node: NodeName): void {
    this.manual.add(node);
  }

  /** The application disconnected `node`, or discovery removed it. */
  forget(node: NodeName): void {
    this.manual.delete(node);
  }

  /**
   * The transport's admission hook: true/false at once when the answer is known, a promise
   * when polls must answer first.
   */
  readonly admit = (peer: NodeName): boolean | Promise<boolean> => {
    const now = this.decide(peer);
    if (now === false) this.o.onRefused(peer);
    else if (now !== true) {
      return now.then((ok) => {
        if (!ok) this.o.onRefused(peer);
        return ok;
      });
    }
    return now;
  };

  private decide(peer: NodeName): boolean | Promise<boolean> {
    if (!this.active) return false;
    if (this.o.mode === 'any' || this.wanted(peer)) return true;
    const polls: Promise<void>[] = [];
    for (const strategy of this.o.strategies()) {
      if (typeof strategy.pollNow === 'function') polls.push(this.poll(strategy));
    }
    if (polls.length === 0) return false;
    let answer = this.pending.get(peer);
    if (answer === undefined) {
      answer = this.await(peer, polls).finally(() => this.pending.delete(peer));
      this.pending.set(peer, answer);
    }
    return answer;
  }

  private wanted(peer: NodeName): boolean {
    return this.manual.has(peer) || this.o.wants(peer);
  }

  /** Every waiting question is answered now, with what is known; no poll is started again. */
  stop(): void {
    this.active = false;
    for (const t of this.timers) this.o.clock.clearTimeout(t);
    this.timers.clear();
    for (const wake of [...this.wake]) wake();
  }

  /** Resolves as soon as the peer is wanted, once every poll ended, or after `waitMs`. */
  private await(peer: NodeName, polls: Promise<void>[]): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let left = polls.length;
      let leaves: (() => void)[] = [];
      const done = () => {
        if (!this.wake.delete(done)) return;
        this.o.clock.clearTimeout(timer);
        this.timers.delete(timer);
        for (const leave of leaves) leave();
        resolve(this.active && this.wanted(peer));
      };
      this.wake.add(done);
      const timer = this.o.clock.setTimeout(done, this.o.waitMs, true);
      this.timers.add(timer);
      // Through `waiters`: a question that timed out must not stay hung on a poll that never ends.
      leaves = polls.map((p) =>
        this.waiters.join(p, () => {
          left--;
          if (left === 0 || this.wanted(peer)) done();
        }),
      );
    });
  }

  /** Joins the topology's admission poll in flight, or starts one (now or when allowed). */
  private poll(strategy: Strategy): Promise<void> {
    let gate = this.gates.get(strategy);
    if (gate === undefined) {
      gate = { inFlight: undefined, lastStartedAt: Number.NEGATIVE_INFINITY, reported: true };
      this.gates.set(strategy, gate);
    }
    if (gate.inFlight !== undefined) return gate.inFlight;
    if (!gate.reported) return strategy.ready;
    const g = gate;
    const delay = Math.max(0, g.lastStartedAt + this.o.minPollIntervalMs - this.o.clock.now());
    g.inFlight = new Promise<void>((resolve) => {
      const start = () => {
        if (!this.active) return resolve();
        g.lastStartedAt = this.o.clock.now();
        this.o.onPoll();
        strategy.pollNow!().then(resolve, resolve);
      };
      if (delay === 0) return start();
      // Rate-limited: one poll at the end of the interval serves every question until then.
      const timer = this.o.clock.setTimeout(
        () => {
          this.timers.delete(timer);
          start();
        },
        delay,
        true,
      );
      this.timers.add(timer);
    }).finally(() => {
      g.inFlight = undefined;
    });
    return g.inFlight;
  }
}
