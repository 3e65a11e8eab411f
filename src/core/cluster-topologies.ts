import type { EventEmitter } from 'eventemitter3';
import type { DependencyContainer } from 'tsyringe';
import type { Clock } from './clock.js';
import type { ClusterEvents } from './cluster-types.js';
import { Tokens } from './components.js';
import type { ResolvedConfig } from './config.js';
import { firstReports } from './first-reports.js';
import type { Logger } from './logger.js';
import type { NodeDiff } from './node-set-diff.js';
import { checkReportedNames } from './reported-names.js';
import type { Strategy } from './strategy.js';
import { createStrategy, isBuiltinStrategy } from './strategy-registry.js';

export interface RunningTopology {
  readonly name: string;
  readonly strategy: Strategy;
}

/** Where a cluster's topologies send what they learn; events flow out through `emit`. */
export interface TopologySink {
  readonly emit: EventEmitter<ClusterEvents>['emit'];
  /** A checked diff, for the Reconciler and Admission. */
  applyDiff(topology: string, diff: NodeDiff, disconnectOnRemove: boolean): void;
  /** Called once all topologies are built, before any starts. */
  track(topologies: readonly RunningTopology[]): void;
  discoveryError(): void;
}

/**
 * The discovery side of one cluster: builds each topology's strategy in the cluster's
 * container, forwards its diffs, errors and warnings to the sink, and stops them.
 */
export class ClusterTopologies {
  private running: RunningTopology[] = [];

  constructor(
    private readonly scope: DependencyContainer,
    private readonly sink: TopologySink,
  ) {}

  list(): readonly RunningTopology[] {
    return this.running;
  }

  /**
   * Builds and starts every topology, then waits until each answered once or failed once (at
   * most `startTimeoutMs`, or until `signal` aborts).
   */
  async start(config: ResolvedConfig, signal: AbortSignal): Promise<void> {
    for (const t of config.topologies) {
      this.running.push({ name: t.name, strategy: this.build(config, t) });
    }
    this.sink.track(this.running);
    const strategies = this.running.map((t) => t.strategy);
    await Promise.all(strategies.map((s) => s.start()));
    const clock = this.scope.resolve<Clock>(Tokens.clock);
    await firstReports(strategies, clock, config.startTimeoutMs, signal);
  }

  async stop(): Promise<void> {
    const topologies = this.running;
    this.running = [];
    await Promise.allSettled(topologies.map((t) => t.strategy.stop()));
    for (const t of topologies) t.strategy.removeAllListeners();
  }

  private build(config: ResolvedConfig, t: ResolvedConfig['topologies'][number]): Strategy {
    const { emit } = this.sink;
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
        self: config.name!,
      },
      this.scope,
    );
    const check = isBuiltinStrategy(t.strategy)
      ? undefined
      : checkReportedNames(t.name, (err) => {
          logger.warn({ err, code: err.code }, err.message);
          emit('discovery:warning', err, t.name);
        });
    strategy.on('diff', (reported) => {
      const diff = check ? check(reported) : reported;
      emit('diff', diff, t.name);
      this.sink.applyDiff(t.name, diff, t.disconnectOnRemove);
    });
    strategy.on('error', (err) => {
      this.sink.discoveryError();
      emit('discovery:error', err, t.name);
    });
    strategy.on('warning', (err) => emit('discovery:warning', err, t.name));
    return strategy;
  }
}
