import { Counter, Gauge, type Registry } from 'prom-client';
import type { Cluster, ClusterStats } from '../core/cluster.js';
import type { MusterError } from '../core/errors.js';
import type { NodeName } from '../core/node-name.js';
import type { NodeDownReason } from '../transport/transport.js';

export interface CollectMetricsOptions {
  /** Put in front of every metric name (default `muster_`); one prefix per cluster. */
  readonly prefix?: string;
}

/** What `collectMetrics` returns: `stop()` detaches from the cluster and unregisters. */
export interface ClusterMetrics {
  stop(): void;
}

/** Counters read from `cluster.stats()` at scrape time (monotonic), by metric suffix. */
const STAT_COUNTERS = {
  connect_attempts_total: ['connectAttempts', 'Connects started (first tries and retries).'],
  connects_total: ['connects', 'Connects that succeeded.'],
  connect_failures_total: ['connectFailures', 'Connects that failed (refused, timed out).'],
  connect_retries_total: ['retries', 'Retries scheduled for wanted nodes that failed or dropped.'],
  nodeups_total: ['nodeups', 'Peers that came up (either side dialed).'],
} as const satisfies Record<string, readonly [keyof ClusterStats, string]>;

/** Gauges read from `cluster.stats()` at scrape time. */
const STAT_GAUGES = {
  wanted_nodes: ['wanted', 'Nodes the topologies want now (without this node).'],
  connected_nodes: ['connected', 'Peers connected now.'],
  connects_in_flight: ['inFlight', 'Connects in flight now.'],
  pending_retries: ['pendingRetries', 'Wanted nodes waiting for a retry now.'],
} as const satisfies Record<string, readonly [keyof ClusterStats, string]>;

/**
 * Prometheus metrics for one cluster, through prom-client (an optional peer dependency:
 * install it next to muster). Counts and gauges come from `cluster.stats()` when the registry
 * is scraped; coded failures are counted as they are emitted, labelled by topology, code and
 * `nodedown` reason. Metric names are listed in docs/metrics.md. Registering two clusters in
 * one registry needs two prefixes (prom-client refuses a name twice).
 */
export function collectMetrics(
  cluster: Cluster,
  registry: Registry,
  options: CollectMetricsOptions = {},
): ClusterMetrics {
  const prefix = options.prefix ?? 'muster_';
  const registers = [registry];
  const names: string[] = [];
  const name = (suffix: string) => {
    names.push(prefix + suffix);
    return prefix + suffix;
  };

  for (const [suffix, [key, help]] of Object.entries(STAT_COUNTERS)) {
    let seen = 0;
    new Counter({
      name: name(suffix),
      help,
      registers,
      collect() {
        const now = cluster.stats()[key];
        if (now > seen) this.inc(now - seen);
        seen = now;
      },
    });
  }
  for (const [suffix, [key, help]] of Object.entries(STAT_GAUGES)) {
    new Gauge({
      name: name(suffix),
      help,
      registers,
      collect() {
        this.set(cluster.stats()[key]);
      },
    });
  }

  const nodedowns = new Counter({
    name: name('nodedowns_total'),
    help: 'Peers that went down, by nodedown reason.',
    labelNames: ['reason'],
    registers,
  });
  const discoveryErrors = new Counter({
    name: name('discovery_errors_total'),
    help: 'Failed discovery polls (the topology kept its nodes), by topology and error code.',
    labelNames: ['topology', 'code'],
    registers,
  });
  const discoveryWarnings = new Counter({
    name: name('discovery_warnings_total'),
    help: 'Things discovery skipped while the poll went on, by topology and error code.',
    labelNames: ['topology', 'code'],
    registers,
  });
  const transportErrors = new Counter({
    name: name('transport_errors_total'),
    help: 'Transport errors that concern no single connection, by error code.',
    labelNames: ['code'],
    registers,
  });

  const onDown = (_node: NodeName, reason: NodeDownReason) => nodedowns.inc({ reason });
  const onDiscoveryError = (err: MusterError, topology: string) =>
    discoveryErrors.inc({ topology, code: err.code });
  const onDiscoveryWarning = (err: MusterError, topology: string) =>
    discoveryWarnings.inc({ topology, code: err.code });
  const onTransportError = (err: MusterError) => transportErrors.inc({ code: err.code });
  cluster.on('nodedown', onDown);
  cluster.on('discovery:error', onDiscoveryError);
  cluster.on('discovery:warning', onDiscoveryWarning);
  cluster.on('transport:error', onTransportError);

  return {
    stop() {
      cluster.off('nodedown', onDown);
      cluster.off('discovery:error', onDiscoveryError);
      cluster.off('discovery:warning', onDiscoveryWarning);
      cluster.off('transport:error', onTransportError);
      for (const n of names) registry.removeSingleMetric(n);
    },
  };
}
