// entry . -> ./dist/index.d.ts
// entry ./strategies -> ./dist/strategies/index.d.ts
// entry ./dns -> ./dist/dns/index.d.ts
// entry ./epmd -> ./dist/epmd/index.d.ts
// entry ./tcp -> ./dist/transport/tcp/index.d.ts
// entry ./testing -> ./dist/testing/index.d.ts
// entry ./metrics -> ./dist/metrics/index.d.ts

// ---- core/admission.d.ts
import type { Clock } from './clock.js';
import type { NodeName } from './node-name.js';
import type { Strategy } from './strategy.js';
export type AdmitMode = 'wanted' | 'any';
export type AdmitVerdict = 'admitted' | 'not_wanted' | 'discovery_unavailable';
export interface AdmissionOptions {
    readonly mode: AdmitMode;
    readonly wants: (node: NodeName) => boolean;
    readonly strategies: () => Iterable<Strategy>;
    readonly clock: Clock;
    readonly waitMs: number;
    readonly minPollIntervalMs: number;
    readonly onPoll: () => void;
    readonly onRefused: (peer: NodeName, why: Exclude<AdmitVerdict, 'admitted'>) => void;
}
export declare class Admission {
    private readonly o;
    private readonly gates;
    private readonly pending;
    private readonly timers;
    private readonly wake;
    private readonly unsubscribe;
    private readonly waiters;
    private readonly manual;
    private active;
    constructor(o: AdmissionOptions);
    track(strategy: Strategy): void;
    allow(node: NodeName): void;
    forget(node: NodeName): void;
    readonly admit: (peer: NodeName) => boolean | Promise<boolean>;
    readonly verdict: (peer: NodeName) => AdmitVerdict | Promise<AdmitVerdict>;
    private decide;
    private wanted;
    stop(): void;
    private await;
    private gate;
    private poll;
}

// ---- core/backoff.d.ts
export interface BackoffPolicy {
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
}
export declare function backoffDelay(policy: BackoffPolicy, attempt: number, random?: () => number): number;

// ---- core/clock.d.ts
export interface Clock {
    now(): number;
    setTimeout(fn: () => void, ms: number, keepAlive?: boolean): TimerHandle;
    clearTimeout(handle: TimerHandle): void;
}
export type TimerHandle = unknown;
export declare const systemClock: Clock;

// ---- core/cluster-types.d.ts
import type { DependencyContainer } from 'tsyringe';
import type { DnsLookup } from '../dns/dns-resolver.js';
import type { NodeDownReason } from '../transport/transport.js';
import type { Clock } from './clock.js';
import type { ConnectSlots } from './connect-slots.js';
import type { ConnectError, MusterError } from './errors.js';
import type { NodeName } from './node-name.js';
import type { NodeDiff } from './node-set-diff.js';
import type { ReconcilerStats } from './reconciler.js';
export interface ClusterEvents {
    nodeup: (node: NodeName) => void;
    nodedown: (node: NodeName, reason: NodeDownReason, detail?: string) => void;
    message: (from: NodeName, topic: string, payload: unknown) => void;
    drain: (node: NodeName) => void;
    diff: (diff: NodeDiff, topology: string) => void;
    'discovery:error': (error: MusterError, topology: string) => void;
    'discovery:warning': (error: MusterError, topology: string) => void;
    'transport:error': (error: MusterError) => void;
    'connect:error': (node: NodeName, error: ConnectError) => void;
    'self:removed': () => void;
    'self:restored': () => void;
}
export interface ClusterStats extends ReconcilerStats {
    nodeups: number;
    nodedowns: number;
    discoveryErrors: number;
    wanted: number;
    connected: number;
    inFlight: number;
    pendingRetries: number;
    connectErrors: Record<string, number>;
    admissionPolls: number;
    admissionRefusals: number;
}
export interface CreateClusterOptions {
    readonly clock?: Clock;
    readonly random?: () => number;
    readonly env?: Record<string, string | undefined>;
    readonly connectSlots?: ConnectSlots;
    readonly resolver?: DnsLookup;
    readonly container?: DependencyContainer;
}

// ---- core/cluster.d.ts
import { EventEmitter } from 'eventemitter3';
import type { BroadcastResult, SendResult, Transport } from '../transport/transport.js';
import type { ClusterEvents, ClusterStats, CreateClusterOptions } from './cluster-types.js';
import { type NodeName } from './node-name.js';
import type { Strategy } from './strategy.js';
export type { ClusterEvents, ClusterStats, CreateClusterOptions } from './cluster-types.js';
type State = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';
export declare class Cluster extends EventEmitter<ClusterEvents> {
    private readonly rawConfig;
    private config;
    private readonly clock;
    private readonly env;
    private readonly logger;
    private readonly scope;
    private state;
    private readonly links;
    private readonly topologies;
    private starting;
    private readonly firstReportsWait;
    private readonly waiters;
    constructor(rawConfig: unknown, internals?: CreateClusterOptions);
    get self(): NodeName | undefined;
    get status(): State;
    start(): Promise<void>;
    private startSteps;
    stop(): Promise<void>;
    nodes(): NodeName[];
    wanted(): NodeName[];
    connect(node: string): Promise<boolean>;
    disconnect(node: string): Promise<boolean>;
    send(node: string, topic: string, payload: unknown): boolean;
    trySend(node: string, topic: string, payload: unknown): SendResult;
    broadcast(topic: string, payload: unknown): number;
    tryBroadcast(topic: string, payload: unknown): BroadcastResult;
    ready(options?: {
        minNodes?: number;
        timeout?: number;
    }): Promise<void>;
    stats(): ClusterStats;
    strategies(): ReadonlyMap<string, Strategy>;
    get transportInstance(): Transport | undefined;
    private requireRunning;
    private resolveIdentity;
    private teardown;
}

