/**
 * `muster-cluster`: the cluster API, the contracts a strategy or transport implements, the
 * errors of the cluster itself and the node-name helpers. The built-in strategies, the DNS
 * resolver, EPMD and the TCP transport class have their own entry points
 * (docs/architecture.md, "The public API").
 */
import 'reflect-metadata';
import './strategies/builtin.js';
import './transport/builtin.js';

export type { AdmitMode, AdmitVerdict } from './core/admission.js';
export type { Clock } from './core/clock.js';
export { systemClock } from './core/clock.js';
export { Cluster, type ClusterEvents, type ClusterStats } from './core/cluster.js';
export type { CreateClusterOptions } from './core/cluster-types.js';
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
export type { NodeDiff } from './core/node-set-diff.js';
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
export { type PollingConfig, PollingStrategy } from './strategies/polling-strategy.js';
export type {
  CallbackTransportContext,
  CallbackTransportOptions,
} from './transport/callback-transport.js';
export type { TcpTransportInput } from './transport/tcp/tcp-options.js';
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
