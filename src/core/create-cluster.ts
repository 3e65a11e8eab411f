import { Cluster } from './cluster.js';
import type { CreateClusterOptions } from './cluster-types.js';
import type { ClusterConfigInput } from './config.js';

/**
 * Validates `config` (throwing a ConfigError that names the bad key) and returns a cluster,
 * not yet started. `options` is for tests and embedders (a clock, shared ConnectSlots, a
 * container of their own); users normally pass nothing.
 */
export function createCluster(config: ClusterConfigInput, options?: CreateClusterOptions): Cluster {
  return new Cluster(config, options);
}
