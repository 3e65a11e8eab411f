import { EventEmitter } from 'eventemitter3';
import type { DependencyContainer } from 'tsyringe';
import type { NodeDownReason, Transport, TransportContext } from '../transport/transport.js';
import { Admission } from './admission.js';
import { type Clock, systemClock } from './clock.js';
import type { ClusterEvents, ClusterInternals, ClusterStats } from './cluster-types.js';
import { clusterContainer, defaultContainer, Tokens } from './components.js';
import { type ResolvedConfig, resolveConfig } from './config.js';
import { ConnectQueue } from './connect-queue.js';
import { ConnectSlots } from './connect-slots.js';
import {
  type ConnectError,
  ConnectErrorCode,
  LifecycleError,
  ReadyTimeoutError,
  toMusterError,
} from './errors.js';
import { firstReports } from './first-reports.js';
import { identityProvider } from './identity.js';
import { createDefaultLogger, type Logger } from './logger.js';
import { type NodeName, toNodeName } from './node-name.js';
import { ReadyWaiters } from './ready-waiters.js';
import { Reconciler, type ReconcilerStats } from './reconciler.js';
import { checkReportedNames } from './reported-names.js';
import type { Strategy } from './strategy.js';
import { createStrategy, isBuiltinStrategy } from './strategy-registry.js';
import { transportKind } from './transport-kinds.js';

export type { ClusterEvents, ClusterInternals, ClusterStats } from './cluster-types.js';

type State = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

interface RunningTopology {
  readonly name: string;
  readonly strategy: Strategy;
}

/**
 * The cluster manager: runs the topologies, unions what they want, and keeps the transport's
 * connections equal to it with Node.connect's semantics (see Reconciler).
 */
export class Cluster extends EventEmitter<ClusterEvents> {
  private config: ResolvedConfig;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly sharedSlots: ConnectSlots | undefined;
  private readonly connectErrors = new Map<string, number>();
  private readonly env: Record<string, string | undefined>;
  private readonly logger: Logger;
  /** This cluster's container (see ClusterInternals.container). */
  private readonly scope: DependencyContainer;
  private state: State = 'idle';
  private transport: Transport | undefined;
  private queue: ConnectQueue | undefined;
  private reconciler: Reconciler | undefined;
  private admission: Admission | undefined;
  private topologies: RunningTopology[] = [];
  /** The start() in progress (settles, never rejects), for a stop() that comes meanwhile. */
  private starting: Promise<void> | undefined;
  /** Aborted by stop(): start() then stops waiting for the topologies' first answers. */
  private readonly firstReportsWait = new AbortController();
  private readonly connected = new Set<NodeName>();
  private readonly waiters: ReadyWaiters;
  private readonly counters: ReconcilerStats & {
    nodeups: number;
    nodedowns: number;
    discoveryErrors: number;
    admissionPolls: number;
    admissionRefusals: number;
  } = {
    connectAttempts: 0,
    connects: 0,
    connectFailures: 0,
    retries: 0,
    nodeups: 0,
    nodedowns: 0,
    discoveryErrors: 0,
    admissionPolls: 0,
    admissionRefusals: 0,
  };

  constructor(
    private readonly rawConfig: unknown,
    internals: ClusterInternals = {},
  ) {
    super();
    this.env = internals.env ?? process.env;
    const parent = internals.container ?? defaultContainer;
    this.config = resolveConfig(rawConfig, { env: this.env, container: parent });
    this.clock = internals.clock ?? systemClock;
    this.random = internals.random ?? Math.random;
    this.sharedSlots = internals.connectSlots;
    this.logger = this.config.logger ?? createDefaultLogger(this.config.logLevel ?? 'warn');
    this.scope = clusterContainer(parent, { logger: this.logger, clock: this.clock });
    this.waiters = new ReadyWaiters(this.clock, () => this.connected.size);
  }

  /** This node's name; known after `start()` when it waits for identity variables. */
  get self(): NodeName | undefined {
    return this.config.name;
  }

  get status(): State {
    return this.state;
  }

  /**
   * Resolves identity (if configured), starts the transport, then every topology, and waits
   * until each topology has answered once or failed once (at most `startTimeout`), so
   * `wanted()` holds the first answers when it resolves. If any step fails, what was started
   * is stopped again and the error is thrown: never half-started. A failed first poll is not
   * a failed start (it is a `discovery:error`, and the poll goes on).
   */
  async start(): Promise<void> {
    if (this.state === 'running' || this.state === 'starting') return;
    if (this.state !== 'idle')
      throw new LifecycleError(`cannot start a cluster that is ${this.state}`);
    this.state = 'starting';
    const started = this.startSteps();
    this.starting = started.catch(() => {});
    await started;
  }

  private async startSteps(): Promise<void> {
    try {
      await this.resolveIdentity();
      await this.startTransport();
      await this.startTopologies();
      this.state = 'running';
    } catch (err) {
      await this.teardown();
      this.state = 'idle';
      throw toMusterError(err);
    }
  }

