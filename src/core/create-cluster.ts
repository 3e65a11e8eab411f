import { Cluster, type ClusterInternals } from './cluster.js';
import type { ClusterConfigInput } from './config.js';

/**
 * Validates `config` (throwing a ConfigError that names the bad key) and returns a cluster,
 * not yet started.
 */
export function createCluster(config: ClusterConfigInput, internals?: ClusterInternals): Cluster {
  return new Cluster(config, internals);
}
