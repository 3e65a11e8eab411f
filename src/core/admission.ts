import type { Clock, TimerHandle } from './clock.js';
import type { NodeName } from './node-name.js';
import { PromiseWaiters } from './promise-waiters.js';
import type { Strategy } from './strategy.js';

/** Which proven inbound peers an acceptor lets in (the cluster's `admit` setting). */
export type AdmitMode = 'wanted' | 'any';

/**
 * An admission answer with its reason: `not_wanted` when discovery answered and lists the peer
 * nowhere; `discovery_unavailable` when a topology could not answer (its polls fail) and no
 * other lists the peer (docs/membership.md, "When discovery fails").
 */
export type AdmitVerdict = 'admitted' | 'not_wanted' | 'discovery_unavailable';

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
  /** A peer was refused (`stats().admissionRefusals`), and why. */
  readonly onRefused: (peer: NodeName, why: Exclude<AdmitVerdict, 'admitted'>) => void;
}

/** One topology's admission-triggered poll: at most one in flight, spaced by the interval. */
interface PollGate {
  /** Settles true when the poll answered, false when it failed. */
  inFlight: Promise<boolean> | undefined;
  /** The poll in flight waits for the end of the interval before it starts. */
  delayed: boolean;
  lastStartedAt: number;
  /** Its first answer is in. Until then a question waits for that answer, not a new poll. */
  reported: boolean;
  /** Settles true at the first answer, false at the first failure before it. */
  readonly first: Promise<boolean>;
  /** Its last poll failed (an `error` since its last answer): its source is down for now. */
  failing: boolean;
}

/**
 * Decides whether a proven inbound peer may connect (Erlang's net_kernel `allow` list, filled
 * by discovery). A peer a topology wants, or one the application connected to, is admitted at
 * once. An unknown peer is not refused at once: a new node often dials before our last poll
 * saw its record, so every pollable topology is asked again now and the answer waits for
 * those polls, at most `waitMs`. Polls are coalesced (one in flight per topology; a question
 * during it joins it) and rate-limited (a question within `minPollIntervalMs` of the last
 * admission poll waits for one poll at the end of that interval, if the wait allows it).
 *
 * When discovery fails, admission fails closed: known nodes stay admitted (a failed poll keeps
 * the set), an unknown peer is refused as `discovery_unavailable` as soon as the poll it asked
 * for fails, or at once when its topology is already failing and may not poll again yet.
 */