  /** Leaves gracefully: discovery stops, peers are told, every connection closes. */
  async stop(): Promise<void> {
    if (this.state === 'starting') {
      // Let start() finish (no longer waiting for first answers), then stop what it started.
      this.firstReportsWait.abort();
      await this.starting;
    }
    if (this.state === 'idle' || this.state === 'stopped' || this.state === 'stopping') return;
    this.state = 'stopping';
    await this.teardown();
    this.state = 'stopped';
    this.waiters.rejectAll(new LifecycleError('the cluster stopped'));
  }

  /** The connected peers, like Erlang's Node.list(). */
  nodes(): NodeName[] {
    return [...this.connected];
  }

  /** What the topologies currently want (without this node). */
  wanted(): NodeName[] {
    const all = this.reconciler ? [...this.reconciler.membership.wanted()] : [];
    return all.filter((n) => n !== this.config.name);
  }

  /**
   * Node.connect: true when connected (at once if it already is, or to itself), false when the
   * peer cannot be reached. A connect already in flight for that node is joined, not repeated.
   */
  async connect(node: string): Promise<boolean> {
    const name = toNodeName(node);
    const { queue, reconciler, transport } = this.requireRunning('connect');
    if (name === this.config.name || this.connected.has(name) || transport.isConnected(name))
      return true;
    reconciler.forgetDeparture(name);
    this.admission?.allow(name);
    const error = await queue.connect(name);
    if (error !== undefined && error.code !== ConnectErrorCode.aborted) {
      this.reportConnectError(name, error);
    }
    return error === undefined;
  }

  /** Disconnects a node now. A node discovery still wants is dialed again after backoff. */
  async disconnect(node: string): Promise<boolean> {
    const name = toNodeName(node);
    const { transport } = this.requireRunning('disconnect');
    this.admission?.forget(name);
    if (!transport.isConnected(name)) return false;
    await transport.disconnect(name);
    return true;
  }

  send(node: string, topic: string, payload: unknown): boolean {
    return this.requireRunning('send').transport.send(toNodeName(node), topic, payload);
  }

  broadcast(topic: string, payload: unknown): number {
    return this.requireRunning('broadcast').transport.broadcast(topic, payload);
  }

  /** Waits until at least `minNodes` peers are connected (default 1). */
  ready(options: { minNodes?: number; timeout?: number } = {}): Promise<void> {
    return this.waiters.wait(
      options.minNodes ?? 1,
      options.timeout,
      (min, have, ms) => new ReadyTimeoutError(min, have, ms),
    );
  }

  stats(): ClusterStats {
    return {
      ...this.counters,
      wanted: this.wanted().length,
      connected: this.connected.size,
      inFlight: this.queue?.inFlight ?? 0,
      pendingRetries: this.reconciler?.pendingRetries ?? 0,
      connectErrors: Object.fromEntries(this.connectErrors),
    };
  }

  /** The strategy of each topology, for `muster resolve` and diagnostics. */
  strategies(): ReadonlyMap<string, Strategy> {
    return new Map(this.topologies.map((t) => [t.name, t.strategy]));
  }

  /** The transport, for diagnostics (e.g. the TCP transport's bound address). */
  get transportInstance(): Transport | undefined {
    return this.transport;
  }

  private requireRunning(what: string) {
    const { queue, reconciler, transport } = this;
    if (this.state !== 'running' || !queue || !reconciler || !transport) {
      throw new LifecycleError(`cannot ${what}: the cluster is ${this.state}`);
    }
    return { queue, reconciler, transport };
  }

  private async resolveIdentity(): Promise<void> {
    const identity = this.config.identity;
    if (!identity) return;
    const provider = identityProvider(identity.kind, this.scope)!.create(identity.config, {
      logger: this.logger.child({ identity: identity.kind }),
    });
    const variables = await provider.resolve();
    this.config = resolveConfig(this.rawConfig, {
      env: this.env,
      identityVariables: variables,
      container: this.scope,
    });
  }

  /** The configured transport: built from its plain config, made by its factory, or given. */
  private makeTransport(): Transport {
    const setting = this.config.transport;
    const kind = 'kind' in setting ? setting.kind : 'custom';
    const context: TransportContext = {
      logger: this.logger.child({ transport: kind }),
      clock: this.clock,
      cookie: this.config.cookie,
    };
    if (typeof setting === 'function') return setting(context);
    if (isTransport(setting)) return setting;
    return transportKind(setting.kind, this.scope)!.create(setting, context);
  }