// ---- core/config.d.ts
import type { DependencyContainer } from 'tsyringe';
import { z } from 'zod';
import type { Transport, TransportFactory } from '../transport/transport.js';
import type { TransportInput } from '../transport/transport-config.js';
import type { BackoffPolicy } from './backoff.js';
import { type Logger } from './logger.js';
import { type NodeName } from './node-name.js';
import type { TopologyInput } from './topology-types.js';
declare const clusterSchema: z.ZodObject<{
    name: z.ZodString;
    cookie: z.ZodOptional<z.ZodString>;
    transport: z.ZodPrefault<z.ZodObject<{
        kind: z.ZodDefault<z.ZodString>;
    }, z.core.$loose>>;
    topologies: z.ZodDefault<z.ZodRecord<z.ZodString, z.ZodObject<{
        strategy: z.ZodString;
        config: z.ZodOptional<z.ZodUnknown>;
        disconnectOnRemove: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strict>>>;
    debounce: z.ZodDefault<z.ZodNumber>;
    dialYield: z.ZodDefault<z.ZodNumber>;
    admit: z.ZodDefault<z.ZodEnum<{
        any: "any";
        wanted: "wanted";
    }>>;
    admitWait: z.ZodOptional<z.ZodNumber>;
    admitPollInterval: z.ZodDefault<z.ZodNumber>;
    connectConcurrency: z.ZodDefault<z.ZodNumber>;
    connectTimeout: z.ZodDefault<z.ZodNumber>;
    startTimeout: z.ZodDefault<z.ZodNumber>;
    retry: z.ZodPrefault<z.ZodObject<{
        initialDelay: z.ZodDefault<z.ZodNumber>;
        maxDelay: z.ZodDefault<z.ZodNumber>;
    }, z.core.$strict>>;
    logger: z.ZodOptional<z.ZodCustom<Logger, Logger>>;
    logLevel: z.ZodOptional<z.ZodEnum<{
        debug: "debug";
        error: "error";
        fatal: "fatal";
        info: "info";
        silent: "silent";
        trace: "trace";
        warn: "warn";
    }>>;
    identity: z.ZodOptional<z.ZodObject<{
        kind: z.ZodString;
    }, z.core.$loose>>;
}, z.core.$strict>;
export type TransportSetting = TransportInput | Transport | TransportFactory;
export interface TransportBlock {
    readonly kind: string;
    readonly [option: string]: unknown;
}
export type ClusterConfigInput = Omit<z.input<typeof clusterSchema>, 'transport' | 'topologies'> & {
    transport?: TransportSetting;
    topologies?: Record<string, TopologyInput>;
    environments?: Record<string, Record<string, unknown>>;
};
export interface ResolvedTopology {
    readonly name: string;
    readonly strategy: string;
    readonly config: unknown;
    readonly disconnectOnRemove: boolean;
}
export interface ResolvedConfig {
    readonly name: NodeName | undefined;
    readonly rawName: string;
    readonly cookie: string | undefined;
    readonly transport: TransportBlock | Transport | TransportFactory;
    readonly topologies: readonly ResolvedTopology[];
    readonly debounceMs: number;
    readonly dialYieldMs: number;
    readonly admit: 'wanted' | 'any';
    readonly admitWaitMs: number;
    readonly admitPollIntervalMs: number;
    readonly connectConcurrency: number;
    readonly connectTimeoutMs: number;
    readonly startTimeoutMs: number;
    readonly retry: BackoffPolicy;
    readonly logger: Logger | undefined;
    readonly logLevel: string | undefined;
    readonly identity: {
        readonly kind: string;
        readonly config: unknown;
    } | undefined;
    readonly environment: string | undefined;
}
export interface ResolveOptions {
    readonly env?: Record<string, string | undefined>;
    readonly identityVariables?: Record<string, string>;
    readonly container?: DependencyContainer;
}
export declare function resolveConfig(raw: unknown, options?: ResolveOptions): ResolvedConfig;
export {};

// ---- core/connect-queue.d.ts
import type { DialOptions } from '../transport/transport.js';
import type { Clock } from './clock.js';
import type { ConnectSlots, SlotJob } from './connect-slots.js';
import { ConnectError } from './errors.js';
import type { NodeName } from './node-name.js';
export interface Dialer {
    dial(node: NodeName, options: DialOptions): Promise<void>;
}
export type ConnectDone = (node: NodeName, error: ConnectError | undefined) => void;
export interface ConnectQueueOptions {
    readonly slots: ConnectSlots;
    readonly timeoutMs: number;
    readonly clock: Clock;
    readonly onLateAnswer: (node: NodeName) => void;
}
type State = 'queued' | 'running' | 'awaiting-peer' | 'done';
declare class Attempt implements SlotJob {
    readonly node: NodeName;
    private readonly queue;
    state: State;
    startedAt: number;
    done: ConnectDone | undefined;
    promise: Promise<ConnectError | undefined> | undefined;
    resolve: ((error: ConnectError | undefined) => void) | undefined;
    controller: AbortController | undefined;
    holdsSlot: boolean;
    constructor(node: NodeName, queue: ConnectQueue);
    get cancelled(): boolean;
    start(): void;
}
export declare class ConnectQueue {
    private readonly dialer;
    private readonly options;
    private readonly attempts;
    private readonly timed;
    private sweepTimer;
    constructor(dialer: Dialer, options: ConnectQueueOptions);
    connect(node: NodeName): Promise<ConnectError | undefined>;
    dial(node: NodeName, done: ConnectDone): void;
    has(node: NodeName): boolean;
    get inFlight(): number;
    nodeUp(node: NodeName): void;
    cancel(node: NodeName): void;
    cancelAll(): void;
    private enqueue;
    run(attempt: Attempt): void;
    private answered;
    private giveUp;
    private finish;
    private releaseSlot;
    private armSweep;
}
export {};

// ---- core/connect-slots.d.ts
export interface SlotJob {
    readonly cancelled: boolean;
    start(): void;
}
export declare class ConnectSlots {
    readonly limit: number;
    private running;
    private readonly waiting;
    private head;
    constructor(limit: number);
    get queued(): number;
    get inUse(): number;
    enter(job: SlotJob): void;
    leave(): void;
    private pump;
}

// ---- core/create-cluster.d.ts
import { Cluster } from './cluster.js';
import type { CreateClusterOptions } from './cluster-types.js';
import type { ClusterConfigInput } from './config.js';
export declare function createCluster(config: ClusterConfigInput, options?: CreateClusterOptions): Cluster;

// ---- core/defaults.d.ts
export declare const defaults: {
    readonly pollingInterval: 5000;
    readonly debounceMs: 25;
    readonly dialYieldMs: 250;
    readonly connectConcurrency: 256;
    readonly connectTimeoutMs: 10000;
    readonly retryInitialDelayMs: 250;
    readonly retryMaxDelayMs: 30000;
    readonly startTimeoutMs: 5000;
    readonly admitWaitMs: 2000;
    readonly admitPollIntervalMs: 1000;
    readonly readyTimeoutMs: 30000;
    readonly tcpPort: 4370;
    readonly tickTimeMs: 15000;
    readonly handshakeTimeoutMs: 5000;
    readonly maxFrameSize: number;
    readonly maxHandshakes: 512;
    readonly maxHandshakesPerAddress: 256;
    readonly maxMessageDepth: 64;
    readonly maxSendBuffer: number;
};

// ---- core/errors.d.ts
export declare class MusterError extends Error {
    readonly code: string;
    constructor(code: string, message: string, options?: {
        cause?: unknown;
    });
}
export declare class ConfigError extends MusterError {
    readonly path: string;
    readonly expected: string;
    readonly received: string | undefined;
    constructor(path: string, expected: string, received?: string);
    under(prefix: string): ConfigError;
}
export declare class MissingVariableError extends MusterError {
    readonly variable: string;
    readonly path: string;
    constructor(variable: string, path: string);
}
export declare class InvalidNodeNameError extends MusterError {
    readonly input: string;
    constructor(input: string, reason: string);
}
export declare class UnknownStrategyError extends MusterError {
    constructor(name: string, known: readonly string[]);
}
export declare class LifecycleError extends MusterError {
    constructor(message: string);
}
export declare class InvalidArgumentError extends MusterError {
    readonly argument: string;
    constructor(argument: string, expected: string, received: string);
}
export declare class ReadyTimeoutError extends MusterError {
    readonly connected: number;
    readonly wanted: number;
    constructor(minNodes: number, connected: number, timeoutMs: number);
}
export declare class DiscoveryError extends MusterError {
    readonly topology: string;
    constructor(topology: string, message: string, options?: {
        cause?: unknown;
        code?: string;
    });
}
export declare class IdentityError extends MusterError {
    constructor(message: string, options?: {
        cause?: unknown;
    });
}
export declare class TransportError extends MusterError {
}
export declare function toMusterError(err: unknown, code?: string): MusterError;
export declare const ConnectErrorCode: {
    readonly unreachable: 'MUSTER_ERR_CONNECT_UNREACHABLE';
    readonly refused: 'MUSTER_ERR_CONNECT_REFUSED';
    readonly handshakeFailed: 'MUSTER_ERR_HANDSHAKE_FAILED';
    readonly handshakeTimeout: 'MUSTER_ERR_HANDSHAKE_TIMEOUT';
    readonly tls: 'MUSTER_ERR_TLS';
    readonly timeout: 'MUSTER_ERR_CONNECT_TIMEOUT';
    readonly aborted: 'MUSTER_ERR_CONNECT_ABORTED';
};
export type ConnectErrorCode = (typeof ConnectErrorCode)[keyof typeof ConnectErrorCode];
export type RefusalReason = 'simultaneous' | 'not_allowed' | 'bad_cookie' | 'wrong_name' | 'version' | 'stopping' | 'other';
export declare class ConnectError extends TransportError {
    readonly code: ConnectErrorCode;
    readonly node: string;
    readonly refusal: RefusalReason | undefined;
    readonly permanent: boolean;
    constructor(node: string, code: ConnectErrorCode, message: string, options?: {
        refusal?: RefusalReason;
        permanent?: boolean;
        cause?: unknown;
    });
}

// ---- core/identity.d.ts
import type { DependencyContainer } from 'tsyringe';
import type { Logger } from './logger.js';
export interface IdentityProvider {
    resolve(signal?: AbortSignal): Promise<Record<string, string>>;
}
export interface IdentityProviderDefinition<Config = unknown> {
    readonly variables: readonly string[];
    parseConfig(raw: unknown): Config;
    create(config: Config, context: {
        logger: Logger;
    }): IdentityProvider;
}
export declare function registerIdentityProvider<Config>(kind: string, definition: IdentityProviderDefinition<Config>, into?: DependencyContainer): void;
export declare function identityProvider(kind: string, from?: DependencyContainer): IdentityProviderDefinition | undefined;
export declare function identityKinds(from?: DependencyContainer): string[];

// ---- core/keyed-node-set.d.ts
import type { NodeName } from './node-name.js';
import type { PendingDiff } from './node-set-diff.js';
export type NodeKey = string | number;
export declare class KeyedNodeSet {
    private readonly slots;
    private readonly keys;
    private readonly names;
    private readonly seen;
    private readonly free;
    private generation;
    private known;
    get size(): number;
    nameSet(): ReadonlySet<NodeName>;
    compare<T>(items: readonly T[], keyOf: (item: T) => NodeKey, nameOf: (item: T, key: NodeKey) => NodeName): PendingDiff;
    private commit;
}

// ---- core/logger.d.ts
import { type DestinationStream, type Logger } from 'pino';
export type { Logger };
export declare const LOG_LEVELS: readonly ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export type LogLevel = (typeof LOG_LEVELS)[number];
export declare const REDACTED_PATHS: string[];
export declare function toLogLevel(level: string, source: string): LogLevel;
export declare function createDefaultLogger(level?: string, destination?: DestinationStream): Logger;
export declare function silentLogger(): Logger;

// ---- core/membership.d.ts
import type { NodeName } from './node-name.js';
import type { NodeDiff } from './node-set-diff.js';
export declare class Membership {
    private readonly byTopology;
    private sets;
    apply(topology: string, diff: NodeDiff, touched: (node: NodeName) => void): void;
    dropTopology(topology: string, touched: (node: NodeName) => void): void;
    wants(node: NodeName): boolean;
    wanted(): Iterable<NodeName>;
    of(topology: string): ReadonlySet<NodeName>;
    private setOf;
}

// ---- core/node-name.d.ts
export type NodeName = string & {
    readonly __brand: 'NodeName';
};
export type HostKind = 'ipv4' | 'ipv6' | 'dns';
export interface ParsedNodeName {
    readonly name: NodeName;
    readonly basename: string;
    readonly host: string;
    readonly hostKind: HostKind;
}
export declare function parseNodeName(input: string): ParsedNodeName;
export declare function nodeName(basename: string, host: string): NodeName;
export declare function toNodeName(input: string): NodeName;
export declare function hostOf(name: NodeName): string;
export declare function basenameOf(name: NodeName): string;
export declare function compareNodeNames(a: NodeName, b: NodeName): number;
export declare function canonicalIPv6(address: string): string;

// ---- core/node-set-diff.d.ts
import type { NodeName } from './node-name.js';
export interface NodeDiff {
    readonly added: readonly NodeName[];
    readonly removed: readonly NodeName[];
}
export interface PendingDiff extends NodeDiff {
    commit(): void;
}
export declare const EMPTY_DIFF: NodeDiff;
export declare function isEmptyDiff(diff: NodeDiff): boolean;
export declare function diffNodeSets(previous: ReadonlySet<NodeName>, next: ReadonlySet<NodeName>): NodeDiff;

// ---- core/reconciler.d.ts
import type { NodeDownReason, Transport } from '../transport/transport.js';
import { type BackoffPolicy } from './backoff.js';
import type { Clock } from './clock.js';
import type { ConnectQueue } from './connect-queue.js';
import { type ConnectError } from './errors.js';
import { Membership } from './membership.js';
import { type NodeName } from './node-name.js';
import type { NodeDiff } from './node-set-diff.js';
export interface ReconcilerStats {
    connectAttempts: number;
    connects: number;
    connectFailures: number;
    retries: number;
}
export interface ReconcilerOptions {
    readonly self: NodeName;
    readonly transport: Transport;
    readonly queue: ConnectQueue;
    readonly clock: Clock;
    readonly debounceMs: number;
    readonly dialYieldMs: number;
    readonly retry: BackoffPolicy;
    readonly random: () => number;
    readonly stats: ReconcilerStats;
    readonly report: (node: NodeName, error: ConnectError, announce: boolean) => void;
    readonly onSelf?: (change: 'removed' | 'restored') => void;
    readonly holdDialsWhenRemoved?: boolean;
}
export declare class Reconciler {
    private readonly o;
    readonly membership: Membership;
    private readonly touched;
    private readonly retryTimers;
    private readonly yields;
    private readonly failures;
    private readonly permanent;
    private readonly departed;
    private readonly keepOnRemove;
    private flushTimer;
    private firstReports;
    private active;
    private readonly presence;
    private lastYieldAnsweredAt;
    constructor(o: ReconcilerOptions);
    onLateAnswer(node: NodeName): void;
    awaitFirstReports(topologies: readonly string[]): void;
    applyDiff(topology: string, diff: NodeDiff, disconnectOnRemove: boolean): void;
    dropTopology(topology: string): void;
    flush(): void;
    wants(node: NodeName): boolean;
    onNodeUp(node: NodeName): void;
    onNodeDown(node: NodeName, reason: NodeDownReason): void;
    forgetDeparture(node: NodeName): void;
    stop(): void;
    get selfRemoved(): boolean;
    private checkSelf;
    private get holdingDials();
    get pendingRetries(): number;
    private isWaiting;
    private rememberDeparture;
    private readonly markTouched;
    private reported;
    private scheduleFlush;
    private reconcile;
    private dial;
    private readonly dialed;
    private tell;
    private shouldYield;
    private undoIfUnwanted;
    private stillNeedsDial;
    private scheduleRetry;
    private cancelRetry;
}

// ---- core/strategy-registry.d.ts
import 'reflect-metadata';
import type { DependencyContainer } from 'tsyringe';
import type { Strategy, StrategyClass, StrategyContext } from './strategy.js';
export declare const STRATEGY_CONTEXT: unique symbol;
export declare function registerStrategy<Config>(name: string, strategyClass: StrategyClass<Config>, into?: DependencyContainer): void;
export declare function sealBuiltinStrategies(): void;
export declare function isBuiltinStrategy(name: string, from?: DependencyContainer): boolean;
export declare function registeredStrategies(from?: DependencyContainer): string[];
export declare function strategyClass(name: string, from?: DependencyContainer): StrategyClass;
export declare function createStrategy(name: string, context: StrategyContext, scope?: DependencyContainer): Strategy;

// ---- core/strategy.d.ts
import { EventEmitter } from 'eventemitter3';
import type { DnsLookup } from '../dns/dns-resolver.js';
import type { Clock } from './clock.js';
import type { MusterError } from './errors.js';
import type { Logger } from './logger.js';
import type { NodeName } from './node-name.js';
import { type NodeDiff, type PendingDiff } from './node-set-diff.js';
export interface StrategyEvents {
    diff: (diff: NodeDiff) => void;
    error: (error: MusterError) => void;
    warning: (error: MusterError) => void;
}
export interface Strategy extends EventEmitter<StrategyEvents> {
    start(): Promise<void>;
    stop(): Promise<void>;
    readonly ready: Promise<void>;
    known(): ReadonlySet<NodeName>;
    pollNow?(): Promise<void>;
}
export interface StrategyContext<Config = unknown> {
    readonly topology: string;
    readonly config: Config;
    readonly logger: Logger;
    readonly clock: Clock;
    readonly self: NodeName;
    readonly resolver?: DnsLookup;
}
export interface StrategyClass<Config = unknown> {
    new (context: StrategyContext<Config>): Strategy;
    parseConfig?(raw: unknown): Config;
}
export declare abstract class BaseStrategy<Config = unknown> extends EventEmitter<StrategyEvents> implements Strategy {
    protected readonly context: StrategyContext<Config>;
    protected current: Set<NodeName>;
    private running;
    private resolveReady;
    readonly ready: Promise<void>;
    constructor(context: StrategyContext<Config>);
    get isRunning(): boolean;
    known(): ReadonlySet<NodeName>;
    start(): Promise<void>;
    stop(): Promise<void>;
    protected abstract onStart(): Promise<void> | void;
    protected abstract onStop(): Promise<void> | void;
    protected markReady(): void;
    protected report(next: Set<NodeName>): void;
    protected reportPending(pending: PendingDiff): void;
    protected fail(error: MusterError): void;
    protected warn(error: MusterError): void;
}

// ---- core/topology-types.d.ts
export interface StrategyConfigs {
}
export type TopologyOf<Name extends string, Config> = {
    readonly strategy: Name;
    readonly disconnectOnRemove?: boolean;
} & (Record<string, never> extends Config ? {
    readonly config?: Config;
} : {
    readonly config: Config;
});
export type TopologyInput = {
    [Name in keyof StrategyConfigs & string]: TopologyOf<Name, StrategyConfigs[Name]>;
}[keyof StrategyConfigs & string];

// ---- core/transport-kinds.d.ts
import type { DependencyContainer } from 'tsyringe';
import type { Transport, TransportContext } from '../transport/transport.js';
export interface TransportKind<Config = unknown> {
    parseConfig(raw: unknown): Config;
    create(config: Config, context: TransportContext): Transport;
    readonly needsCookie?: boolean;
    checkCookie?(cookie: string): void;
}
export declare function registerTransport<Config>(kind: string, definition: TransportKind<Config>, into?: DependencyContainer): void;
export declare function transportKind(kind: string, from?: DependencyContainer): TransportKind | undefined;
export declare function transportKinds(from?: DependencyContainer): string[];

// ---- dns/dns-errors.d.ts
import { MusterError } from '../core/errors.js';
export declare class DnsError extends MusterError {
    readonly question: string;
    constructor(code: string, question: string, message: string, options?: {
        cause?: unknown;
    });
}
export declare class DnsTimeoutError extends DnsError {
    constructor(question: string, servers: readonly string[]);
}
export declare class DnsServfailError extends DnsError {
    constructor(question: string, server: string);
}
export declare class DnsRefusedError extends DnsError {
    constructor(question: string, server: string);
}
export declare class DnsRcodeError extends DnsError {
    readonly rcode: string;
    constructor(question: string, server: string, rcode: string);
}
export declare class DnsMalformedError extends DnsError {
    constructor(question: string, server: string, reason: string, options?: {
        cause?: unknown;
    });
}
export declare class DnsCnameLoopError extends DnsError {
    readonly chain: readonly string[];
    constructor(question: string, chain: readonly string[]);
}
export declare class DnsCnameDepthError extends DnsError {
    constructor(question: string, limit: number);
}
export declare class DnsNetworkError extends DnsError {
    constructor(question: string, server: string, cause: unknown);
}
export declare class DnsAbortedError extends DnsError {
    constructor(question: string);
}
export declare class DnsInvalidInputError extends DnsError {
    constructor(input: string, expected: string);
}
export declare class DnsResolvConfError extends DnsError {
    readonly path: string;
    constructor(path: string, cause: unknown);
}

// ---- dns/dns-message.d.ts
import * as dnsPacket from 'dns-packet';
export type AddressType = 'A' | 'AAAA';
export type QueryType = AddressType | 'SRV';
export interface DnsQuestion {
    readonly name: string;
    readonly type: QueryType;
}
export type DnsRecord = Exclude<dnsPacket.Answer, dnsPacket.OptAnswer>;
export type DnsReply = dnsPacket.DecodedPacket & {
    readonly rcode?: string;
};
export declare const EDNS_UDP_SIZE = 1232;
export declare class QueryIds {
    private readonly pool;
    private pos;
    next(): number;
}
export declare function encodeQuery(id: number, question: DnsQuestion, edns?: boolean): Buffer;
export declare function hasOpt(reply: DnsReply): boolean;
export declare function sameName(a: string, b: string): boolean;
export declare function isTruncated(buf: Buffer): boolean;
export declare function checkReply(buf: Buffer, id: number, question: DnsQuestion, server: string): DnsReply | undefined;

// ---- dns/dns-resolver.d.ts
import { type AddressType } from './dns-message.js';
import { type SrvRecord } from './dns-srv.js';
import { EdnsMemory } from './edns-memory.js';
import { type NameserverAddress } from './nameserver-address.js';
import { type ResolvConf } from './resolv-conf.js';
export type { SrvRecord };
export interface DnsFound<T> {
    readonly kind: 'found';
    readonly name: string;
    readonly records: T[];
}
export interface DnsEmpty {
    readonly kind: 'empty';
    readonly name: string;
    readonly reason: 'NXDOMAIN' | 'NODATA';
}
export type DnsResult<T> = DnsFound<T> | DnsEmpty;
export interface DnsResolverOptions {
    readonly nameservers?: readonly (string | NameserverAddress)[];
    readonly search?: readonly string[];
    readonly ndots?: number;
    readonly timeout?: number;
    readonly attempts?: number;
    readonly rotate?: boolean;
    readonly ednsRetryAfter?: number;
    readonly now?: () => number;
}
export interface DnsLookup {
    resolve(name: string, type: AddressType, signal?: AbortSignal): Promise<DnsResult<string>>;
    resolveSrv(name: string, signal?: AbortSignal): Promise<DnsResult<SrvRecord>>;
}
export declare class DnsResolver implements DnsLookup {
    readonly servers: readonly NameserverAddress[];
    readonly search: readonly string[];
    readonly ndots: number;
    readonly timeout: number;
    readonly attempts: number;
    readonly rotate: boolean;
    readonly edns: EdnsMemory;
    private readonly ids;
    private nextServer;
    constructor(options?: DnsResolverOptions);
    static fromResolvConf(path: string, overrides?: DnsResolverOptions): Promise<DnsResolver>;
    static fromConf(conf: ResolvConf, overrides?: DnsResolverOptions): DnsResolver;
    resolve(name: string, type: AddressType, signal?: AbortSignal): Promise<DnsResult<string>>;
    resolve4(name: string, signal?: AbortSignal): Promise<DnsResult<string>>;
    resolve6(name: string, signal?: AbortSignal): Promise<DnsResult<string>>;
    resolveSrv(name: string, signal?: AbortSignal): Promise<DnsResult<SrvRecord>>;
    private searchName;
    private resolveAbsolute;
    private policy;
}

// ---- dns/dns-srv.d.ts
import type { AddressType, DnsRecord } from './dns-message.js';
export interface SrvRecord {
    readonly target: string;
    readonly port: number;
    readonly priority: number;
    readonly weight: number;
    readonly addresses: readonly string[];
}
export type TargetLookup = (target: string, type: AddressType) => Promise<string[]>;
export declare function srvRecords(answers: readonly DnsRecord[], additionals: readonly DnsRecord[] | undefined, lookup: TargetLookup): Promise<SrvRecord[]>;

// ---- dns/edns-memory.d.ts
export declare const EDNS_RETRY_AFTER_MS: number;
export declare class EdnsMemory {
    private readonly now;
    readonly retryAfter: number;
    private readonly plainUntil;
    private readonly suspect;
    constructor(now?: () => number, retryAfter?: number);
    next(server: string, question: string): 'edns' | 'plain' | 'probe';
    ednsWorked(server: string): void;
    ednsSilent(server: string, question: string): void;
    plainWorked(server: string): void;
    plainSilent(server: string): void;
}

// ---- dns/index.d.ts
export * from './dns-errors.js';
export type { AddressType, QueryType } from './dns-message.js';
export { type DnsEmpty, type DnsFound, type DnsLookup, DnsResolver, type DnsResolverOptions, type DnsResult, type SrvRecord, } from './dns-resolver.js';
export type { EdnsMemory } from './edns-memory.js';
export type { NameserverAddress } from './nameserver-address.js';
export { parseResolvConf, type ResolvConf } from './resolv-conf.js';

// ---- dns/nameserver-address.d.ts
export declare const DNS_PORT = 53;
export interface NameserverAddress {
    readonly host: string;
    readonly port: number;
    readonly family: 4 | 6;
    readonly label: string;
}
export declare function parseNameserver(input: string): NameserverAddress;
export declare function isNameserver(input: string): boolean;

// ---- dns/resolv-conf.d.ts
import type { NameserverAddress } from './nameserver-address.js';
export interface ResolvConf {
    readonly nameservers: readonly NameserverAddress[];
    readonly search: readonly string[];
    readonly ndots: number;
    readonly timeout: number;
    readonly attempts: number;
    readonly rotate: boolean;
}
export declare const RESOLV_DEFAULTS: {
    readonly maxNameservers: 3;
    readonly maxSearch: 32;
    readonly ndots: 1;
    readonly maxNdots: 15;
    readonly timeoutSeconds: 5;
    readonly maxTimeoutSeconds: 30;
    readonly attempts: 2;
    readonly maxAttempts: 5;
};
export declare function parseResolvConf(text: string): ResolvConf;
export declare function readResolvConf(path: string): Promise<ResolvConf>;

// ---- epmd/epmd-client.d.ts
import { EpmdRegistration } from './epmd-registration.js';
import { type NamesEntry, type NamesResponse } from './epmd-replies.js';
import { type EpmdRequestOptions } from './epmd-socket.js';
import { type EpmdNodeInfo } from './epmd-wire.js';
export type { EpmdRequestOptions };
export interface RegisterNodeInput {
    readonly name: string;
    readonly port: number;
    readonly nodeType?: number;
    readonly protocol?: number;
    readonly highestVersion?: number;
    readonly lowestVersion?: number;
    readonly extra?: Uint8Array;
}
export declare function registerNode(host: string, epmdPort: number, input: RegisterNodeInput, options?: EpmdRequestOptions): Promise<EpmdRegistration>;
export declare function portPlease(host: string, epmdPort: number, name: string, options?: EpmdRequestOptions): Promise<EpmdNodeInfo | undefined>;
export declare function names(host: string, epmdPort: number, options?: EpmdRequestOptions): Promise<NamesEntry[]>;
export declare function namesReply(host: string, epmdPort: number, options?: EpmdRequestOptions): Promise<NamesResponse>;

// ---- epmd/epmd-daemon.d.ts
export type PortMapperStart = 'daemon' | 'embedded-daemon' | 'in-process' | 'never';
export interface StartedDaemon {
    readonly pid: number;
    readonly kind: 'epmd' | 'embedded';
    readonly command: readonly string[];
}
export declare function findOnPath(name: string, path?: string): string | undefined;
export declare function startEpmdDaemon(options: {
    readonly port: number;
    readonly hosts: readonly string[];
    readonly prefer: 'epmd' | 'embedded';
    readonly readyTimeoutMs: number;
}): Promise<StartedDaemon | undefined>;

// ---- epmd/epmd-errors.d.ts
import { MusterError } from '../core/errors.js';
export declare class EpmdError extends MusterError {
    readonly host: string | undefined;
    readonly port: number | undefined;
    constructor(code: string, message: string, options?: {
        cause?: unknown;
        host?: string;
        port?: number;
    });
}
export declare class EpmdUnreachableError extends EpmdError {
    constructor(host: string, port: number, cause?: unknown);
}
export declare class EpmdTimeoutError extends EpmdError {
    constructor(host: string, port: number, timeoutMs: number);
}
export declare class EpmdAbortedError extends EpmdError {
    constructor(host: string, port: number, cause?: unknown);
}
export declare class EpmdProtocolError extends EpmdError {
    constructor(message: string, options?: {
        host?: string;
        port?: number;
    });
}
export declare class EpmdNameTakenError extends EpmdError {
    readonly nodeName: string;
    readonly result: number;
    constructor(host: string, port: number, name: string, result: number);
}
export declare class EpmdNotRegisteredError extends EpmdError {
    readonly nodeName: string;
    constructor(host: string, port: number, name: string);
}
export declare class EpmdNameSkippedError extends EpmdError {
    readonly listed: string;
    constructor(host: string, port: number, listed: string, reason: string);
}
export declare class EpmdListenError extends EpmdError {
    constructor(host: string, port: number, cause: unknown);
}
export declare class HostsFileError extends EpmdError {
    readonly file: string;
    constructor(file: string, message: string, cause?: unknown);
}

// ---- epmd/epmd-name-table.d.ts
import type { EpmdNodeInfo } from './epmd-wire.js';
export interface EpmdEntry extends EpmdNodeInfo {
    readonly creation: number;
}
export interface NameTableLimits {
    readonly maxEntries: number;
    readonly maxNamesReplyBytes: number;
}
export declare function namesLineBytes(node: {
    name: string;
    port: number;
}): number;
export declare class EpmdNameTable {
    private readonly limits;
    private readonly entries;
    private nextCreation;
    private replyBytes;
    private changes;
    constructor(limits: NameTableLimits);
    has(name: string): boolean;
    get(name: string): EpmdEntry | undefined;
    add(node: EpmdNodeInfo, extended: boolean): EpmdEntry | undefined;
    fits(node: {
        name: string;
        port: number;
    }): boolean;
    remove(entry: EpmdEntry): boolean;
    clear(): void;
    list(): EpmdEntry[];
    get size(): number;
    get version(): number;
    private takeCreation;
}

// ---- epmd/epmd-registration.d.ts
import type { Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import type { MusterError } from '../core/errors.js';
export interface RegistrationClose {
    readonly expected: boolean;
    readonly error?: MusterError;
}
export interface EpmdRegistrationEvents {
    close: (info: RegistrationClose) => void;
}
export declare class EpmdRegistration extends EventEmitter<EpmdRegistrationEvents> {
    readonly host: string;
    readonly epmdPort: number;
    readonly name: string;
    readonly port: number;
    readonly creation: number;
    private closing;
    private ended;
    private readonly endedPromise;
    constructor(socket: Socket, info: {
        host: string;
        epmdPort: number;
        name: string;
        port: number;
        creation: number;
    });
    private readonly socket;
    get active(): boolean;
    close(): Promise<void>;
}

// ---- epmd/epmd-replies.d.ts
import { type Decoded, type EpmdNodeInfo } from './epmd-wire.js';
export interface Alive2Response {
    readonly result: number;
    readonly creation: number;
    readonly extended: boolean;
}
export type Port2Response = {
    readonly result: 0;
    readonly node: EpmdNodeInfo;
} | {
    readonly result: number;
    readonly node?: undefined;
};
export interface NamesEntry {
    readonly name: string;
    readonly port: number;
}
export interface NamesResponse {
    readonly epmdPort: number;
    readonly nodes: readonly NamesEntry[];
    readonly skipped?: readonly string[];
}
export declare const MAX_SKIPPED_LINES = 64;
export declare const MAX_SKIPPED_LINE_CHARS = 300;
export declare function encodeAlive2Response(response: Alive2Response): Buffer;
export declare function decodeAlive2Response(buf: Uint8Array, offset?: number): Decoded<Alive2Response> | undefined;
export declare function encodePort2Response(response: Port2Response): Buffer;
export declare function decodePort2Response(buf: Uint8Array, offset?: number): Decoded<Port2Response> | undefined;
export declare function encodeNamesResponse(response: NamesResponse): Buffer;
export declare function readNamesLine(line: string): NamesEntry | undefined;
export declare function parseNamesLine(line: string): NamesEntry;
export declare class NamesLines {
    readonly nodes: NamesEntry[];
    readonly skipped: string[];
    add(line: string): void;
    response(epmdPort: number): NamesResponse;
}
export declare function decodeNamesResponse(buf: Uint8Array, offset?: number): Decoded<NamesResponse> | undefined;

// ---- epmd/epmd-server.d.ts
import { EventEmitter } from 'eventemitter3';
import { type Logger } from '../core/logger.js';
import { type EpmdEntry } from './epmd-name-table.js';
export interface EpmdServerOptions {
    readonly host?: string | readonly string[];
    readonly port?: number;
    readonly idleTimeout?: number;
    readonly maxRequestBytes?: number;
    readonly maxRegistrations?: number;
    readonly maxQueryConnections?: number;
    readonly maxQueryConnectionsPerAddress?: number;
    readonly logger?: Logger;
}
export interface EpmdServerEvents {
    register: (entry: EpmdEntry) => void;
    unregister: (entry: EpmdEntry) => void;
}
export declare class EpmdServer extends EventEmitter<EpmdServerEvents> {
    private readonly hosts;
    private readonly requestedPort;
    private readonly logger;
    private readonly table;
    private readonly queries;
    private namesCache;
    private readonly servers;
    private readonly sockets;
    private readonly options;
    private boundPort;
    private state;
    constructor(options?: EpmdServerOptions);
    get port(): number;
    get addresses(): readonly string[];
    names(): EpmdEntry[];
    start(): Promise<{
        port: number;
        hosts: readonly string[];
    }>;
    stop(): Promise<void>;
    private newServer;
    private namesReply;
}

// ---- epmd/epmd-socket.d.ts
import { type Socket } from 'node:net';
export interface EpmdRequestOptions {
    readonly signal?: AbortSignal;
    readonly timeout?: number;
}
export interface ReplyReader<T> {
    data(chunk: Buffer): T | undefined;
    end(): T;
}
export declare function exchange<T>(host: string, port: number, request: Buffer, reader: ReplyReader<T>, options: EpmdRequestOptions & {
    keep: true;
}): Promise<{
    reply: T;
    socket: Socket;
}>;
export declare function exchange<T>(host: string, port: number, request: Buffer, reader: ReplyReader<T>, options?: EpmdRequestOptions & {
    keep?: false;
}): Promise<{
    reply: T;
    socket: undefined;
}>;

// ---- epmd/epmd-wire.d.ts
export declare const EpmdTag: {
    readonly ALIVE2_X_RESP: 118;
    readonly PORT2_RESP: 119;
    readonly ALIVE2_REQ: 120;
    readonly ALIVE2_RESP: 121;
    readonly PORT_PLEASE2_REQ: 122;
    readonly NAMES_REQ: 110;
};
export declare const NodeType: {
    readonly NORMAL: 77;
    readonly HIDDEN: 72;
};
export declare const PROTOCOL_TCP = 0;
export declare const DIST_VERSION_HIGHEST = 6;
export declare const DIST_VERSION_LOWEST = 5;
export declare const MAX_NAME_BYTES: number;
export interface EpmdNodeInfo {
    readonly name: string;
    readonly port: number;
    readonly nodeType: number;
    readonly protocol: number;
    readonly highestVersion: number;
    readonly lowestVersion: number;
    readonly extra: Uint8Array;
}
export interface Decoded<T> {
    readonly value: T;
    readonly bytes: number;
}

// ---- epmd/hosts-erlang.d.ts
export declare function parseHostsErlang(text: string, file?: string): string[];
export declare function readHostsErlang(file: string): Promise<string[]>;
export declare function readHostsErlangSync(file: string): string[];

// ---- epmd/index.d.ts
export { names, portPlease, type RegisterNodeInput, registerNode, } from './epmd-client.js';
export type { PortMapperStart } from './epmd-daemon.js';
export { EpmdAbortedError, EpmdError, EpmdListenError, EpmdNameSkippedError, EpmdNameTakenError, EpmdNotRegisteredError, EpmdProtocolError, EpmdTimeoutError, EpmdUnreachableError, HostsFileError, } from './epmd-errors.js';
export type { EpmdRegistration, RegistrationClose } from './epmd-registration.js';
export type { NamesEntry } from './epmd-replies.js';
export { EpmdServer, type EpmdServerEvents, type EpmdServerOptions } from './epmd-server.js';
export type { EpmdRequestOptions } from './epmd-socket.js';
export type { EpmdNodeInfo } from './epmd-wire.js';
export { parseHostsErlang, readHostsErlang } from './hosts-erlang.js';
export { type RunEpmdServerOptions, runEpmdServer } from './run-epmd-server.js';

// ---- epmd/run-epmd-server.d.ts
import type { Logger } from '../core/logger.js';
import { EpmdServer } from './epmd-server.js';
export interface RunEpmdServerOptions {
    readonly host?: string | readonly string[];
    readonly port?: number;
    readonly logger?: Logger;
    readonly signal?: AbortSignal;
}
export declare function runEpmdServer(options?: RunEpmdServerOptions): Promise<EpmdServer>;

// ---- index.d.ts
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
export { ConfigError, ConnectError, ConnectErrorCode, DiscoveryError, IdentityError, InvalidArgumentError, InvalidNodeNameError, LifecycleError, MissingVariableError, MusterError, ReadyTimeoutError, type RefusalReason, TransportError, UnknownStrategyError, } from './core/errors.js';
export { type IdentityProvider, type IdentityProviderDefinition, registerIdentityProvider, } from './core/identity.js';
export type { Logger } from './core/logger.js';
export { basenameOf, compareNodeNames, type HostKind, hostOf, type NodeName, nodeName, type ParsedNodeName, parseNodeName, toNodeName, } from './core/node-name.js';
export type { NodeDiff } from './core/node-set-diff.js';
export { BaseStrategy, type Strategy, type StrategyClass, type StrategyContext, type StrategyEvents, } from './core/strategy.js';
export { registeredStrategies, registerStrategy } from './core/strategy-registry.js';
export type { StrategyConfigs, TopologyInput, TopologyOf } from './core/topology-types.js';
export { registerTransport, type TransportKind, transportKinds, } from './core/transport-kinds.js';
export { type PollingConfig, PollingStrategy } from './strategies/polling-strategy.js';
export type { CallbackTransportContext, CallbackTransportOptions, } from './transport/callback-transport.js';
export type { TcpTransportInput } from './transport/tcp/tcp-options.js';
export type { BroadcastResult, DialOptions, NodeDownReason, SendResult, Transport, TransportContext, TransportEvents, TransportFactory, TransportStartOptions, } from './transport/transport.js';
export type { TransportConfig } from './transport/transport-config.js';

// ---- metrics/collect-metrics.d.ts
import { type Registry } from 'prom-client';
import type { Cluster } from '../core/cluster.js';
export interface CollectMetricsOptions {
    readonly prefix?: string;
}
export interface ClusterMetrics {
    stop(): void;
}
export declare function collectMetrics(cluster: Cluster, registry: Registry, options?: CollectMetricsOptions): ClusterMetrics;

// ---- metrics/index.d.ts
export { type ClusterMetrics, type CollectMetricsOptions, collectMetrics, } from './collect-metrics.js';

// ---- strategies/dns-poll-strategy.d.ts
import { z } from 'zod';
import { type NodeKey } from '../core/keyed-node-set.js';
import { type NodeName } from '../core/node-name.js';
import type { PendingDiff } from '../core/node-set-diff.js';
import type { StrategyClass, StrategyContext } from '../core/strategy.js';
import { type DnsLookup } from '../dns/dns-resolver.js';
import { PollingStrategy } from './polling-strategy.js';
export type DnsRecordType = 'A' | 'AAAA' | 'A+AAAA' | 'SRV';
export interface DnsPollConfig {
    readonly query: string;
    readonly nodeBasename: string;
    readonly pollingInterval: number;
    readonly recordType: DnsRecordType;
    readonly nameservers?: readonly string[];
    readonly search?: readonly string[];
    readonly ndots?: number;
    readonly timeout?: number;
    readonly attempts?: number;
    readonly resolvConf: string;
}
declare const schema: z.ZodObject<{
    query: z.ZodString;
    nodeBasename: z.ZodString;
    pollingInterval: z.ZodDefault<z.ZodNumber>;
    recordType: z.ZodDefault<z.ZodEnum<{
        A: "A";
        "A+AAAA": "A+AAAA";
        AAAA: "AAAA";
        SRV: "SRV";
    }>>;
    nameservers: z.ZodOptional<z.ZodArray<z.ZodString>>;
    search: z.ZodOptional<z.ZodArray<z.ZodString>>;
    ndots: z.ZodOptional<z.ZodNumber>;
    timeout: z.ZodOptional<z.ZodNumber>;
    attempts: z.ZodOptional<z.ZodNumber>;
    resolvConf: z.ZodDefault<z.ZodString>;
}, z.core.$strict>;
export interface DnsPollDependencies {
    readonly resolver?: DnsLookup;
}
export declare class DnsPollStrategy extends PollingStrategy<DnsPollConfig> {
    static parseConfig(raw: unknown): DnsPollConfig;
    static withResolver(resolver: DnsLookup): StrategyClass<DnsPollConfig>;
    private readonly injected;
    private resolver;
    private readonly resolvConf;
    private readonly prefix;
    private readonly hosts;
    private readonly familyFailures;
    private lastList;
    private readonly nameOf;
    constructor(context: StrategyContext<DnsPollConfig>, deps?: DnsPollDependencies);
    protected poll(signal: AbortSignal): Promise<Set<NodeName> | PendingDiff>;
    known(): ReadonlySet<NodeName>;
    private isSameList;
    private lookup;
    private lookupBoth;
    private currentResolver;
}
export declare function hostKey(address: string): NodeKey;
export type DnsPollConfigInput = z.input<typeof schema>;
export {};

// ---- strategies/epmd-strategy.d.ts
import { z } from 'zod';
import { type NodeName } from '../core/node-name.js';
import { type PollingConfig, PollingStrategy } from './polling-strategy.js';
export interface EpmdConfig extends PollingConfig {
    readonly hosts?: readonly string[];
    readonly hostsFile?: string;
    readonly epmdPort: number;
    readonly pollingInterval: number;
    readonly names?: RegExp | readonly string[];
    readonly timeout: number;
}
declare const schema: z.ZodObject<{
    hosts: z.ZodOptional<z.ZodArray<z.ZodPipe<z.ZodString, z.ZodTransform<string, string>>>>;
    hostsFile: z.ZodOptional<z.ZodString>;
    epmdPort: z.ZodDefault<z.ZodNumber>;
    pollingInterval: z.ZodDefault<z.ZodNumber>;
    names: z.ZodOptional<z.ZodUnion<readonly [z.ZodInstanceOf<RegExp>, z.ZodArray<z.ZodString>]>>;
    timeout: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export declare class EpmdStrategy extends PollingStrategy<EpmdConfig> {
    private readonly byHost;
    private readonly skippedByHost;
    static parseConfig(raw: unknown): EpmdConfig;
    protected poll(signal: AbortSignal): Promise<Set<NodeName>>;
    private usable;
    private hosts;
    private nameFilter;
    private discoveryError;
}
export type EpmdConfigInput = z.input<typeof schema>;
export {};

// ---- strategies/etcd/etcd-config.d.ts
import { z } from 'zod';
export interface EtcdConfig {
    readonly endpoints: readonly string[];
    readonly prefix: string;
    readonly ttl: number;
}
declare const schema: z.ZodObject<{
    endpoints: z.ZodArray<z.ZodString>;
    prefix: z.ZodDefault<z.ZodString>;
    ttl: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export declare function parseEtcdConfig(raw: unknown): EtcdConfig;
export type EtcdConfigInput = z.input<typeof schema>;
export {};

// ---- strategies/etcd/etcd-strategy.d.ts
import type { StrategyContext } from '../../core/strategy.js';
import type { StoreDriver } from '../store/store-session.js';
import { StoreStrategy } from '../store/store-strategy.js';
import { type EtcdConfig } from './etcd-config.js';
export declare class EtcdStrategy extends StoreStrategy<EtcdConfig> {
    static parseConfig(raw: unknown): EtcdConfig;
    protected readonly cycleInterval: undefined;
    protected readonly operationTimeout: number;
    constructor(context: StrategyContext<EtcdConfig>);
    protected createDriver(): Promise<StoreDriver>;
}

// ---- strategies/etcd/index.d.ts
export type { EtcdConfig } from './etcd-config.js';
export { EtcdStrategy } from './etcd-strategy.js';

// ---- strategies/index.d.ts
export { type DnsPollConfig, DnsPollStrategy, type DnsRecordType, } from './dns-poll-strategy.js';
export { type EpmdConfig, EpmdStrategy } from './epmd-strategy.js';
export * from './etcd/index.js';
export * from './kubernetes/index.js';
export * from './postgres/index.js';
export * from './rancher-metadata/index.js';
export * from './redis/index.js';
export { type StaticConfig, StaticStrategy } from './static-strategy.js';
export * from './store/index.js';

// ---- strategies/kubernetes/index.d.ts
export type { KubernetesConfig, KubernetesIpFamily, KubernetesNameMode, KubernetesSource, } from './kubernetes-config.js';
export { type KubernetesAccess, KubernetesBodyTooLargeError, KubernetesCredentialsError, KubernetesEndpointSkippedError, KubernetesError, KubernetesForbiddenError, KubernetesGoneError, KubernetesHttpError, KubernetesMalformedError, KubernetesTimeoutError, KubernetesTlsError, KubernetesUnauthorizedError, KubernetesUnreachableError, } from './kubernetes-errors.js';
export { KubernetesStrategy } from './kubernetes-strategy.js';

// ---- strategies/kubernetes/kubernetes-config.d.ts
import { z } from 'zod';
export type KubernetesNameMode = 'ip' | 'dns' | 'hostname';
export type KubernetesSource = 'endpointslices' | 'pods';
export type KubernetesIpFamily = 'IPv4' | 'IPv6';
export interface KubernetesConfig {
    readonly nodeBasename: string;
    readonly mode: KubernetesNameMode;
    readonly source: KubernetesSource;
    readonly service: string | undefined;
    readonly selector: string | undefined;
    readonly namespace: string | undefined;
    readonly apiServer: string;
    readonly tokenPath: string;
    readonly caPath: string;
    readonly namespacePath: string;
    readonly includeNotReady: boolean;
    readonly watch: boolean;
    readonly pollingInterval: number;
    readonly clusterDomain: string;
    readonly ipFamily: KubernetesIpFamily | undefined;
    readonly timeout: number;
    readonly pageSize: number;
    readonly maxBodyBytes: number;
}
declare const schema: z.ZodObject<{
    nodeBasename: z.ZodString;
    mode: z.ZodDefault<z.ZodEnum<{
        dns: "dns";
        hostname: "hostname";
        ip: "ip";
    }>>;
    source: z.ZodDefault<z.ZodEnum<{
        endpointslices: "endpointslices";
        pods: "pods";
    }>>;
    service: z.ZodOptional<z.ZodString>;
    selector: z.ZodOptional<z.ZodString>;
    namespace: z.ZodOptional<z.ZodString>;
    apiServer: z.ZodOptional<z.ZodString>;
    tokenPath: z.ZodDefault<z.ZodString>;
    caPath: z.ZodDefault<z.ZodString>;
    namespacePath: z.ZodDefault<z.ZodString>;
    includeNotReady: z.ZodDefault<z.ZodBoolean>;
    watch: z.ZodDefault<z.ZodBoolean>;
    pollingInterval: z.ZodDefault<z.ZodNumber>;
    clusterDomain: z.ZodDefault<z.ZodString>;
    ipFamily: z.ZodOptional<z.ZodEnum<{
        IPv4: "IPv4";
        IPv6: "IPv6";
    }>>;
    timeout: z.ZodDefault<z.ZodNumber>;
    pageSize: z.ZodDefault<z.ZodNumber>;
    maxBodyBytes: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export declare function parseKubernetesConfig(raw: unknown, env?: NodeJS.ProcessEnv): KubernetesConfig;
export type KubernetesConfigInput = z.input<typeof schema>;
export {};

// ---- strategies/kubernetes/kubernetes-errors.d.ts
import { MusterError } from '../../core/errors.js';
export declare abstract class KubernetesError extends MusterError {
    readonly path: string;
    constructor(code: string, path: string, message: string, options?: {
        cause?: unknown;
    });
}
export interface KubernetesAccess {
    readonly verb: 'list' | 'watch' | 'get';
    readonly resource: string;
    readonly group: string;
    readonly namespace: string;
}
export declare function describeAccess(a: KubernetesAccess): string;
export declare class KubernetesForbiddenError extends KubernetesError {
    readonly access: KubernetesAccess;
    constructor(path: string, access: KubernetesAccess, serverMessage: string);
}
export declare class KubernetesUnauthorizedError extends KubernetesError {
    constructor(path: string, tokenPath: string, serverMessage: string);
}
export declare class KubernetesGoneError extends KubernetesError {
    constructor(path: string, serverMessage: string);
}
export declare class KubernetesHttpError extends KubernetesError {
    readonly status: number;
    readonly reason: string | undefined;
    constructor(path: string, status: number, reason: string | undefined, serverMessage: string);
}
export declare class KubernetesTlsError extends KubernetesError {
    constructor(path: string, caPath: string, cause: unknown);
}
export declare class KubernetesUnreachableError extends KubernetesError {
    constructor(path: string, cause: unknown);
}
export declare class KubernetesTimeoutError extends KubernetesError {
    constructor(path: string, timeoutMs: number);
}
export declare class KubernetesBodyTooLargeError extends KubernetesError {
    constructor(path: string, limit: number);
}
export declare class KubernetesMalformedError extends KubernetesError {
    constructor(path: string, reason: string, options?: {
        cause?: unknown;
    });
}
export declare class KubernetesCredentialsError extends MusterError {
    readonly file: string;
    constructor(file: string, what: string, cause: unknown);
}
export declare class KubernetesEndpointSkippedError extends MusterError {
    readonly object: string;
    constructor(object: string, reason: string);
}

// ---- strategies/kubernetes/kubernetes-strategy.d.ts
import { type NodeName } from '../../core/node-name.js';
import { BaseStrategy, type StrategyContext } from '../../core/strategy.js';
import { type KubernetesConfig } from './kubernetes-config.js';
export declare class KubernetesStrategy extends BaseStrategy<KubernetesConfig> {
    static parseConfig(raw: unknown): KubernetesConfig;
    private readonly membership;
    private readonly client;
    private readonly wantedOptions;
    private readonly naming;
    private reflector;
    private ref;
    private warned;
    constructor(context: StrategyContext<KubernetesConfig>);
    known(): ReadonlySet<NodeName>;
    pollNow(): Promise<void>;
    protected onStart(): void;
    protected onStop(): Promise<void>;
    private onList;
    private onEvent;
    private emitDiff;
    private namesOf;
    private resolveRef;
    private buildRef;
}

// ---- strategies/polling-strategy.d.ts
import { MusterError } from '../core/errors.js';
import type { NodeName } from '../core/node-name.js';
import type { PendingDiff } from '../core/node-set-diff.js';
import { BaseStrategy } from '../core/strategy.js';
export interface PollingConfig {
    readonly pollingInterval: number;
}
export declare abstract class PollingStrategy<Config extends PollingConfig> extends BaseStrategy<Config> {
    private timer;
    private inFlight;
    private abort;
    private pollAgain;
    private started;
    private completed;
    private waiters;
    private readonly failures;
    protected abstract poll(signal: AbortSignal): Promise<Set<NodeName> | PendingDiff>;
    protected onStart(): void;
    protected onStop(): Promise<void>;
    requestPoll(): void;
    pollNow(): Promise<void>;
    protected nextPollDelay(): number;
    private runPoll;
    private wakeWaiters;
    private pollOnce;
    protected fail(error: MusterError): void;
    private failPoll;
}

// ---- strategies/postgres/index.d.ts
export type { PostgresConfig } from './postgres-config.js';
export { PostgresStrategy } from './postgres-strategy.js';

// ---- strategies/postgres/postgres-config.d.ts
import { z } from 'zod';
import { type StoreTiming } from '../store/store-config.js';
export interface PostgresConfig extends StoreTiming {
    readonly connectionString: string;
    readonly channel: string;
    readonly table: string;
}
declare const schema: z.ZodObject<{
    heartbeatInterval: z.ZodDefault<z.ZodNumber>;
    ttl: z.ZodDefault<z.ZodNumber>;
    connectionString: z.ZodString;
    channel: z.ZodDefault<z.ZodString>;
    table: z.ZodDefault<z.ZodString>;
}, z.core.$strict>;
export declare function parsePostgresConfig(raw: unknown): PostgresConfig;
export type PostgresConfigInput = z.input<typeof schema>;
export {};

// ---- strategies/postgres/postgres-strategy.d.ts
import { HeartbeatStoreStrategy } from '../store/heartbeat-store-strategy.js';
import type { StoreDriver } from '../store/store-session.js';
import { type PostgresConfig } from './postgres-config.js';
export declare class PostgresStrategy extends HeartbeatStoreStrategy<PostgresConfig> {
    static parseConfig(raw: unknown): PostgresConfig;
    protected createDriver(): Promise<StoreDriver>;
}

// ---- strategies/rancher-metadata/index.d.ts
export type { RancherMetadataConfig } from './rancher-config.js';
export type { RancherApiVersion } from './rancher-defaults.js';
export { RancherBodyTooLargeError, RancherContainerSkippedError, RancherError, RancherHttpError, RancherLongPollUnsupportedError, RancherMalformedError, RancherNotFoundError, RancherTimeoutError, RancherUnreachableError, } from './rancher-errors.js';
export { type RancherEnvOptions, type RancherIdentity, type RancherIdentityConfig, rancherEnvExports, } from './rancher-identity.js';
export { RancherMetadataStrategy } from './rancher-metadata-strategy.js';

// ---- strategies/rancher-metadata/rancher-config.d.ts
import { z } from 'zod';
import { type RancherApiVersion } from './rancher-defaults.js';
export interface RancherMetadataConfig {
    readonly nodeBasename: string;
    readonly pollingInterval: number;
    readonly url: string;
    readonly apiVersion: RancherApiVersion;
    readonly service: {
        readonly stack: string;
        readonly name: string;
    } | undefined;
    readonly requireHealthy: boolean;
    readonly timeout: number;
    readonly longPoll: boolean;
    readonly longPollMaxWait: number;
    readonly maxBodyBytes: number;
}
export declare const urlSchema: z.ZodString;
export declare const apiVersionSchema: z.ZodEnum<{
    "2015-07-25": "2015-07-25";
    "2015-12-19": "2015-12-19";
    latest: "latest";
}>;
declare const schema: z.ZodObject<{
    nodeBasename: z.ZodString;
    pollingInterval: z.ZodDefault<z.ZodNumber>;
    url: z.ZodDefault<z.ZodString>;
    apiVersion: z.ZodDefault<z.ZodEnum<{
        "2015-07-25": "2015-07-25";
        "2015-12-19": "2015-12-19";
        latest: "latest";
    }>>;
    service: z.ZodOptional<z.ZodObject<{
        stack: z.ZodString;
        name: z.ZodString;
    }, z.core.$strict>>;
    requireHealthy: z.ZodDefault<z.ZodBoolean>;
    timeout: z.ZodDefault<z.ZodNumber>;
    longPoll: z.ZodDefault<z.ZodBoolean>;
    longPollMaxWait: z.ZodDefault<z.ZodNumber>;
    maxBodyBytes: z.ZodDefault<z.ZodNumber>;
}, z.core.$strict>;
export declare function parseRancherMetadataConfig(raw: unknown): RancherMetadataConfig;
export type RancherMetadataConfigInput = z.input<typeof schema>;
export {};

// ---- strategies/rancher-metadata/rancher-defaults.d.ts
export declare const rancherDefaults: {
    readonly url: 'http://rancher-metadata';
    readonly apiVersion: 'latest';
    readonly timeoutMs: 5000;
    readonly maxBodyBytes: number;
    readonly longPollMaxWaitMs: 30000;
    readonly longPollRetryInitialMs: 1000;
    readonly longPollRetryMaxMs: 60000;
    readonly requestFloorMs: 1000;
    readonly longPollIgnoredAfter: 2;
    readonly pollingJitter: 0.1;
    readonly containerFetchConcurrency: 16;
    readonly identityAttempts: 5;
    readonly identityTimeoutMs: 2000;
    readonly identityRetryDelayMs: 250;
};
export declare const RANCHER_API_VERSIONS: readonly ['latest', '2015-12-19', '2015-07-25'];
export type RancherApiVersion = (typeof RANCHER_API_VERSIONS)[number];

// ---- strategies/rancher-metadata/rancher-errors.d.ts
import { MusterError } from '../../core/errors.js';
export declare abstract class RancherError extends MusterError {
    readonly url: string;
    constructor(code: string, url: string, message: string, options?: {
        cause?: unknown;
    });
}
export declare class RancherHttpError extends RancherError {
    readonly status: number;
    constructor(url: string, status: number);
}
export declare class RancherNotFoundError extends RancherError {
    constructor(url: string);
}
export declare class RancherTimeoutError extends RancherError {
    readonly timeoutMs: number;
    constructor(url: string, timeoutMs: number);
}
export declare class RancherBodyTooLargeError extends RancherError {
    readonly limit: number;
    constructor(url: string, limit: number);
}
export declare class RancherMalformedError extends RancherError {
    readonly field: string | undefined;
    constructor(url: string, reason: string, field?: string, options?: {
        cause?: unknown;
    });
}
export declare class RancherUnreachableError extends RancherError {
    constructor(url: string, cause: unknown);
}
export declare class RancherContainerSkippedError extends MusterError {
    readonly container: string;
    constructor(container: string, reason: string);
}
export declare class RancherLongPollUnsupportedError extends RancherError {
    constructor(url: string);
}

// ---- strategies/rancher-metadata/rancher-identity.d.ts
import { type IdentityProviderDefinition } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import { type RancherApiVersion } from './rancher-defaults.js';
export declare const RANCHER_IDENTITY_VARIABLES: readonly ['RANCHER_IP', 'RANCHER_SERVICE_NAME', 'RANCHER_STACK_NAME', 'RANCHER_CONTAINER_NAME'];
export type RancherIdentity = Record<(typeof RANCHER_IDENTITY_VARIABLES)[number], string>;
export interface RancherIdentityConfig {
    readonly kind: 'rancher-metadata';
    readonly url: string;
    readonly apiVersion: RancherApiVersion;
    readonly timeout: number;
    readonly attempts: number;
    readonly retryDelay: number;
}
export declare function parseRancherIdentityConfig(raw: unknown): RancherIdentityConfig;
export declare function resolveRancherIdentity(config: Omit<RancherIdentityConfig, 'kind'>, options?: {
    logger?: Logger;
    signal?: AbortSignal;
}): Promise<RancherIdentity>;
export declare const rancherIdentityProvider: IdentityProviderDefinition<RancherIdentityConfig>;
export interface RancherEnvOptions {
    readonly url?: string;
    readonly apiVersion?: RancherApiVersion;
    readonly timeout?: number;
    readonly attempts?: number;
    readonly retryDelay?: number;
    readonly logger?: Logger;
    readonly signal?: AbortSignal;
}
export declare function rancherEnvExports(options?: RancherEnvOptions): Promise<string>;
export declare function shellQuote(value: string): string;

// ---- strategies/rancher-metadata/rancher-metadata-strategy.d.ts
import type { NodeName } from '../../core/node-name.js';
import type { StrategyContext } from '../../core/strategy.js';
import { PollingStrategy } from '../polling-strategy.js';
import { type RancherMetadataConfig } from './rancher-config.js';
export declare class RancherMetadataStrategy extends PollingStrategy<RancherMetadataConfig> {
    static parseConfig(raw: unknown): RancherMetadataConfig;
    private readonly client;
    private watcher;
    private resolveFirstVersion;
    private warned;
    private lastPollAt;
    private changeTimer;
    constructor(context: StrategyContext<RancherMetadataConfig>);
    protected onStart(): void;
    protected onStop(): Promise<void>;
    protected poll(signal: AbortSignal): Promise<Set<NodeName>>;
    protected nextPollDelay(): number;
    private pollAfterChange;
    private wanted;
    private settleFirstVersion;
}

// ---- strategies/redis/index.d.ts
export type { RedisConfig } from './redis-config.js';
export { RedisStrategy } from './redis-strategy.js';

// ---- strategies/redis/redis-config.d.ts
import { z } from 'zod';
import { type StoreTiming } from '../store/store-config.js';
export interface RedisConfig extends StoreTiming {
    readonly url: string;
    readonly prefix: string;
}
declare const schema: z.ZodObject<{
    heartbeatInterval: z.ZodDefault<z.ZodNumber>;
    ttl: z.ZodDefault<z.ZodNumber>;
    url: z.ZodString;
    prefix: z.ZodDefault<z.ZodString>;
}, z.core.$strict>;
export declare function parseRedisConfig(raw: unknown): RedisConfig;
export type RedisConfigInput = z.input<typeof schema>;
export {};

// ---- strategies/redis/redis-strategy.d.ts
import { HeartbeatStoreStrategy } from '../store/heartbeat-store-strategy.js';
import type { StoreDriver } from '../store/store-session.js';
import { type RedisConfig } from './redis-config.js';
export declare class RedisStrategy extends HeartbeatStoreStrategy<RedisConfig> {
    static parseConfig(raw: unknown): RedisConfig;
    protected createDriver(): Promise<StoreDriver>;
}

// ---- strategies/static-strategy.d.ts
import { z } from 'zod';
import type { NodeName } from '../core/node-name.js';
import { BaseStrategy } from '../core/strategy.js';
export interface StaticConfig {
    readonly nodes: readonly NodeName[];
}
declare const schema: z.ZodObject<{
    nodes: z.ZodArray<z.ZodPipe<z.ZodString, z.ZodTransform<NodeName, string>>>;
}, z.core.$strict>;
export declare class StaticStrategy extends BaseStrategy<StaticConfig> {
    static parseConfig(raw: unknown): StaticConfig;
    protected onStart(): void;
    protected onStop(): void;
}
export type StaticConfigInput = z.input<typeof schema>;
export {};

// ---- strategies/store/heartbeat-store-strategy.d.ts
import type { StrategyContext } from '../../core/strategy.js';
import type { StoreTiming } from './store-config.js';
import { StoreStrategy } from './store-strategy.js';
export declare abstract class HeartbeatStoreStrategy<Config extends StoreTiming> extends StoreStrategy<Config> {
    protected readonly cycleInterval: number;
    protected readonly operationTimeout: number;
    constructor(context: StrategyContext<Config>);
    protected get connectTimeout(): number;
}

// ---- strategies/store/index.d.ts
export type { StoreTiming } from './store-config.js';
export { PeerDependencyMissingError, StoreEntryInvalidError, StoreUnavailableError, } from './store-errors.js';

// ---- strategies/store/store-config.d.ts
import { z } from 'zod';
export declare const storeDefaults: {
    readonly heartbeatIntervalMs: 5000;
    readonly ttlMs: 15000;
    readonly reconnectInitialDelayMs: 250;
    readonly reconnectMaxDelayMs: 10000;
};
export interface StoreTiming {
    readonly heartbeatInterval: number;
    readonly ttl: number;
}
export declare const timingFields: {
    heartbeatInterval: z.ZodDefault<z.ZodNumber>;
    ttl: z.ZodDefault<z.ZodNumber>;
};
export declare function heartbeatBelowTtl(value: StoreTiming, ctx: z.RefinementCtx): void;
export declare const prefixSchema: (example: string) => z.ZodString;

// ---- strategies/store/store-errors.d.ts
import { DiscoveryError, MusterError } from '../../core/errors.js';
export declare class StoreUnavailableError extends DiscoveryError {
    readonly target: string;
    constructor(topology: string, target: string, reason: string, options?: {
        cause?: unknown;
    });
}
export declare class StoreEntryInvalidError extends MusterError {
    readonly entry: string;
    constructor(entry: string, reason: string);
}
export declare class PeerDependencyMissingError extends MusterError {
    readonly dependency: string;
    constructor(dependency: string, strategy: string, options?: {
        cause?: unknown;
    });
}

// ---- strategies/store/store-session.d.ts
export interface StoreChange {
    readonly entry: string;
    readonly join: boolean;
}
export interface StoreListener {
    changed(changes: readonly StoreChange[]): void;
    resync(): void;
    lost(reason: unknown): void;
}
export interface StoreSession {
    announce(): Promise<void>;
    list(): Promise<string[]>;
    withdraw(): Promise<void>;
    close(): Promise<void>;
}
export interface StoreDriver {
    readonly target: string;
    open(listener: StoreListener): Promise<StoreSession>;
}

// ---- strategies/store/store-strategy.d.ts
import { BaseStrategy } from '../../core/strategy.js';
import type { StoreDriver } from './store-session.js';
export declare abstract class StoreStrategy<Config> extends BaseStrategy<Config> {
    private driver;
    private session;
    private epoch;
    private attempt;
    private connecting;
    private syncing;
    private reconnectTimer;
    private cycleTimer;
    private buffered;
    private readonly warned;
    private connectedWaiters;
    protected abstract createDriver(): Promise<StoreDriver>;
    protected abstract readonly cycleInterval: number | undefined;
    protected abstract readonly operationTimeout: number;
    protected get connectTimeout(): number;
    get connected(): boolean;
    whenConnected(): Promise<void>;
    syncNow(): Promise<void>;
    protected onStart(): void;
    protected onStop(): Promise<void>;
    private connect;
    private open;
    private sync;
    private runSync;
    private scheduleCycle;
    private listenerFor;
    private apply;
    private lose;
    private toError;
    private nameOf;
    private timed;
    private isCurrent;
    private clearTimers;
}

// ---- testing/dns-server-zone.d.ts
export interface DnsSrvTarget {
    readonly target: string;
    readonly port: number;
    readonly priority?: number;
    readonly weight?: number;
}
type RecordKind = 'A' | 'AAAA' | 'SRV' | 'CNAME';
interface WireRecord {
    readonly owner: string;
    readonly type: RecordKind;
    readonly rdata: Buffer;
    readonly points?: string;
}
export declare class DnsZone {
    private readonly entries;
    version: number;
    private entry;
    setA(name: string, addresses: readonly string[]): void;
    setAAAA(name: string, addresses: readonly string[]): void;
    setSrv(name: string, targets: readonly DnsSrvTarget[]): void;
    setCname(name: string, target: string): void;
    remove(name: string): void;
    clear(): void;
    has(name: string): boolean;
    lookup(qname: string, qtype: string, chase: boolean, glue: boolean): {
        rcode: number;
        answers: WireRecord[];
        additionals: WireRecord[];
    };
}
export type ZoneAnswer = ReturnType<DnsZone['lookup']>;
export declare function encodeResponse(id: number, flags: number, qname: string, qtype: number, answer: ZoneAnswer, limit: number, edns: boolean): Buffer;
export {};

// ---- testing/dns-server.d.ts
import { EventEmitter } from 'eventemitter3';
import { type DnsSrvTarget, DnsZone } from './dns-server-zone.js';
export type { DnsSrvTarget };
export type DnsFaultMode = 'servfail' | 'refused' | 'drop' | 'wrong-id-first' | 'truncate' | 'malformed' | 'malformed-first' | 'slow' | 'formerr-edns' | 'formerr-edns-bare' | 'notimp-edns' | 'drop-edns';
export interface DnsFault {
    readonly mode: DnsFaultMode;
    readonly transport?: 'udp' | 'tcp' | 'both';
    readonly count?: number;
    readonly delay?: number;
}
export interface DnsServerOptions {
    readonly host?: string;
    readonly port?: number;
    readonly chaseCnames?: boolean;
    readonly srvGlue?: boolean;
}
export interface DnsQueryEvent {
    readonly name: string;
    readonly type: string;
    readonly transport: 'udp' | 'tcp';
    readonly edns: boolean;
}
export interface DnsServerEvents {
    query: (query: DnsQueryEvent) => void;
}
export declare class DnsServer extends EventEmitter<DnsServerEvents> {
    readonly zone: DnsZone;
    readonly stats: {
        udp: number;
        tcp: number;
    };
    private readonly options;
    private udp;
    private tcp;
    private readonly connections;
    private fault;
    private cache;
    private cacheVersion;
    private bound;
    constructor(options?: DnsServerOptions);
    get address(): string;
    setA(name: string, addresses: readonly string[]): this;
    setAAAA(name: string, addresses: readonly string[]): this;
    setSrv(name: string, targets: readonly DnsSrvTarget[]): this;
    setCname(name: string, target: string): this;
    remove(name: string): this;
    clear(): this;
    setFault(fault: DnsFault | undefined): this;
    start(): Promise<{
        host: string;
        port: number;
    }>;
    stop(): Promise<void>;
    private onUdp;
    private onConnection;
    private takeFault;
    private handle;
    private answerFor;
}

// ---- testing/index.d.ts
export { type DnsFault, type DnsFaultMode, type DnsQueryEvent, DnsServer, type DnsServerEvents, type DnsServerOptions, type DnsSrvTarget, } from './dns-server.js';
export { KubernetesApiEmulator, type KubernetesApiEmulatorOptions, type KubernetesFault, type KubernetesFaultMatch, type KubernetesRequestInfo, } from './kubernetes-api-emulator.js';
export type { EmulatorRule as KubernetesEmulatorRule, EmulatorTokenInit as KubernetesEmulatorTokenInit, EmulatorVerb as KubernetesEmulatorVerb, } from './kubernetes-emulator-access.js';
export { type EmulatorEndpointInit as KubernetesEndpointInit, type EmulatorPodInit as KubernetesPodInit, type EmulatorSliceInit as KubernetesSliceInit, endpointSliceObject, podObject, } from './kubernetes-emulator-objects.js';
export type { EmulatorResource as KubernetesEmulatorResource, KubeObject, } from './kubernetes-emulator-store.js';
export { ManualClock } from './manual-clock.js';
export { type EmulatorContainerInit, type EmulatorServiceInit, type RancherEmulatorApiVersion, type RancherFault, type RancherFaultMatch, type RancherJson, RancherMetadataEmulator, type RancherMetadataEmulatorOptions, type RancherRequestInfo, } from './rancher-metadata-emulator.js';
export { type ComplianceFixture, type ComplianceMatchers, type ComplianceSubject, type ComplianceTestApi, complianceContext, strategyComplianceSuite, } from './strategy-compliance.js';

// ---- testing/kubernetes-api-emulator.d.ts
import { type EmulatorTokenInit } from './kubernetes-emulator-access.js';
import { type EmulatorPodInit, type EmulatorSliceInit } from './kubernetes-emulator-objects.js';
import { type KubernetesFault, type KubernetesFaultMatch, type KubernetesRequestInfo } from './kubernetes-emulator-requests.js';
import { type EmulatorResource, type KubeObject, KubernetesEmulatorStore } from './kubernetes-emulator-store.js';
export interface KubernetesApiEmulatorOptions {
    readonly host?: string;
    readonly port?: number;
    readonly tls?: {
        readonly key: string;
        readonly cert: string;
    };
    readonly historyLimit?: number;
    readonly bookmarkIntervalMs?: number;
    readonly anonymous?: EmulatorTokenInit;
}
export declare class KubernetesApiEmulator {
    readonly store: KubernetesEmulatorStore;
    private readonly log;
    private readonly options;
    private server;
    private baseUrl;
    private readonly tokens;
    private readonly watches;
    private readonly hung;
    private bookmarkTimer;
    constructor(options?: KubernetesApiEmulatorOptions);
    get url(): string;
    get openWatches(): number;
    start(): Promise<string>;
    stop(): Promise<void>;
    addToken(token: string, init?: EmulatorTokenInit): void;
    removeToken(token: string): void;
    put(resource: EmulatorResource, object: Record<string, unknown>): KubeObject;
    delete(resource: EmulatorResource, namespace: string, name: string): boolean;
    putEndpointSlice(init: EmulatorSliceInit): KubeObject;
    putPod(init: EmulatorPodInit): KubeObject;
    compact(): void;
    bookmark(): void;
    expireWatches(): void;
    dropWatches(): void;
    endWatches(): void;
    injectFault(fault: KubernetesFault, options?: {
        match?: KubernetesFaultMatch;
        times?: number;
    }): () => void;
    clearFaults(): void;
    get requests(): readonly KubernetesRequestInfo[];
    waitForRequest(predicate?: (r: KubernetesRequestInfo) => boolean): Promise<KubernetesRequestInfo>;
    private handle;
    private get;
    private matcher;
    private watch;
}
export type { KubernetesFault, KubernetesFaultMatch, KubernetesRequestInfo, } from './kubernetes-emulator-requests.js';

// ---- testing/kubernetes-emulator-access.d.ts
import type { EmulatorResource } from './kubernetes-emulator-store.js';
export type EmulatorVerb = 'get' | 'list' | 'watch';
export interface EmulatorRule {
    readonly verbs: readonly EmulatorVerb[] | '*';
    readonly resources: readonly EmulatorResource[] | '*';
    readonly namespaces?: readonly string[];
}
export interface EmulatorTokenInit {
    readonly user?: string;
    readonly rules?: readonly EmulatorRule[];
}
export interface EmulatorIdentity {
    readonly user: string;
    readonly rules: readonly EmulatorRule[];
}
export declare const ALLOW_ALL: readonly EmulatorRule[];
export declare function allows(identity: EmulatorIdentity, verb: EmulatorVerb, resource: EmulatorResource, namespace: string | undefined): boolean;
export declare const GROUP_OF: Record<EmulatorResource, string>;
export declare function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown>;
export declare function forbidden(user: string, verb: EmulatorVerb, resource: EmulatorResource, namespace: string | undefined): Record<string, unknown>;

// ---- testing/kubernetes-emulator-objects.d.ts
export interface EmulatorEndpointInit {
    readonly address: string;
    readonly ready?: boolean;
    readonly serving?: boolean;
    readonly terminating?: boolean;
    readonly hostname?: string;
    readonly podName?: string;
}
export interface EmulatorSliceInit {
    readonly service: string;
    readonly namespace?: string;
    readonly name?: string;
    readonly addressType?: 'IPv4' | 'IPv6' | 'FQDN';
    readonly endpoints: readonly EmulatorEndpointInit[];
    readonly port?: {
        readonly name: string;
        readonly port: number;
    };
}
export declare function endpointSliceObject(init: EmulatorSliceInit): Record<string, unknown>;
export interface EmulatorPodInit {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly podIP?: string;
    readonly podIPs?: readonly string[];
    readonly phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
    readonly ready?: boolean;
    readonly terminating?: boolean;
    readonly hostname?: string;
    readonly subdomain?: string;
}
export declare function podObject(init: EmulatorPodInit): Record<string, unknown>;

// ---- testing/kubernetes-emulator-requests.d.ts
import type { ServerResponse } from 'node:http';
import type { EmulatorVerb } from './kubernetes-emulator-access.js';
import type { EmulatorResource } from './kubernetes-emulator-store.js';
export type KubernetesFault = 
{
    readonly kind: 'status';
    readonly status: number;
    readonly reason?: string;
}
 | {
    readonly kind: 'reset';
}
 | {
    readonly kind: 'hang';
};
export interface KubernetesRequestInfo {
    readonly method: string;
    readonly path: string;
    readonly query: URLSearchParams;
    readonly verb: EmulatorVerb | 'discovery' | 'unknown';
    readonly resource: EmulatorResource | undefined;
    readonly namespace: string | undefined;
    readonly token: string | undefined;
    readonly accept: string;
}
export type KubernetesFaultMatch = 'all' | EmulatorVerb | ((request: KubernetesRequestInfo) => boolean);
export declare function faultMatches(match: KubernetesFaultMatch, request: KubernetesRequestInfo): boolean;
export declare function routeOf(path: string): {
    resource: EmulatorResource;
    namespace: string | undefined;
    name: string | undefined;
} | undefined;
export declare function json(res: ServerResponse, code: number, body: unknown): void;

// ---- testing/kubernetes-emulator-store.d.ts
export type EmulatorResource = 'pods' | 'endpointslices';
export type KubeObject = Record<string, unknown> & {
    metadata: Record<string, unknown> & {
        name: string;
        namespace: string;
    };
};
export interface StoredEvent {
    readonly rv: number;
    readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
    readonly resource: EmulatorResource;
    readonly object: KubeObject;
    readonly previous?: KubeObject;
}
export declare function typeMetaOf(resource: EmulatorResource): {
    kind: string;
    apiVersion: string;
};
export declare class KubernetesEmulatorStore {
    private readonly historyLimit;
    private revision;
    private readonly objects;
    private history;
    private compactedBelow;
    private readonly listeners;
    private readonly snapshots;
    constructor(historyLimit?: number);
    get resourceVersion(): number;
    get compactedResourceVersion(): number;
    put(resource: EmulatorResource, object: Record<string, unknown>): KubeObject;
    delete(resource: EmulatorResource, namespace: string, name: string): boolean;
    get(resource: EmulatorResource, namespace: string, name: string): KubeObject | undefined;
    list(resource: EmulatorResource, namespace?: string): KubeObject[];
    keepSnapshot(rv: number, items: readonly KubeObject[]): void;
    snapshot(rv: number): readonly KubeObject[] | undefined;
    since(rv: number): StoredEvent[] | 'gone';
    compact(): void;
    subscribe(listener: (event: StoredEvent) => void): () => void;
    private record;
}
export declare function sortKey(o: KubeObject): string;

// ---- testing/manual-clock.d.ts
import type { Clock, TimerHandle } from '../core/clock.js';
export declare class ManualClock implements Clock {
    private time;
    private seq;
    private readonly timers;
    constructor(start?: number);
    now(): number;
    setTimeout(fn: () => void, ms: number): TimerHandle;
    clearTimeout(handle: TimerHandle): void;
    get pending(): number;
    nextDue(): number | undefined;
    advance(ms: number): Promise<void>;
    private fire;
    private due;
}

// ---- testing/rancher-emulator-faults.d.ts
import type { ServerResponse } from 'node:http';
import type { Json } from './rancher-emulator-model.js';
export type RancherFault = 
{
    readonly kind: 'status';
    readonly status: number;
}
 | {
    readonly kind: 'hang';
}
 | {
    readonly kind: 'delay';
    readonly ms: number;
}
 | {
    readonly kind: 'garbage';
}
 | {
    readonly kind: 'huge';
    readonly bytes: number;
    readonly announceLength?: boolean;
}
 | {
    readonly kind: 'wrong-types';
}
 | {
    readonly kind: 'reset';
}
 | {
    readonly kind: 'ignore-long-poll';
};
export type RancherFaultMatch = 'all' | 'long-poll' | 'reads' | string | ((request: RancherRequestInfo) => boolean);
export interface RancherRequestInfo {
    readonly path: string;
    readonly apiVersion: string;
    readonly query: URLSearchParams;
    readonly json: boolean;
    readonly longPoll: boolean;
}
export declare function faultMatches(m: RancherFaultMatch, req: RancherRequestInfo): boolean;
export declare function withWrongTypes(value: Json): Json;
export declare function writeGarbage(res: ServerResponse): void;
export declare function writeHuge(res: ServerResponse, bytes: number, announceLength: boolean): void;

// ---- testing/rancher-emulator-model.d.ts
export type RancherEmulatorApiVersion = 'latest' | '2015-12-19' | '2015-07-25';
export declare const RANCHER_EMULATOR_VERSIONS: readonly RancherEmulatorApiVersion[];
export type Json = string | number | boolean | null | Json[] | {
    [key: string]: Json;
};
export interface EmulatorContainerInit {
    readonly stack: string;
    readonly service: string;
    readonly name?: string;
    readonly primaryIp?: string | null;
    readonly state?: string;
    readonly healthState?: string | null;
    readonly labels?: Readonly<Record<string, string>>;
}
export interface EmulatorServiceInit {
    readonly stack: string;
    readonly name: string;
    readonly healthCheck?: boolean;
    readonly scale?: number;
    readonly metadata?: Readonly<Record<string, Json>>;
}
export declare class RancherEmulatorModel {
    private readonly stacks;
    private readonly services;
    private readonly containers;
    private nextCreateIndex;
    private nextIp;
    private selfName;
    private versionCounter;
    private readonly listeners;
    get version(): string;
    onChange(fn: () => void): () => void;
    touch(): void;
    addStack(name: string): void;
    addService(init: EmulatorServiceInit): string[];
    removeService(stack: string, name: string): void;
    addContainer(init: EmulatorContainerInit): string;
    removeContainer(name: string): void;
    scale(stack: string, service: string, count: number): string[];
    setState(name: string, state: string): void;
    setHealth(name: string, healthState: string | null): void;
    setPrimaryIp(name: string, ip: string | null): void;
    patchContainer(name: string, fields: Record<string, Json | undefined>): void;
    setSelf(name: string | undefined): void;
    containerNames(stack: string, service: string): string[];
    ipOf(name: string): string | null;
    tree(version: RancherEmulatorApiVersion): {
        [key: string]: Json;
    };
    private createContainer;
    private allocateIp;
    private containersOf;
    private mustGet;
    private containerDoc;
    private serviceDoc;
    private stackDoc;
}

// ---- testing/rancher-metadata-emulator.d.ts
import { type RancherFault, type RancherFaultMatch, type RancherRequestInfo } from './rancher-emulator-faults.js';
import { RancherEmulatorModel } from './rancher-emulator-model.js';
export interface RancherMetadataEmulatorOptions {
    readonly host?: string;
    readonly port?: number;
    readonly defaultMaxWait?: number;
}
export declare class RancherMetadataEmulator extends RancherEmulatorModel {
    private readonly options;
    private server;
    private baseUrl;
    private readonly log;
    private readonly open;
    private readonly timers;
    constructor(options?: RancherMetadataEmulatorOptions);
    get url(): string;
    get requests(): readonly RancherRequestInfo[];
    get parkedLongPolls(): number;
    start(): Promise<string>;
    stop(): Promise<void>;
    injectFault(fault: RancherFault, options?: {
        match?: RancherFaultMatch;
        times?: number;
    }): () => void;
    clearFaults(): void;
    waitForRequest(predicate?: (r: RancherRequestInfo) => boolean): Promise<RancherRequestInfo>;
    private handle;
    private answer;
    private longPoll;
    private send;
    private notFound;
    private track;
}
export type { RancherFault, RancherFaultMatch, RancherRequestInfo, } from './rancher-emulator-faults.js';
export type { EmulatorContainerInit, EmulatorServiceInit, Json as RancherJson, RancherEmulatorApiVersion, } from './rancher-emulator-model.js';

// ---- testing/strategy-compliance.d.ts
import { type NodeName } from '../core/node-name.js';
import type { Strategy, StrategyContext } from '../core/strategy.js';
export interface ComplianceMatchers {
    toBe(expected: unknown): void;
    toEqual(expected: unknown): void;
    toHaveLength(length: number): void;
    toBeLessThanOrEqual(n: number): void;
    toBeGreaterThanOrEqual(n: number): void;
}
export interface ComplianceTestApi {
    describe(name: string, body: () => void): void;
    it(name: string, body: () => Promise<void>): void;
    expect(actual: unknown): ComplianceMatchers;
}
export interface ComplianceSubject {
    readonly strategy: Strategy;
    setNodes?(nodes: NodeName[]): Promise<void>;
    breakSource?(): Promise<void>;
    healSource?(): Promise<void>;
    refresh?(): Promise<void>;
}
export interface ComplianceFixture {
    readonly initial: NodeName[];
    readonly extra: NodeName[];
    create(): Promise<ComplianceSubject>;
    cleanup(subject: ComplianceSubject): Promise<void>;
}
export declare function complianceContext<Config>(topology: string, config: Config, self?: string): StrategyContext<Config>;
export declare function strategyComplianceSuite(name: string, fixture: ComplianceFixture, api: ComplianceTestApi): void;

// ---- transport/callback-transport.d.ts
import type { NodeName } from '../core/node-name.js';
import { MembershipTransport } from './membership-transport.js';
import type { DialOptions, TransportStartOptions } from './transport.js';
export interface CallbackTransportOptions {
    readonly kind: 'callback';
    connect(node: NodeName): boolean | Promise<boolean>;
    disconnect(node: NodeName): unknown;
    list?(): readonly string[];
    start?(self: NodeName, cluster: CallbackTransportContext): unknown;
}
export interface CallbackTransportContext {
    admit(peer: NodeName): Promise<boolean>;
    closed(node: NodeName): void;
}
export declare class CallbackTransport extends MembershipTransport {
    private readonly options;
    constructor(options: CallbackTransportOptions);
    start(self: NodeName, options?: TransportStartOptions): Promise<void>;
    dial(node: NodeName, { signal }: DialOptions): Promise<void>;
    disconnect(node: NodeName): Promise<void>;
    stop(): Promise<void>;
    nodes(): NodeName[];
}

// ---- transport/membership-transport.d.ts
import { EventEmitter } from 'eventemitter3';
import type { NodeName } from '../core/node-name.js';
import type { BroadcastResult, DialOptions, NodeDownReason, SendResult, Transport, TransportEvents, TransportStartOptions } from './transport.js';
export declare class MembershipTransport extends EventEmitter<TransportEvents> implements Transport {
    protected readonly connected: Set<NodeName>;
    start(_self: NodeName, _options?: TransportStartOptions): Promise<void>;
    stop(): Promise<void>;
    dial(node: NodeName, _options: DialOptions): Promise<void>;
    disconnect(node: NodeName): Promise<void>;
    isConnected(node: NodeName): boolean;
    nodes(): NodeName[];
    send(_node: NodeName, _topic: string, _payload: unknown): boolean;
    broadcast(_topic: string, _payload: unknown): number;
    trySend(_node: NodeName, _topic: string, _payload: unknown): SendResult;
    tryBroadcast(_topic: string, _payload: unknown): BroadcastResult;
    protected markUp(node: NodeName): void;
    protected markDown(node: NodeName, reason: NodeDownReason): void;
}

// ---- transport/tcp/close-reason.d.ts
import type { NodeDownReason } from '../transport.js';
export type CloseReason = NodeDownReason
 | 'refused'
 | 'handshake_failed' | 'handshake_timeout'
 | 'unreachable'
 | 'aborted'
 | 'superseded'
 | 'tls_mismatch';
export declare function nodeDownReason(reason: CloseReason): NodeDownReason;

// ---- transport/tcp/connection-host.d.ts
import type { Socket } from 'node:net';
import type { Logger } from '../../core/logger.js';
import type { NodeName } from '../../core/node-name.js';
import type { CloseReason } from './close-reason.js';
import type { Connection } from './connection.js';
import type { MacScratch } from './frame-mac.js';
import type { RefuseCode } from './handshake-codec.js';
import type { ChallengePool, CookieProof } from './handshake-crypto.js';
import type { Link } from './link.js';
import type { RateLimitedLog } from './rate-limited-log.js';
export interface ConnectionHost {
    readonly self: NodeName;
    readonly proof: CookieProof;
    readonly challenges: ChallengePool;
    readonly maxFrameSize: number;
    readonly maxMessageDepth: number;
    readonly logger: Logger;
    readonly strangers: RateLimitedLog;
    readonly maxSendBuffer: number;
    drained(link: Link): void;
    readonly macScratch: MacScratch;
    readonly tls: boolean;
    upgrade(socket: Socket, peer: NodeName): Socket;
    admit(from: NodeName): RefuseCode | 0 | Promise<RefuseCode | 0>;
    connectionUp(conn: Connection): void;
    connectionClosed(conn: Connection, reason: CloseReason, detail: string | undefined): void;
    message(from: NodeName, topic: string, payload: unknown): void;
}
export type ConnectionState = 'resolving' | 'awaiting-challenge' | 'awaiting-proof' | 'awaiting-hello' | 'admitting' | 'up' | 'closed';

// ---- transport/tcp/connection.d.ts
import type { Socket } from 'node:net';
import type { NodeName } from '../../core/node-name.js';
import type { CloseReason } from './close-reason.js';
import type { ConnectionHost, ConnectionState } from './connection-host.js';
import type { DialOutcome } from './dial-outcome.js';
import { FrameType } from './frame.js';
import { type FrameHandler } from './frame-decoder.js';
import { Link } from './link.js';
export type { ConnectionHost, ConnectionState } from './connection-host.js';
export declare class Connection extends Link implements FrameHandler {
    state: ConnectionState;
    readonly outgoing: boolean;
    startedAt: number;
    outcome: DialOutcome | undefined;
    socketError: Error | undefined;
    heard: boolean;
    admissionKey: string | undefined;
    refusedWith: number;
    wasUp: boolean;
    private readonly decoder;
    private challenge;
    private upgraded;
    private peerChallenge;
    constructor(host: ConnectionHost, outgoing: boolean, startedAt: number, peer?: NodeName);
    get isUp(): boolean;
    attach(socket: Socket, readsInPlace?: boolean): void;
    private listen;
    leave(lingerMs: number): void;
    close(reason: CloseReason, detail: string | undefined, lingerMs?: number): void;
    onData(chunk: Buffer): void;
    onFrame(type: FrameType, body: Buffer): boolean;
    private onUpFrame;
    private onHello;
    private admitted;
    private onChallenge;
    private onProof;
    private onRefuse;
    private startTls;
    private tlsMismatch;
    private becomeUp;
    private refuse;
    private handshakeFailed;
    private unexpected;
    private fail;
    private logHandshake;
    private get isStranger();
}

// ---- transport/tcp/counters.d.ts
import type { CloseReason } from './close-reason.js';
import type { Connection } from './connection.js';
import type { AdmissionStats } from './handshake-admission.js';
export declare class TcpCounters {
    accepted: number;
    dialed: number;
    private readonly failures;
    readonly countDial: () => void;
    failed(conn: Connection, reason: CloseReason): void;
    snapshot(live: number, dials: Iterable<Connection>): TcpConnectionStats;
}
export type TcpTransportStats = TcpConnectionStats & AdmissionStats;
export interface TcpConnectionStats {
    readonly sockets: number;
    readonly accepted: number;
    readonly dialed: number;
    readonly handshakeFailures: Readonly<Record<string, number>>;
}

// ---- transport/tcp/dial-outcome.d.ts
import { ConnectError } from '../../core/errors.js';
import type { NodeName } from '../../core/node-name.js';
import type { CloseReason } from './close-reason.js';
export declare class DialOutcome {
    readonly signal: AbortSignal;
    private readonly onAbort;
    readonly promise: Promise<void>;
    private resolve;
    private reject;
    private settled;
    get done(): boolean;
    constructor(signal: AbortSignal, onAbort: () => void);
    settle(error?: ConnectError): void;
}
export interface DialEnd {
    readonly reason: CloseReason;
    readonly detail: string | undefined;
    readonly refusedWith: number;
    readonly socketError: (Error & {
        code?: string;
    }) | undefined;
    readonly heard: boolean;
    readonly tls: boolean;
}
export declare function connectErrorFor(node: NodeName, end: DialEnd): ConnectError;

// ---- transport/tcp/frame-decoder.d.ts
import { type FrameType } from './frame.js';
export type FrameCallback = (type: FrameType, body: Buffer) => boolean;
export interface FrameHandler {
    onFrame(type: FrameType, body: Buffer): boolean;
}
export type FrameSink = FrameCallback | FrameHandler;
export declare class FrameDecoder {
    maxFrameSize: number;
    private partial;
    private pendingBytes;
    private prefix;
    private frameSize;
    constructor(maxFrameSize: number);
    get buffered(): number;
    get retained(): number;
    push(chunk: Buffer, sink: FrameSink): void;
    reset(): void;
    private completePending;
    private append;
    private deliver;
}

// ---- transport/tcp/frame-mac.d.ts
export declare const MAC_SIZE = 16;
export declare class MacScratch {
    readonly inner: Buffer<ArrayBuffer>;
    readonly outer: Buffer<ArrayBuffer>;
    readonly expected: Buffer<ArrayBuffer>;
}
export declare class FrameMac {
    private readonly sendKey;
    private readonly receiveKey;
    private readonly scratch;
    private sent;
    private received;
    private readonly pads;
    constructor(sendKey: Buffer, receiveKey: Buffer, scratch: MacScratch);
    seal(frame: Buffer): Buffer;
    open(type: number, body: Buffer): Buffer | undefined;
    private tagInto;
}

// ---- transport/tcp/frame.d.ts
export declare const LENGTH_PREFIX_SIZE = 4;
export declare const FRAME_HEADER_SIZE: number;
export declare const FrameType: {
    readonly hello: 1;
    readonly challenge: 2;
    readonly proof: 3;
    readonly refuse: 4;
    readonly tick: 5;
    readonly message: 6;
    readonly leaving: 7;
};
export type FrameType = (typeof FrameType)[keyof typeof FrameType];
export declare function isFrameType(type: number): type is FrameType;
export declare function allocFrame(type: FrameType, bodySize: number): Buffer;
export declare function encodeFrame(type: FrameType, body?: Uint8Array): Buffer;
export declare const TICK_FRAME: Buffer<ArrayBufferLike>;
export declare const LEAVING_FRAME: Buffer<ArrayBufferLike>;
export declare function checkFrameLength(length: number, maxFrameSize: number): void;
export interface Frame {
    readonly type: FrameType;
    readonly body: Buffer;
}
export declare function decodeFrame(buf: Buffer, offset?: number, maxFrameSize?: number): {
    frame: Frame;
    bytes: number;
};

// ---- transport/tcp/handshake-admission.d.ts
import type { Socket } from 'node:net';
import type { Clock } from '../../core/clock.js';
import type { RateLimitedLog } from './rate-limited-log.js';
export interface AdmissionLimits {
    readonly maxHandshakes: number;
    readonly maxHandshakesPerAddress: number;
    readonly handshakeTimeout: number;
}
export interface AdmissionStats {
    readonly handshaking: number;
    readonly handshakesRefused: number;
    readonly handshakesTimedOut: number;
}
export declare class HandshakeAdmission {
    private readonly limits;
    private readonly clock;
    private readonly log;
    private readonly entries;
    private readonly perAddress;
    private readonly sweeper;
    private refused;
    private timedOut;
    constructor(limits: AdmissionLimits, clock: Clock, log: RateLimitedLog);
    readonly admit: (socket: Socket) => boolean;
    keyOf(socket: Socket): string;
    attach(key: string): number | undefined;
    release(key: string, socket: Socket): void;
    settle(key: string): void;
    stats(): AdmissionStats;
    stop(): void;
    private sweep;
}

// ---- transport/tcp/handshake-codec.d.ts
import type { AdmitVerdict } from '../../core/admission.js';
import type { RefusalReason } from '../../core/errors.js';
import type { NodeName } from '../../core/node-name.js';
export declare const PROTOCOL_VERSION = 3;
export declare const CHALLENGE_SIZE = 32;
export declare const DIGEST_SIZE = 32;
export declare const HANDSHAKE_MAX_FRAME = 1024;
export declare const RefuseCode: {
    readonly simultaneous: 1;
    readonly wrongName: 2;
    readonly version: 3;
    readonly stopping: 4;
    readonly badProof: 5;
    readonly notAllowed: 6;
    readonly tlsMismatch: 7;
    readonly discoveryUnavailable: 8;
};
export type RefuseCode = (typeof RefuseCode)[keyof typeof RefuseCode];
export declare function refusalReason(code: number): RefusalReason;
export declare function admitCode(verdict: AdmitVerdict | boolean): RefuseCode | 0;
export declare function refusalText(code: number): string;
export interface Challenge {
    readonly version: number;
    readonly challenge: Buffer;
}
export interface Hello {
    readonly version: number;
    readonly challenge: Buffer;
    readonly proof: Buffer;
    readonly from: NodeName;
    readonly to: NodeName;
}
export declare function encodeChallenge(challenge: Buffer): Buffer;
export declare function handshakeVersion(body: Buffer): number;
export declare function decodeChallenge(body: Buffer): Challenge;
export declare function encodeHello(challenge: Buffer, proof: Buffer, from: NodeName, to: NodeName): Buffer;
export declare function decodeHello(body: Buffer): Hello;
export declare function encodeProof(digest: Buffer): Buffer;
export declare function decodeProof(body: Buffer): Buffer;
export declare function encodeRefuse(code: RefuseCode): Buffer;
export declare function decodeRefuse(body: Buffer): number;

// ---- transport/tcp/handshake-crypto.d.ts
import type { NodeName } from '../../core/node-name.js';
type OneShotHash = (algorithm: string, data: Uint8Array, encoding: 'binary') => string;
export declare const oneShotHash: OneShotHash | undefined;
export type ProofDirection = 'acceptor' | 'dialer';
export declare class CookieProof {
    private readonly key;
    private readonly inner;
    private readonly outer;
    private readonly expected;
    private readonly challenges;
    constructor(cookie: string);
    digest(direction: ProofDirection, challenge: Buffer, dialer: NodeName, acceptor: NodeName): Buffer;
    verify(direction: ProofDirection, received: Buffer, challenge: Buffer, dialer: NodeName, acceptor: NodeName): boolean;
    private digestInto;
    sessionKeys(challengeA: Buffer, challengeD: Buffer, dialer: NodeName, acceptor: NodeName): {
        readonly dialer: Buffer;
        readonly acceptor: Buffer;
    };
    toJSON(): string;
}
export declare class ChallengePool {
    private readonly pool;
    private offset;
    next(): Buffer;
}
export {};

// ---- transport/tcp/index.d.ts
export type { TcpTransportStats } from './counters.js';
export type { TcpTransportInput, TcpTransportOptions } from './tcp-options.js';
export { TcpTransport } from './tcp-transport.js';

// ---- transport/tcp/link.d.ts
import type { Socket } from 'node:net';
import type { NodeName } from '../../core/node-name.js';
import type { ConnectionHost } from './connection-host.js';
import type { FrameMac } from './frame-mac.js';
export declare abstract class Link {
    protected readonly host: ConnectionHost;
    peer: NodeName | undefined;
    silentSweeps: number;
    idleSweeps: number;
    full: boolean;
    fullSweeps: number;
    protected socket: Socket | undefined;
    protected mac: FrameMac | undefined;
    constructor(host: ConnectionHost);
    get remoteAddress(): string | undefined;
    queue(frame: Buffer): boolean;
    onDrain(): void;
    write(frame: Buffer): void;
    tick(): void;
    closedSocket(): Promise<void>;
    destroySocket(): void;
    protected endSocket(lingerMs: number): void;
}

// ---- transport/tcp/rate-limited-log.d.ts
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
export declare const STRANGER_WARNING_PERIOD_MS = 60000;
export declare class RateLimitedLog {
    private readonly logger;
    private readonly clock;
    private readonly periodMs;
    private readonly last;
    constructor(logger: Logger, clock: Clock, periodMs?: number);
    warn(fields: Record<string, unknown>, message: string): void;
}

// ---- transport/tcp/tcp-options.d.ts
import { z } from 'zod';
export declare const tcpTransportSchema: z.ZodObject<{
    kind: z.ZodLiteral<"tcp">;
    port: z.ZodDefault<z.ZodNumber>;
    host: z.ZodOptional<z.ZodString>;
    tickTime: z.ZodDefault<z.ZodNumber>;
    handshakeTimeout: z.ZodDefault<z.ZodNumber>;
    maxFrameSize: z.ZodDefault<z.ZodNumber>;
    maxHandshakes: z.ZodDefault<z.ZodNumber>;
    maxHandshakesPerAddress: z.ZodDefault<z.ZodNumber>;
    maxSendBuffer: z.ZodDefault<z.ZodNumber>;
    maxMessageDepth: z.ZodDefault<z.ZodNumber>;
    epmd: z.ZodDefault<z.ZodUnion<readonly [z.ZodBoolean, z.ZodObject<{
        port: z.ZodOptional<z.ZodNumber>;
        start: z.ZodOptional<z.ZodEnum<{
            daemon: "daemon";
            "embedded-daemon": "embedded-daemon";
            "in-process": "in-process";
            never: "never";
        }>>;
    }, z.core.$strict>]>>;
    tls: z.ZodOptional<z.ZodObject<{
        key: z.ZodUnion<readonly [z.ZodString, z.ZodInstanceOf<Buffer<ArrayBufferLike>>]>;
        cert: z.ZodUnion<readonly [z.ZodString, z.ZodInstanceOf<Buffer<ArrayBufferLike>>]>;
        ca: z.ZodUnion<readonly [z.ZodString, z.ZodInstanceOf<Buffer<ArrayBufferLike>>, z.ZodArray<z.ZodUnion<readonly [z.ZodString, z.ZodInstanceOf<Buffer<ArrayBufferLike>>]>>]>;
    }, z.core.$strict>>;
}, z.core.$strict>;
export type TcpTransportOptions = z.output<typeof tcpTransportSchema>;
export type TcpTransportInput = z.input<typeof tcpTransportSchema>;

// ---- transport/tcp/tcp-transport.d.ts
import { EventEmitter } from 'eventemitter3';
import { type NodeName } from '../../core/node-name.js';
import type { BroadcastResult, DialOptions, SendResult, Transport, TransportContext, TransportEvents, TransportStartOptions } from '../transport.js';
import type { TcpTransportStats } from './counters.js';
import { type TcpTransportInput, type TcpTransportOptions } from './tcp-options.js';
export type { TcpTransportStats } from './counters.js';
export declare class TcpTransport extends EventEmitter<TransportEvents> implements Transport {
    private readonly options;
    private readonly maxFrameSize;
    private readonly logger;
    private readonly strangers;
    private readonly host;
    private readonly admission;
    private selfName;
    private readonly clock;
    private readonly sockets;
    private readonly portMapping;
    private readonly peers;
    private readonly up;
    private admits;
    private server;
    private boundPort;
    private state;
    static from(input: Omit<TcpTransportInput, 'kind'> & {
        kind?: 'tcp';
    }, context: TransportContext): TcpTransport;
    constructor(options: TcpTransportOptions, context: TransportContext);
    get self(): NodeName;
    address(): number | undefined;
    stats(): TcpTransportStats;
    start(self: NodeName, options?: TransportStartOptions): Promise<void>;
    stop(): Promise<void>;
    dial(node: NodeName, { signal }: DialOptions): Promise<void>;
    disconnect(node: NodeName): Promise<void>;
    isConnected(node: NodeName): boolean;
    nodes(): NodeName[];
    send(node: NodeName, topic: string, payload: unknown): boolean;
    trySend(node: NodeName, topic: string, payload: unknown): SendResult;
    broadcast(topic: string, payload: unknown): number;
    tryBroadcast(topic: string, payload: unknown): BroadcastResult;
    fullNodes(): NodeName[];
    private admit;
    private makeHost;
    private readonly onSocket;
    private emitSafely;
}

// ---- transport/transport-config.d.ts
import { z } from 'zod';
import type { CallbackTransportOptions } from './callback-transport.js';
import type { TcpTransportInput, TcpTransportOptions } from './tcp/tcp-options.js';
export declare const callbackSchema: z.ZodObject<{
    kind: z.ZodLiteral<"callback">;
    connect: z.ZodCustom<(...args: never[]) => unknown, (...args: never[]) => unknown>;
    disconnect: z.ZodCustom<(...args: never[]) => unknown, (...args: never[]) => unknown>;
    list: z.ZodOptional<z.ZodCustom<(...args: never[]) => unknown, (...args: never[]) => unknown>>;
    start: z.ZodOptional<z.ZodCustom<(...args: never[]) => unknown, (...args: never[]) => unknown>>;
}, z.core.$strict>;
export declare const noneSchema: z.ZodObject<{
    kind: z.ZodLiteral<"none">;
}, z.core.$strict>;
export type TransportConfig = TcpTransportOptions | CallbackTransportOptions | {
    kind: 'none';
};
export type TransportInput = TcpTransportInput | Exclude<TransportConfig, TcpTransportOptions> | {
    kind: string;
    [option: string]: unknown;
};

// ---- transport/transport.d.ts
import type { EventEmitter } from 'eventemitter3';
import type { AdmitVerdict } from '../core/admission.js';
import type { Clock } from '../core/clock.js';
import type { MusterError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { NodeName } from '../core/node-name.js';
export type NodeDownReason = 'shutdown' | 'disconnect' | 'stopped' | 'closed' | 'tick_timeout' | 'protocol_error' | 'frame_too_large' | 'send_stalled';
export interface TransportEvents {
    nodeup: (node: NodeName) => void;
    nodedown: (node: NodeName, reason: NodeDownReason, detail?: string) => void;
    message: (from: NodeName, topic: string, payload: unknown) => void;
    drain: (node: NodeName) => void;
    error: (error: MusterError) => void;
}
export type SendResult = 'queued' | 'not_connected' | 'buffer_full' | 'unsupported';
export interface BroadcastResult {
    readonly queued: number;
    readonly bufferFull: readonly NodeName[];
}
export interface DialOptions {
    readonly signal: AbortSignal;
}
export interface TransportStartOptions {
    readonly admit?: (peer: NodeName) => boolean | Promise<boolean>;
    readonly verdict?: (peer: NodeName) => AdmitVerdict | Promise<AdmitVerdict>;
}
export interface Transport extends EventEmitter<TransportEvents> {
    start(self: NodeName, options?: TransportStartOptions): Promise<void>;
    stop(): Promise<void>;
    dial(node: NodeName, options: DialOptions): Promise<void>;
    disconnect(node: NodeName): Promise<void>;
    isConnected(node: NodeName): boolean;
    nodes(): NodeName[];
    send(node: NodeName, topic: string, payload: unknown): boolean;
    broadcast(topic: string, payload: unknown): number;
    trySend?(node: NodeName, topic: string, payload: unknown): SendResult;
    tryBroadcast?(topic: string, payload: unknown): BroadcastResult;
}
export interface TransportContext {
    readonly logger: Logger;
    readonly clock: Clock;
    readonly cookie: string | undefined;
}
export type TransportFactory = (context: TransportContext) => Transport;
