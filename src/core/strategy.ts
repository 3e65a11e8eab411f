import { EventEmitter } from 'eventemitter3';
import type { DnsLookup } from '../dns/dns-resolver.js';
import type { Clock } from './clock.js';
import type { MusterError } from './errors.js';
import type { Logger } from './logger.js';
import type { NodeName } from './node-name.js';
import { diffNodeSets, isEmptyDiff, type NodeDiff, type PendingDiff } from './node-set-diff.js';

export interface StrategyEvents {
  /** What changed against the set this strategy last reported. Never emitted empty. */
  diff: (diff: NodeDiff) => void;
  /** A poll or lookup failed; the reported set is unchanged. */
  error: (error: MusterError) => void;
  /** Something was skipped but the poll went on (a malformed record, one bad host). */
  warning: (error: MusterError) => void;
}

/**
 * The discovery contract. A strategy reports who should be in the cluster; it never dials.
 * `start()` twice is a no-op, `stop()` without `start()` is a no-op, nothing is emitted after
 * `stop()` resolves.
 */
export interface Strategy extends EventEmitter<StrategyEvents> {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Settles after the first successful answer (or at stop); never rejects. */
  readonly ready: Promise<void>;
  /** The set currently reported, for `muster resolve` and debugging (live: copy to keep it). */
  known(): ReadonlySet<NodeName>;
  /**
   * Optional: asks the source again now and settles once that answer (or failure) is reported;
   * never rejects. Admission calls it when an unknown peer dials in (docs/membership.md); a
   * strategy without it (a static list, a watch) is taken to be current already.
   */
  pollNow?(): Promise<void>;
}

/** What the core injects into every strategy (libp2p's "components"). */
export interface StrategyContext<Config = unknown> {
  /** The topology's name as written in the config. */
  readonly topology: string;
  /** The validated `config` block of the topology. */
  readonly config: Config;
  /** A pino child logger bound to `{ topology, strategy }`. */
  readonly logger: Logger;
  readonly clock: Clock;
  /** This node's own name, for strategies that want to tell themselves apart. */
  readonly self: NodeName;
  /**
   * The DNS resolver the cluster was given (`CreateClusterOptions.resolver`), if any: a strategy
   * that resolves names uses it instead of building its own.
   */
  readonly resolver?: DnsLookup;
}

/**
 * A strategy class as registered by name. `parseConfig` validates the raw `config` block and
 * throws a ConfigError whose path is relative to that block (the core prefixes it).
 */
export interface StrategyClass<Config = unknown> {
  new (context: StrategyContext<Config>): Strategy;
  parseConfig?(raw: unknown): Config;
}

/** Convenience base: the event surface, lifecycle guards and the `known()` bookkeeping. */
export abstract class BaseStrategy<Config = unknown>
  extends EventEmitter<StrategyEvents>
  implements Strategy
{
  protected readonly context: StrategyContext<Config>;
  protected current = new Set<NodeName>();
  private running = false;
  private resolveReady!: () => void;
  readonly ready: Promise<void>;

  constructor(context: StrategyContext<Config>) {
    super();
    this.context = context;
    this.ready = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  known(): ReadonlySet<NodeName> {
    return this.current;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.onStart();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.onStop();
    this.markReady();
  }

  protected abstract onStart(): Promise<void> | void;
  protected abstract onStop(): Promise<void> | void;

  protected markReady(): void {
    this.resolveReady();
  }

  /** Replaces the reported set, emitting the minimal diff. Ignored once stopped. */
  protected report(next: Set<NodeName>): void {
    if (!this.running) return;
    // A strategy that knows nothing changed hands back `current` itself: skip the diff.
    if (next === this.current) {
      this.markReady();
      return;
    }
    const diff = diffNodeSets(this.current, next);
    this.current = next;
    this.markReady();
    if (!isEmptyDiff(diff)) this.emit('diff', diff);
  }

  /**
   * Reports a diff the strategy computed itself against what it last reported (a
   * KeyedNodeSet's), and commits it; such a strategy answers `known()` from its own set, so
   * no second set of names is kept. Ignored once stopped.
   */
  protected reportPending(pending: PendingDiff): void {
    if (!this.running) return;
    pending.commit();
    this.markReady();
    const { added, removed } = pending;
    if (added.length > 0 || removed.length > 0) this.emit('diff', { added, removed });
  }

  protected fail(error: MusterError): void {
    if (!this.running) return;
    this.context.logger.warn(
      { err: error, code: error.code },
      'discovery failed; keeping known nodes',
    );
    this.emit('error', error);
  }

  protected warn(error: MusterError): void {
    if (!this.running) return;
    this.context.logger.warn({ err: error, code: error.code }, error.message);
    this.emit('warning', error);
  }
}
