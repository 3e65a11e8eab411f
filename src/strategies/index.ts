/**
 * `muster-cluster/strategies`: the built-in strategy classes, their parsed config types and the
 * errors their sources raise. For code that subclasses or wraps a built-in strategy, builds one
 * directly (a test), or matches a source's error by class; a topology names its strategy by
 * string and needs none of this. Importing this module registers nothing.
 */
export {
  type DnsPollConfig,
  DnsPollStrategy,
  type DnsRecordType,
} from './dns-poll-strategy.js';
export { type EpmdConfig, EpmdStrategy } from './epmd-strategy.js';
export * from './etcd/index.js';
export * from './kubernetes/index.js';
export * from './postgres/index.js';
export * from './rancher-metadata/index.js';
export * from './redis/index.js';
export { type StaticConfig, StaticStrategy } from './static-strategy.js';
export * from './store/index.js';
