import { registerStrategy } from '../core/strategy-registry.js';
import { DnsPollStrategy } from './dns-poll-strategy.js';
import { EpmdStrategy } from './epmd-strategy.js';
import { EtcdStrategy } from './etcd/etcd-strategy.js';
import { KubernetesStrategy } from './kubernetes/kubernetes-strategy.js';
import { PostgresStrategy } from './postgres/postgres-strategy.js';
import './rancher-metadata/rancher-identity.js';
import { RancherMetadataStrategy } from './rancher-metadata/rancher-metadata-strategy.js';
import { RedisStrategy } from './redis/redis-strategy.js';
import { StaticStrategy } from './static-strategy.js';

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