  private async startTransport(): Promise<void> {
    const self = this.config.name!;
    const transport = this.makeTransport();
    this.transport = transport;
    this.scope.register(Tokens.transport, { useValue: transport });
    this.queue = new ConnectQueue(transport, {
      slots: this.sharedSlots ?? new ConnectSlots(this.config.connectConcurrency),
      timeoutMs: this.config.connectTimeoutMs,
      clock: this.clock,
      onLateAnswer: (node) => this.reconciler?.onLateAnswer(node),
    });
    this.reconciler = new Reconciler({
      self,
      transport,
      queue: this.queue,
      clock: this.clock,
      debounceMs: this.config.debounceMs,
      dialYieldMs: this.config.dialYieldMs,
      retry: this.config.retry,
      random: this.random,
      stats: this.counters,
      report: (node, error, announce) => this.reportConnectError(node, error, announce),
      holdDialsWhenRemoved: this.config.admit === 'wanted',
      onSelf: (change) => {
        this.logger.info({ self, change }, "this node's own discovery changed its listing");
        this.emit(change === 'removed' ? 'self:removed' : 'self:restored');
      },
    });
    transport.on('nodeup', this.onNodeUp, this);
    transport.on('nodedown', this.onNodeDown, this);
    transport.on('message', (from, topic, payload) => this.emit('message', from, topic, payload));
    transport.on('error', (err) => this.emit('transport:error', err));
    const admission = new Admission({
      mode: this.config.admit,
      wants: (node) => this.reconciler?.wants(node) === true,
      strategies: () => this.topologies.map((t) => t.strategy),
      clock: this.clock,
      waitMs: this.config.admitWaitMs,
      minPollIntervalMs: this.config.admitPollIntervalMs,
      onPoll: () => this.counters.admissionPolls++,
      onRefused: (peer, why) => {
        this.counters.admissionRefusals++;
        this.logger.debug({ peer, why }, 'inbound peer not admitted');
      },
    });
    this.admission = admission;
    await transport.start(self, { admit: admission.admit, verdict: admission.verdict });
  }

  /** Counts every failed connect by code; `announce` says whether the user hears of it. */
  private reportConnectError(node: NodeName, error: ConnectError, announce = true): void {
    this.connectErrors.set(error.code, (this.connectErrors.get(error.code) ?? 0) + 1);
    if (!announce) return;
    if (error.permanent) {
      this.logger.warn({ peer: node, code: error.code, detail: error.message }, 'cannot connect');
    }
    this.emit('connect:error', node, error);
  }

  private async startTopologies(): Promise<void> {
    for (const t of this.config.topologies) {
      // The logger and clock are the ones this cluster's container holds (one clock for all).
      const logger = this.scope
        .resolve<Logger>(Tokens.logger)
        .child({ topology: t.name, strategy: t.strategy });
      const strategy = createStrategy(
        t.strategy,
        {
          topology: t.name,
          config: t.config,
          logger,
          clock: this.scope.resolve<Clock>(Tokens.clock),
          self: this.config.name!,
        },
        this.scope,
      );
      const check = isBuiltinStrategy(t.strategy)
        ? undefined
        : checkReportedNames(t.name, (err) => {
            logger.warn({ err, code: err.code }, err.message);
            this.emit('discovery:warning', err, t.name);
          });
      strategy.on('diff', (reported) => {
        const diff = check ? check(reported) : reported;
        this.emit('diff', diff, t.name);
        // Removal wins over an earlier connect(): the application may connect again.
        for (const node of diff.removed) this.admission?.forget(node);
        this.reconciler?.applyDiff(t.name, diff, t.disconnectOnRemove);
      });
      strategy.on('error', (err) => {
        this.counters.discoveryErrors++;
        this.emit('discovery:error', err, t.name);
      });
      strategy.on('warning', (err) => this.emit('discovery:warning', err, t.name));
      this.admission?.track(strategy);
      this.topologies.push({ name: t.name, strategy });
    }
    this.reconciler?.awaitFirstReports(this.topologies.map((t) => t.name));
    const strategies = this.topologies.map((t) => t.strategy);
    await Promise.all(strategies.map((s) => s.start()));
    await firstReports(
      strategies,
      this.clock,
      this.config.startTimeoutMs,
      this.firstReportsWait.signal,
    );
  }

  private onNodeUp(node: NodeName): void {
    if (node === this.config.name || this.connected.has(node)) return;
    this.connected.add(node);
    this.counters.nodeups++;
    this.reconciler?.onNodeUp(node);
    this.emit('nodeup', node);
    this.waiters.check();
  }

  private onNodeDown(node: NodeName, reason: NodeDownReason, detail?: string): void {
    if (!this.connected.delete(node)) return;
    this.counters.nodedowns++;
    if (this.state === 'running') this.reconciler?.onNodeDown(node, reason);
    this.emit('nodedown', node, reason, detail);
  }

  private async teardown(): Promise<void> {
    const topologies = this.topologies;
    this.topologies = [];
    await Promise.allSettled(topologies.map((t) => t.strategy.stop()));
    for (const t of topologies) t.strategy.removeAllListeners();
    this.reconciler?.stop();
    this.admission?.stop();
    this.queue?.cancelAll();
    const transport = this.transport;
    if (transport) {
      try {
        await transport.stop();
      } catch (err) {
        this.logger.warn({ err }, 'transport did not stop cleanly');
      }
      // A transport that forgot an edge must not leave phantom peers behind.
      for (const node of [...this.connected]) this.onNodeDown(node, 'stopped');
      transport.removeAllListeners();
    }
  }
}

function isTransport(value: object): value is Transport {
  return typeof (value as Partial<Transport>).dial === 'function';
}
