import type { EventEmitter } from 'eventemitter3';
import type { DependencyContainer } from 'tsyringe';
import type { NodeDownReason, Transport, TransportContext } from '../transport/transport.js';
import { Admission } from './admission.js';
import type { Clock } from './clock.js';
import type { ClusterEvents, ClusterStats } from './cluster-types.js';
import { Tokens } from './components.js';
import type { ResolvedConfig } from './config.js';
import { ConnectQueue } from './connect-queue.js';
import { ConnectSlots } from './connect-slots.js';
import { type ConnectError, ConnectErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import type { NodeName } from './node-name.js';
import type { NodeDiff } from './node-set-diff.js';
import { Reconciler, type ReconcilerStats } from './reconciler.js';
import type { Strategy } from './strategy.js';
import { transportKind } from './transport-kinds.js';

/** What a cluster's links hear from it and tell it; events flow out through `emit` only. */
export interface LinksOptions {
  readonly clock: Clock;
  readonly random: () => number;
  readonly sharedSlots: ConnectSlots | undefined;
  readonly logger: Logger;
  readonly scope: DependencyContainer;
  readonly emit: EventEmitter<ClusterEvents>['emit'];
  /** The running topologies' strategies, for admission polls. */
  readonly strategies: () => readonly Strategy[];
  /** Whether the cluster is running (a nodedown while stopping schedules no retry). */
  readonly running: () => boolean;
  /** Called after each nodeup (ready() waiters). */
  readonly connectedChanged: () => void;
}

type Counters = ReconcilerStats & {
  nodeups: number;
  nodedowns: number;
  discoveryErrors: number;
  admissionPolls: number;
  admissionRefusals: number;
};

/** The pieces a running cluster connects with, all present together. */
export interface RunningLinks {
  readonly transport: Transport;
  readonly queue: ConnectQueue;
  readonly reconciler: Reconciler;
}

/**
 * The connection side of one cluster: builds the transport, the connect queue, the Reconciler
 * and Admission at start, keeps the connected set from the transport's edges, and counts what
 * happens. The cluster's lifecycle decides when; this decides how.
 */
export class ClusterLinks {
  readonly connected = new Set<NodeName>();
  readonly counters: Counters = {
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
  private readonly connectErrors = new Map<string, number>();
  private transport: Transport | undefined;
  private queue: ConnectQueue | undefined;
  private reconciler: Reconciler | undefined;
  private admission: Admission | undefined;
  private self: NodeName | undefined;

  constructor(private readonly options: LinksOptions) {}

  /** The transport, for diagnostics. */
  get transportInstance(): Transport | undefined {
    return this.transport;
  }

  /** The transport, queue and Reconciler once started, else undefined. */
  get running(): RunningLinks | undefined {
    const { transport, queue, reconciler } = this;
    return transport && queue && reconciler ? { transport, queue, reconciler } : undefined;
  }

  /** What the topologies want, this node included. */
  wanted(): NodeName[] {
    return this.reconciler ? [...this.reconciler.membership.wanted()] : [];
  }

  async start(config: ResolvedConfig): Promise<void> {
    const { clock, logger, emit } = this.options;
    const self = config.name!;
    this.self = self;
    const transport = makeTransport(config, this.options);
    this.transport = transport;
    this.options.scope.register(Tokens.transport, { useValue: transport });
    this.queue = new ConnectQueue(transport, {
      slots: this.options.sharedSlots ?? new ConnectSlots(config.connectConcurrency),
      timeoutMs: config.connectTimeoutMs,
      clock,
      onLateAnswer: (node) => this.reconciler?.onLateAnswer(node),
    });
    this.reconciler = new Reconciler({
      self,
      transport,
      queue: this.queue,
      clock,
      debounceMs: config.debounceMs,
      dialYieldMs: config.dialYieldMs,
      retry: config.retry,
      random: this.options.random,
      stats: this.counters,
      report: (node, error, announce) => this.reportConnectError(node, error, announce),
      holdDialsWhenRemoved: config.admit === 'wanted',
      onSelf: (change) => {
        logger.info({ self, change }, "this node's own discovery changed its listing");
        emit(change === 'removed' ? 'self:removed' : 'self:restored');
      },
    });
    transport.on('nodeup', this.onNodeUp, this);
    transport.on('nodedown', this.onNodeDown, this);
    transport.on('message', (from, topic, payload) => emit('message', from, topic, payload));
    transport.on('drain', (node) => emit('drain', node));
    transport.on('error', (err) => emit('transport:error', err));
    const admission = new Admission({
      mode: config.admit,
      wants: (node) => this.reconciler?.wants(node) === true,
      strategies: this.options.strategies,
      clock,
      waitMs: config.admitWaitMs,
      minPollIntervalMs: config.admitPollIntervalMs,
      onPoll: () => this.counters.admissionPolls++,
      onRefused: (peer) => {
        this.counters.admissionRefusals++;
        logger.debug({ peer }, 'inbound peer not admitted: no topology wants it');
      },
    });
    this.admission = admission;
    await transport.start(self, { admit: admission.admit });
  }

  /** Node.connect on a running cluster (see Cluster.connect). */
  async connect(name: NodeName, links: RunningLinks): Promise<boolean> {
    if (name === this.self || this.connected.has(name) || links.transport.isConnected(name))
      return true;
    links.reconciler.forgetDeparture(name);
    this.admission?.allow(name);
    const error = await links.queue.connect(name);
    if (error !== undefined && error.code !== ConnectErrorCode.aborted) {
      this.reportConnectError(name, error);
    }
    return error === undefined;
  }

  async disconnect(name: NodeName, transport: Transport): Promise<boolean> {
    this.admission?.forget(name);
    if (!transport.isConnected(name)) return false;
    await transport.disconnect(name);
    return true;
  }

  /** A topology's diff, after its names were checked. */
  applyDiff(topology: string, diff: NodeDiff, disconnectOnRemove: boolean): void {
    // Removal wins over an earlier connect(): the application may connect again.
    for (const node of diff.removed) this.admission?.forget(node);
    this.reconciler?.applyDiff(topology, diff, disconnectOnRemove);
  }

  /** Starts tracking the topologies: admission watches each, the Reconciler awaits each. */
  track(topologies: readonly { readonly name: string; readonly strategy: Strategy }[]): void {
    for (const t of topologies) this.admission?.track(t.strategy);
    this.reconciler?.awaitFirstReports(topologies.map((t) => t.name));
  }

  stats(wanted: number): ClusterStats {
    return {
      ...this.counters,
      wanted,
      connected: this.connected.size,
      inFlight: this.queue?.inFlight ?? 0,
      pendingRetries: this.reconciler?.pendingRetries ?? 0,
      connectErrors: Object.fromEntries(this.connectErrors),
    };
  }

  /** Stops retrying and admitting, cancels queued connects, stops the transport. */
  async stop(): Promise<void> {
    this.reconciler?.stop();
    this.admission?.stop();
    this.queue?.cancelAll();
    const transport = this.transport;
    if (!transport) return;
    try {
      await transport.stop();
    } catch (err) {
      this.options.logger.warn({ err }, 'transport did not stop cleanly');
    }
    // A transport that forgot an edge must not leave phantom peers behind.
    for (const node of [...this.connected]) this.onNodeDown(node, 'stopped');
    transport.removeAllListeners();
  }

  /** Counts every failed connect by code; `announce` says whether the user hears of it. */
  private reportConnectError(node: NodeName, error: ConnectError, announce = true): void {
    this.connectErrors.set(error.code, (this.connectErrors.get(error.code) ?? 0) + 1);
    if (!announce) return;
    if (error.permanent) {
      this.options.logger.warn(
        { peer: node, code: error.code, detail: error.message },
        'cannot connect',
      );
    }
    this.options.emit('connect:error', node, error);
  }

  private onNodeUp(node: NodeName): void {
    if (node === this.self || this.connected.has(node)) return;
    this.connected.add(node);
    this.counters.nodeups++;
    this.reconciler?.onNodeUp(node);
    this.options.emit('nodeup', node);
    this.options.connectedChanged();
  }

  private onNodeDown(node: NodeName, reason: NodeDownReason, detail?: string): void {
    if (!this.connected.delete(node)) return;
    this.counters.nodedowns++;
    if (this.options.running()) this.reconciler?.onNodeDown(node, reason);
    this.options.emit('nodedown', node, reason, detail);
  }
}

/** The configured transport: built from its plain config, made by its factory, or given. */
function makeTransport(
  config: ResolvedConfig,
  options: Pick<LinksOptions, 'logger' | 'clock' | 'scope'>,
): Transport {
  const setting = config.transport;
  const kind = 'kind' in setting ? setting.kind : 'custom';
  const context: TransportContext = {
    logger: options.logger.child({ transport: kind }),
    clock: options.clock,
    cookie: config.cookie,
  };
  if (typeof setting === 'function') return setting(context);
  if (isTransport(setting)) return setting;
  return transportKind(setting.kind, options.scope)!.create(setting, context);
}

function isTransport(value: object): value is Transport {
  return typeof (value as Partial<Transport>).dial === 'function';
}
