import { backoffDelay } from '../../core/backoff.js';
import type { TimerHandle } from '../../core/clock.js';
import { MusterError } from '../../core/errors.js';
import { type NodeName, toNodeName } from '../../core/node-name.js';
import { BaseStrategy } from '../../core/strategy.js';
import { storeDefaults } from './store-config.js';
import {
  PeerDependencyMissingError,
  StoreEntryInvalidError,
  StoreUnavailableError,
} from './store-errors.js';
import type { StoreChange, StoreDriver, StoreListener, StoreSession } from './store-session.js';

type Change = { readonly join: boolean; readonly name: NodeName };

/** Entries already warned about; past this many the memory is cleared (a bound). */
const MAX_WARNED = 1_000;

/**
 * The loop the postgres, redis and etcd strategies share: "announce myself with an expiry,
 * watch everyone else". Connect, announce, read every entry and report it; then apply the
 * store's notifications, and (for heartbeat stores) announce and re-read every `cycleInterval`
 * so expired entries drop out. Expiry is always the store's business (its clock, its TTL):
 * this node's clock is used only to schedule its own timers.
 *
 * Any failure (an error, a dropped connection, an operation slower than `operationTimeout`)
 * closes the session, emits a coded StoreUnavailableError, keeps the known nodes and
 * reconnects with capped, jittered backoff; the new session announces and re-reads. A
 * missing client library (PeerDependencyMissingError) is emitted once and not retried.
 */
export abstract class StoreStrategy<Config> extends BaseStrategy<Config> {
  private driver: StoreDriver | undefined;
  private session: StoreSession | undefined;
  /** Bumped on every connect, loss and stop: callbacks of an older session are ignored. */
  private epoch = 0;
  private attempt = 0;
  private connecting: Promise<void> | undefined;
  private syncing: Promise<void> | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private cycleTimer: TimerHandle | undefined;
  /** Changes heard while a read is in flight, replayed on top of its answer. */
  private buffered: Change[] | undefined;
  private readonly warned = new Set<string>();
  private connectedWaiters: (() => void)[] = [];

  /** Loads the client library (an optional peer dependency) and builds the driver. */
  protected abstract createDriver(): Promise<StoreDriver>;
  /** Milliseconds between announce-and-read cycles; undefined when the store keeps it alive. */
  protected abstract readonly cycleInterval: number | undefined;
  /** A store operation slower than this counts as a lost session (a paused or cut store). */
  protected abstract readonly operationTimeout: number;
  /**
   * Connecting (TLS, SCRAM, subscribing) may take longer than one operation, and nothing
   * lapses while it does: the entry expires after ttl anyway. Defaults to the operation's.
   */
  protected get connectTimeout(): number {
    return this.operationTimeout;
  }

  /** Whether a session is up and has completed its first read. */
  get connected(): boolean {
    return this.session !== undefined && this.connecting === undefined;
  }

