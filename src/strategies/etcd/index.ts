/** The `etcd` strategy (issue 19). `etcd3` is loaded only when a node starts it. */
export { type EtcdConfig, parseEtcdConfig } from './etcd-config.js';
export { EtcdStrategy } from './etcd-strategy.js';
