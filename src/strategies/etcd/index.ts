/** The etcd strategy, as `muster-cluster/strategies` exports it. */
export type { EtcdConfig } from './etcd-config.js';
export { EtcdStrategy } from './etcd-strategy.js';
