import { registerStrategy, sealBuiltinStrategies } from '../core/strategy-registry.js';
import { type DnsPollConfigInput, DnsPollStrategy } from './dns-poll-strategy.js';
import { type EpmdConfigInput, EpmdStrategy } from './epmd-strategy.js';
import type { EtcdConfigInput } from './etcd/etcd-config.js';
import { EtcdStrategy } from './etcd/etcd-strategy.js';
import type { KubernetesConfigInput } from './kubernetes/kubernetes-config.js';
import { KubernetesStrategy } from './kubernetes/kubernetes-strategy.js';
import type { PostgresConfigInput } from './postgres/postgres-config.js';
import { PostgresStrategy } from './postgres/postgres-strategy.js';
import type { RancherMetadataConfigInput } from './rancher-metadata/rancher-config.js';
import './rancher-metadata/rancher-identity.js';
import { RancherMetadataStrategy } from './rancher-metadata/rancher-metadata-strategy.js';
import type { RedisConfigInput } from './redis/redis-config.js';
import { RedisStrategy } from './redis/redis-strategy.js';
import { type StaticConfigInput, StaticStrategy } from './static-strategy.js';

// The built-ins type their configs the way a user types a registered strategy's.
declare module '../core/topology-types.js' {
  interface StrategyConfigs {
    static: StaticConfigInput;
    'dns-poll': DnsPollConfigInput;
    'rancher-metadata': RancherMetadataConfigInput;
    epmd: EpmdConfigInput;
    kubernetes: KubernetesConfigInput;
    postgres: PostgresConfigInput;
    redis: RedisConfigInput;
    etcd: EtcdConfigInput;
  }
}

/**
 * The strategies (and identity providers) every cluster knows by name. Imported once by the
 * package entry; importing rancher-identity registers the 'rancher-metadata' identity kind.
 */
registerStrategy('static', StaticStrategy);
registerStrategy('dns-poll', DnsPollStrategy);
registerStrategy('rancher-metadata', RancherMetadataStrategy);
registerStrategy('epmd', EpmdStrategy);
registerStrategy('kubernetes', KubernetesStrategy);
// The store strategies load their client (pg, redis, etcd3) only when a node starts them.
registerStrategy('postgres', PostgresStrategy);
registerStrategy('redis', RedisStrategy);
registerStrategy('etcd', EtcdStrategy);
// Last: what is registered above can no longer be replaced by registerStrategy.
sealBuiltinStrategies();