export class Admission {
  private readonly gates = new WeakMap<Strategy, PollGate>();
  /** Questions waiting, per peer (a peer dialing twice at once shares one answer). */
  private readonly pending = new Map<NodeName, Promise<AdmitVerdict>>();
  private readonly timers = new Set<TimerHandle>();
  private readonly wake = new Set<() => void>();
  private readonly unsubscribe: (() => void)[] = [];
  /** The questions waiting on each poll (or first answer) in flight. */
  private readonly waiters = new PromiseWaiters<boolean>();
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
   * poll twice). If that first poll fails, the next question polls again.
   */
  track(strategy: Strategy): void {
    this.gate(strategy, false);
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
    const now = this.verdict(peer);
    return typeof now === 'string' ? now === 'admitted' : now.then((v) => v === 'admitted');
  };

  /** The same question with the reason of a refusal (the tcp transport sends it as its code). */
  readonly verdict = (peer: NodeName): AdmitVerdict | Promise<AdmitVerdict> => {
    const now = this.decide(peer);
    if (typeof now === 'string') {
      if (now !== 'admitted') this.o.onRefused(peer, now);
      return now;
    }
    return now.then((v) => {
      if (v !== 'admitted') this.o.onRefused(peer, v);
      return v;
    });
  };

  private decide(peer: NodeName): AdmitVerdict | Promise<AdmitVerdict> {
    if (!this.active) return 'not_wanted';
    if (this.o.mode === 'any' || this.wanted(peer)) return 'admitted';
    const asked: { gate: PollGate; poll: Promise<boolean> }[] = [];
    let down = false;
    for (const strategy of this.o.strategies()) {
      if (typeof strategy.pollNow !== 'function') continue;
      const gate = this.gate(strategy, true);
      const poll = this.poll(strategy, gate);
      // Down and not allowed to poll again yet: do not hold the handshake for it.
      if (gate.failing && gate.delayed) down = true;
      else asked.push({ gate, poll });
    }
    if (asked.length === 0) return down ? 'discovery_unavailable' : 'not_wanted';
    let answer = this.pending.get(peer);
    if (answer === undefined) {
      answer = this.await(peer, asked, down).finally(() => this.pending.delete(peer));
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
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /**
   * Resolves as soon as the peer is wanted, once every poll ended, or after `waitMs`. Not
   * wanted then: `discovery_unavailable` if a topology could not answer, else `not_wanted`.
   */
  private await(
    peer: NodeName,
    asked: readonly { gate: PollGate; poll: Promise<boolean> }[],
    down: boolean,
  ): Promise<AdmitVerdict> {
    return new Promise<AdmitVerdict>((resolve) => {
      let left = asked.length;
      let failed = down;
      let leaves: (() => void)[] = [];
      const done = () => {
        if (!this.wake.delete(done)) return;
        this.o.clock.clearTimeout(timer);
        this.timers.delete(timer);
        for (const leave of leaves) leave();
        if (this.active && this.wanted(peer)) return resolve('admitted');
        const unavailable = failed || asked.some(({ gate }) => gate.failing);
        resolve(this.active && unavailable ? 'discovery_unavailable' : 'not_wanted');
      };
      this.wake.add(done);
      const timer = this.o.clock.setTimeout(done, this.o.waitMs, true);
      this.timers.add(timer);
      // Through `waiters`: a question that timed out must not stay hung on a poll that never ends.
      leaves = asked.map(({ poll }) =>
        this.waiters.join(poll, (answered) => {
          left--;
          if (!answered) failed = true;
          if (left === 0 || this.wanted(peer)) done();
        }),
      );
    });
  }

  /** The gate of `strategy`, made on first use; it follows the strategy's answers and failures. */
  private gate(strategy: Strategy, reported: boolean): PollGate {
    const known = this.gates.get(strategy);
    if (known !== undefined) return known;
    let settleFirst!: (answered: boolean) => void;
    const gate: PollGate = {
      inFlight: undefined,
      delayed: false,
      lastStartedAt: Number.NEGATIVE_INFINITY,
      reported,
      first: new Promise<boolean>((resolve) => {
        settleFirst = resolve;
      }),
      failing: false,
    };
    this.gates.set(strategy, gate);
    const failed = () => {
      gate.failing = true;
      settleFirst(false);
    };
    const answered = () => {
      gate.failing = false;
    };
    strategy.on('error', failed);
    strategy.on('diff', answered);
    this.unsubscribe.push(() => {
      strategy.off('error', failed);
      strategy.off('diff', answered);
    });
    if (!reported) {
      void strategy.ready.then(() => {
        gate.reported = true;
        gate.failing = false;
        settleFirst(true);
      });
    }
    return gate;
  }

  /**
   * Joins the topology's admission poll in flight, or starts one (now or when allowed).
   * Settles true when it answered, false when it failed.
   */
  private poll(strategy: Strategy, gate: PollGate): Promise<boolean> {
    if (gate.inFlight !== undefined) return gate.inFlight;
    // Its first poll is still running: wait for it (its failure ends the wait too).
    if (!gate.reported && !gate.failing) return gate.first;
    const delay = Math.max(0, gate.lastStartedAt + this.o.minPollIntervalMs - this.o.clock.now());
    gate.delayed = delay > 0;
    gate.inFlight = new Promise<boolean>((resolve) => {
      const start = () => {
        gate.delayed = false;
        if (!this.active) return resolve(false);
        gate.lastStartedAt = this.o.clock.now();
        this.o.onPoll();
        let failed = false;
        const onError = () => {
          failed = true;
        };
        strategy.on('error', onError);
        const settle = () => {
          strategy.off('error', onError);
          if (!failed) gate.failing = false;
          resolve(!failed);
        };
        strategy.pollNow!().then(settle, settle);
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
      gate.inFlight = undefined;
      gate.delayed = false;
    });
    return gate.inFlight;
  }
}
