/**
 * Prometheus metrics for a cluster: `import { collectMetrics } from 'muster-cluster/metrics'`.
 * Needs prom-client (an optional peer dependency of muster-cluster).
 */
export {
  type ClusterMetrics,
  type CollectMetricsOptions,
  collectMetrics,
} from './collect-metrics.js';
