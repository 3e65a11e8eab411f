import { EventEmitter } from 'eventemitter3';
import type { DependencyContainer } from 'tsyringe';
import type { BroadcastResult, SendResult, Transport } from '../transport/transport.js';
import { type Clock, systemClock } from './clock.js';
import { ClusterLinks, type RunningLinks } from './cluster-links.js';
import { ClusterTopologies } from './cluster-topologies.js';
import type { ClusterEvents, ClusterStats, CreateClusterOptions } from './cluster-types.js';
import { clusterContainer, defaultContainer } from './components.js';
import { type ResolvedConfig, resolveConfig } from './config.js';
import { LifecycleError, ReadyTimeoutError, toMusterError } from './errors.js';
import { identityProvider } from './identity.js';
import { createDefaultLogger, type Logger } from './logger.js';
import { type NodeName, toNodeName } from './node-name.js';
import { ReadyWaiters } from './ready-waiters.js';
import { tryBroadcast, trySend } from './sending.js';
import type { Strategy } from './strategy.js';

export type { ClusterEvents, ClusterStats, CreateClusterOptions } from './cluster-types.js';

type State = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * The cluster manager: runs the topologies, unions what they want, and keeps the transport's
 * connections equal to it with Node.connect's semantics (see Reconciler). This file owns the
 * lifecycle and the public API; ClusterTopologies the discovery side, ClusterLinks the
 * connection side (data flows topologies -> links -> events).
 */
export class Cluster extends EventEmitter<ClusterEvents> {
  private config: ResolvedConfig;
  private readonly clock: Clock;
  private readonly env: Record<string, string | undefined>;
  private readonly logger: Logger;
  /** This cluster's container (see CreateClusterOptions.container). */
  private readonly scope: DependencyContainer;
  private state: State = 'idle';
  private readonly links: ClusterLinks;
  private readonly topologies: ClusterTopologies;
  /** The start() in progress (settles, never rejects), for a stop() that comes meanwhile. */
  private starting: Promise<void> | undefined;
  /** Aborted by stop(): start() then stops waiting for the topologies' first answers. */
  private readonly firstReportsWait = new AbortController();
  private readonly waiters: ReadyWaiters;

  constructor(
    private readonly rawConfig: unknown,
    internals: CreateClusterOptions = {},
  ) {
    super();
    this.env = internals.env ?? process.env;
    const parent = internals.container ?? defaultContainer;
    this.config = resolveConfig(rawConfig, { env: this.env, container: parent });
    this.clock = internals.clock ?? systemClock;
    this.logger = this.config.logger ?? createDefaultLogger(this.config.logLevel ?? 'warn');
    this.scope = clusterContainer(parent, {
      logger: this.logger,
      clock: this.clock,
      ...(internals.resolver ? { resolver: internals.resolver } : {}),
    });
    const emit: EventEmitter<ClusterEvents>['emit'] = this.emit.bind(this);
    this.links = new ClusterLinks({
      clock: this.clock,
      random: internals.random ?? Math.random,
      sharedSlots: internals.connectSlots,
      logger: this.logger,
      scope: this.scope,
      emit,
      strategies: () => this.topologies.list().map((t) => t.strategy),
      running: () => this.state === 'running',
      connectedChanged: () => this.waiters.check(),
    });
    this.topologies = new ClusterTopologies(this.scope, {
      emit,
      applyDiff: (topology, diff, disconnectOnRemove) =>
        this.links.applyDiff(topology, diff, disconnectOnRemove),
      track: (topologies) => this.links.track(topologies),
      discoveryError: () => this.links.counters.discoveryErrors++,
    });
    this.waiters = new ReadyWaiters(this.clock, () => this.links.connected.size);
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
      await this.links.start(this.config);
      await this.topologies.start(this.config, this.firstReportsWait.signal);
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
    return [...this.links.connected];
  }

  /** What the topologies currently want (without this node). */
  wanted(): NodeName[] {
    return this.links.wanted().filter((n) => n !== this.config.name);
  }

  /**
   * Node.connect: true when connected (at once if it already is, or to itself), false when the
   * peer cannot be reached. A connect already in flight for that node is joined, not repeated.
   */
  async connect(node: string): Promise<boolean> {
    const name = toNodeName(node);
    return this.links.connect(name, this.requireRunning('connect'));
  }

  /** Disconnects a node now. A node discovery still wants is dialed again after backoff. */
  async disconnect(node: string): Promise<boolean> {
    const name = toNodeName(node);
    return this.links.disconnect(name, this.requireRunning('disconnect').transport);
  }

  /**
   * Queues a message for `node`: true when queued, false when not (not connected, or its send
   * buffer is full: `trySend` says which). Like a Node stream's `write`, false asks the caller
   * to wait for `drain`; unlike it, a refused message is not kept.
   */
  send(node: string, topic: string, payload: unknown): boolean {
    return this.requireRunning('send').transport.send(toNodeName(node), topic, payload);
  }

  /**
   * `send` that says what became of the message: `'queued'`, `'not_connected'`,
   * `'buffer_full'` (wait for `drain` for that node) or `'unsupported'` (the transport carries
   * no messages). See SendResult and docs/transports.md.
   */
  trySend(node: string, topic: string, payload: unknown): SendResult {
    return trySend(this.requireRunning('send').transport, toNodeName(node), topic, payload);
  }

  /** Queues a message for every connected node; returns how many it was queued for. */
  broadcast(topic: string, payload: unknown): number {
    return this.requireRunning('broadcast').transport.broadcast(topic, payload);
  }

  /**
   * `broadcast` that names the connected nodes it skipped because their send buffer is full
   * (`bufferFull`; `drain` fires for each when it has room). See BroadcastResult.
   */
  tryBroadcast(topic: string, payload: unknown): BroadcastResult {
    return tryBroadcast(this.requireRunning('broadcast').transport, topic, payload);
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
    return this.links.stats(this.wanted().length);
  }

  /** The strategy of each topology, for `muster resolve` and diagnostics. */
  strategies(): ReadonlyMap<string, Strategy> {
    return new Map(this.topologies.list().map((t) => [t.name, t.strategy]));
  }

  /** The transport, for diagnostics (e.g. the TCP transport's bound address). */
  get transportInstance(): Transport | undefined {
    return this.links.transportInstance;
  }

  private requireRunning(what: string): RunningLinks {
    const links = this.links.running;
    if (this.state !== 'running' || !links) {
      throw new LifecycleError(`cannot ${what}: the cluster is ${this.state}`);
    }
    return links;
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

  private async teardown(): Promise<void> {
    await this.topologies.stop();
    await this.links.stop();
  }
}