  /** Resolves at the next moment a session is established (now, if one is). For tests. */
  whenConnected(): Promise<void> {
    if (this.connected || !this.isRunning) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /**
   * Announces and re-reads now (after a read in flight), or, with the store lost, reconnects
   * now instead of waiting out the backoff. Resolves when done, whatever the outcome.
   */
  async syncNow(): Promise<void> {
    if (!this.isRunning) return;
    if (this.connecting) return this.connecting;
    if (this.session === undefined) return this.connect();
    return this.runSync(this.epoch);
  }

  protected onStart(): void {
    void this.connect();
  }

  protected async onStop(): Promise<void> {
    this.epoch++;
    this.clearTimers();
    this.buffered = undefined;
    for (const wake of this.connectedWaiters.splice(0)) wake();
    const session = this.session;
    this.session = undefined;
    if (session === undefined) return;
    try {
      await this.timed(session.withdraw(), 'withdraw');
    } catch (err) {
      this.context.logger.warn(
        { err, target: this.driver?.target },
        'could not withdraw this node; its entry expires after ttl',
      );
    }
    await session.close();
  }

  private connect(): Promise<void> {
    if (this.connecting) return this.connecting;
    this.clearTimers();
    const epoch = ++this.epoch;
    const attempt = this.open(epoch).finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
      if (this.isCurrent(epoch) && this.session !== undefined) {
        for (const wake of this.connectedWaiters.splice(0)) wake();
      }
    });
    this.connecting = attempt;
    return attempt;
  }

  private async open(epoch: number): Promise<void> {
    let session: StoreSession | undefined;
    try {
      this.driver ??= await this.createDriver();
      this.buffered = [];
      session = await this.timed(
        this.driver.open(this.listenerFor(epoch)),
        'connect',
        this.connectTimeout,
      );
      if (!this.isCurrent(epoch)) {
        await session.close();
        return;
      }
      this.session = session;
      await this.sync(epoch);
      if (!this.isCurrent(epoch)) return;
      this.attempt = 0;
      this.context.logger.info({ target: this.driver.target }, 'store session established');
      this.scheduleCycle(epoch);
    } catch (err) {
      if (this.isCurrent(epoch)) this.lose(epoch, err);
      else if (session !== undefined && session !== this.session) await session.close();
    }
  }

  /** Announce, then read everything and report it with the changes heard meanwhile. */
  private async sync(epoch: number): Promise<void> {
    const session = this.session;
    if (session === undefined || !this.isCurrent(epoch)) return;
    this.buffered ??= [];
    try {
      await this.timed(session.announce(), 'announce');
      const entries = await this.timed(session.list(), 'list');
      if (!this.isCurrent(epoch)) return;
      const next = new Set<NodeName>();
      for (const entry of entries) {
        const name = this.nameOf(entry);
        if (name !== undefined) next.add(name);
      }
      for (const change of this.buffered ?? []) {
        if (change.join) next.add(change.name);
        else next.delete(change.name);
      }
      this.buffered = undefined;
      this.report(next);
    } finally {
      if (this.isCurrent(epoch) && this.buffered !== undefined) this.buffered = undefined;
    }
  }

  private runSync(epoch: number): Promise<void> {
    const run = async () => {
      try {
        await this.sync(epoch);
      } catch (err) {
        this.lose(epoch, err);
      }
    };
    const next = (this.syncing ?? Promise.resolve()).then(run);
    this.syncing = next;
    void next.finally(() => {
      if (this.syncing === next) this.syncing = undefined;
    });
    return next;
  }

  private scheduleCycle(epoch: number): void {
    const interval = this.cycleInterval;
    if (interval === undefined || !this.isCurrent(epoch)) return;
    this.cycleTimer = this.context.clock.setTimeout(() => {
      this.cycleTimer = undefined;
      void this.runSync(epoch).then(() => this.scheduleCycle(epoch));
    }, interval);
  }

  private listenerFor(epoch: number): StoreListener {
    return {
      changed: (changes) => this.apply(epoch, changes),
      resync: () => {
        if (this.isCurrent(epoch) && this.session !== undefined) void this.runSync(epoch);
      },
      lost: (reason) => this.lose(epoch, reason),
    };
  }

  private apply(epoch: number, changes: readonly StoreChange[]): void {
    if (!this.isCurrent(epoch)) return;
    // The net effect per name, in order: a put then a delete of one key is a delete.
    const net = new Map<NodeName, boolean>();
    for (const { entry, join } of changes) {
      const name = this.nameOf(entry);
      if (name === undefined) continue;
      net.delete(name);
      net.set(name, join);
    }
    if (this.buffered !== undefined) {
      for (const [name, join] of net) this.buffered.push({ join, name });
      return;
    }
    const added: NodeName[] = [];
    const removed: NodeName[] = [];
    for (const [name, join] of net) {
      if (this.current.has(name) !== join) (join ? added : removed).push(name);
    }
    const current = this.current;
    this.reportPending({
      added,
      removed,
      commit: () => {
        for (const name of added) current.add(name);
        for (const name of removed) current.delete(name);
      },
    });
  }

  /** Drops the session, keeps the known nodes, reports the error, reconnects after backoff. */
  private lose(epoch: number, reason: unknown): void {
    if (!this.isCurrent(epoch)) return;
    this.epoch++;
    this.clearTimers();
    this.buffered = undefined;
    const session = this.session;
    this.session = undefined;
    void session?.close();
    this.fail(this.toError(reason));
    // A missing client library will not appear by retrying.
    if (reason instanceof PeerDependencyMissingError) return;
    const delay = backoffDelay(
      {
        initialDelayMs: storeDefaults.reconnectInitialDelayMs,
        maxDelayMs: storeDefaults.reconnectMaxDelayMs,
      },
      this.attempt++,
    );
    this.reconnectTimer = this.context.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.isRunning) void this.connect();
    }, delay);
  }

  private toError(reason: unknown): MusterError {
    if (reason instanceof MusterError) return reason;
    const message = reason instanceof Error ? reason.message : String(reason);
    return new StoreUnavailableError(
      this.context.topology,
      this.driver?.target ?? 'store',
      message || 'connection closed',
      { cause: reason },
    );
  }

  private nameOf(entry: string): NodeName | undefined {
    try {
      return toNodeName(entry);
    } catch (err) {
      if (!this.warned.has(entry)) {
        if (this.warned.size >= MAX_WARNED) this.warned.clear();
        this.warned.add(entry);
        this.warn(new StoreEntryInvalidError(entry, (err as Error).message));
      }
      return undefined;
    }
  }

  private timed<T>(operation: Promise<T>, what: string, ms = this.operationTimeout): Promise<T> {
    let timer: TimerHandle | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.context.clock.setTimeout(
        () => reject(new Error(`no answer to ${what} within ${ms} ms`)),
        ms,
      );
    });
    // A late rejection of the losing operation must not surface as unhandled.
    operation.catch(() => {});
    return Promise.race([operation, timeout]).finally(() => this.context.clock.clearTimeout(timer));
  }

  private isCurrent(epoch: number): boolean {
    return this.isRunning && epoch === this.epoch;
  }

  private clearTimers(): void {
    if (this.reconnectTimer !== undefined) this.context.clock.clearTimeout(this.reconnectTimer);
    if (this.cycleTimer !== undefined) this.context.clock.clearTimeout(this.cycleTimer);
    this.reconnectTimer = undefined;
    this.cycleTimer = undefined;
  }
}
