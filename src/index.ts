import 'reflect-metadata';
import './strategies/builtin.js';
import './transport/builtin.js';

export type { Clock } from './core/clock.js';
export { systemClock } from './core/clock.js';
export {
  Cluster,
  type ClusterEvents,
  type ClusterInternals,
  type ClusterStats,
} from './core/cluster.js';
export type { ClusterConfigInput, TransportSetting } from './core/config.js';
export { ConnectSlots } from './core/connect-slots.js';
export { createCluster } from './core/create-cluster.js';
export { defaults } from './core/defaults.js';
export {
  ConfigError,
  ConnectError,
  ConnectErrorCode,
  DiscoveryError,
  IdentityError,
  InvalidArgumentError,
  InvalidNodeNameError,
  LifecycleError,
  MissingVariableError,
  MusterError,
  ReadyTimeoutError,
  type RefusalReason,
  TransportError,
  UnknownStrategyError,
} from './core/errors.js';
export {
  type IdentityProvider,
  type IdentityProviderDefinition,
  registerIdentityProvider,
} from './core/identity.js';
export type { Logger } from './core/logger.js';
export {
  basenameOf,
  compareNodeNames,
  type HostKind,
  hostOf,
  type NodeName,
  nodeName,
  type ParsedNodeName,
  parseNodeName,
  toNodeName,
} from './core/node-name.js';
export { diffNodeSets, type NodeDiff } from './core/node-set-diff.js';
export {
  BaseStrategy,
  type Strategy,
  type StrategyClass,
  type StrategyContext,
  type StrategyEvents,
} from './core/strategy.js';
export { registeredStrategies, registerStrategy } from './core/strategy-registry.js';
export type { StrategyConfigs, TopologyInput, TopologyOf } from './core/topology-types.js';
export {
  registerTransport,
  type TransportKind,
  transportKinds,
} from './core/transport-kinds.js';
export { parseWith, schemas } from './core/validation.js';
export * from './dns/dns-errors.js';
export {
  type DnsLookup,
  DnsResolver,
  type DnsResolverOptions,
  type DnsResult,
} from './dns/dns-resolver.js';
export { names as epmdNames, portPlease, registerNode } from './epmd/epmd-client.js';
export type { PortMapperStart } from './epmd/epmd-daemon.js';
export * from './epmd/epmd-errors.js';
export { EpmdPortMapping } from './epmd/epmd-port-mapping.js';
export { EpmdServer, type EpmdServerOptions } from './epmd/epmd-server.js';
export { parseHostsErlang } from './epmd/hosts-erlang.js';
export { type RunEpmdServerOptions, runEpmdServer } from './epmd/run-epmd-server.js';
export {
  type DnsPollConfig,
  DnsPollStrategy,
  type DnsRecordType,
} from './strategies/dns-poll-strategy.js';
export { EpmdStrategy } from './strategies/epmd-strategy.js';
export * from './strategies/etcd/index.js';
export * from './strategies/kubernetes/index.js';
export { type PollingConfig, PollingStrategy } from './strategies/polling-strategy.js';
export * from './strategies/postgres/index.js';
export * from './strategies/rancher-metadata/index.js';
export * from './strategies/redis/index.js';
export { type StaticConfig, StaticStrategy } from './strategies/static-strategy.js';
export * from './strategies/store/index.js';
export type { CallbackTransportOptions } from './transport/callback-transport.js';
export type { TcpTransportInput, TcpTransportOptions } from './transport/tcp/tcp-options.js';
export { TcpTransport } from './transport/tcp/tcp-transport.js';
export type {
  BroadcastResult,
  DialOptions,
  NodeDownReason,
  SendResult,
  Transport,
  TransportContext,
  TransportEvents,
  TransportFactory,
  TransportStartOptions,
} from './transport/transport.js';
export type { TransportConfig } from './transport/transport-config.js';
