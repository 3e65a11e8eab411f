import type { DependencyContainer } from 'tsyringe';
import { z } from 'zod';
import type { Transport, TransportFactory } from '../transport/transport.js';
import type { TransportInput } from '../transport/transport-config.js';
import type { BackoffPolicy } from './backoff.js';
import { defaultContainer } from './components.js';
import { defaults } from './defaults.js';
import { interpolate, isPlainObject, placeholdersIn, type VariableLookup } from './env-vars.js';
import { selectEnvironment } from './environments.js';
import { ConfigError, MusterError, UnknownStrategyError } from './errors.js';
import { identityKinds, identityProvider } from './identity.js';
import { LOG_LEVELS, type Logger, toLogLevel } from './logger.js';
import { type NodeName, toNodeName } from './node-name.js';
import { registeredStrategies, strategyClass } from './strategy-registry.js';
import type { TopologyInput } from './topology-types.js';
import { transportKind, transportKinds } from './transport-kinds.js';
import { describe, MAX_TIMER_MS, parseWith, schemas } from './validation.js';

const topologySchema = z.strictObject({
  strategy: schemas.nonEmptyString('a strategy name'),
  config: z.unknown().optional(),
  disconnectOnRemove: schemas.boolean().default(true),
});

const clusterSchema = z.strictObject({
  name: schemas.nonEmptyString('a node name like "hello@10.42.0.1"'),
  cookie: schemas.nonEmptyString('a non-empty string').optional(),
  // Checked by the kind's own parseConfig once the kind is known (see parseTransport).
  transport: z
    .looseObject({ kind: schemas.nonEmptyString('a transport kind').default('tcp') })
    .prefault({ kind: 'tcp' }),
  topologies: z
    .record(
      z.string().regex(/^[A-Za-z0-9_-]+$/, {
        error: 'expected topology names of letters, digits, "_" or "-"',
      }),
      topologySchema,
      { error: 'expected an object mapping topology names to { strategy, config }' },
    )
    .default({}),
  debounce: schemas
    .nonNegativeInt('an integer number of milliseconds >= 0')
    .default(defaults.debounceMs),
  dialYield: schemas
    .nonNegativeInt('an integer number of milliseconds >= 0')
    .default(defaults.dialYieldMs),
  admit: z.enum(['wanted', 'any'], { error: "expected 'wanted' or 'any'" }).default('wanted'),
  // Default: defaults.admitWaitMs, or half the tcp handshakeTimeout if that is less.
  admitWait: schemas.milliseconds().optional(),
  admitPollInterval: schemas
    .nonNegativeInt('an integer number of milliseconds >= 0')
    .default(defaults.admitPollIntervalMs),
  connectConcurrency: schemas.positiveInt().default(defaults.connectConcurrency),
  connectTimeout: schemas.milliseconds().default(defaults.connectTimeoutMs),
  startTimeout: schemas
    .nonNegativeInt('an integer number of milliseconds >= 0')
    .max(MAX_TIMER_MS, { error: `expected at most ${MAX_TIMER_MS} milliseconds` })
    .default(defaults.startTimeoutMs),
  retry: z
    .strictObject({
      initialDelay: schemas.milliseconds().default(defaults.retryInitialDelayMs),
      maxDelay: schemas.milliseconds().default(defaults.retryMaxDelayMs),
    })
    .prefault({})
    .superRefine((r, ctx) => {
      // The backoff grows from initialDelay up to maxDelay; the other way round is a typo.
      if (r.maxDelay < r.initialDelay) {
        ctx.addIssue({
          code: 'custom',
          path: ['maxDelay'],
          message: `expected milliseconds >= retry.initialDelay (${r.initialDelay}; default ${defaults.retryMaxDelayMs})`,
        });
      }
    }),
  logger: z
    .custom<Logger>((v) => typeof (v as Logger | undefined)?.child === 'function', {
      error: 'expected a pino logger',
    })
    .optional(),
  logLevel: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).optional(),
  identity: z.looseObject({ kind: schemas.nonEmptyString('an identity provider kind') }).optional(),
});

/**
 * What `transport` may be: a plain object for a built-in transport (`{ kind: 'tcp', port }`,
 * the default), a transport instance (one cluster only), or a factory called with the
 * cluster's logger, clock and cookie.
 */
export type TransportSetting = TransportInput | Transport | TransportFactory;

/** A plain transport block after its kind validated it. */
export interface TransportBlock {
  readonly kind: string;
  readonly [option: string]: unknown;
}

export type ClusterConfigInput = Omit<z.input<typeof clusterSchema>, 'transport' | 'topologies'> & {
  transport?: TransportSetting;
  /** Topology name -> `{ strategy, config }`, typed per strategy (see StrategyConfigs). */
  topologies?: Record<string, TopologyInput>;
  /** Per-environment partial configs selected by MUSTER_ENV, then NODE_ENV, then `default`. */
  environments?: Record<string, Record<string, unknown>>;
};

export interface ResolvedTopology {
  readonly name: string;
  readonly strategy: string;
  readonly config: unknown;
  readonly disconnectOnRemove: boolean;
}

export interface ResolvedConfig {
  /** Undefined while it still waits for identity variables (resolved at start). */
  readonly name: NodeName | undefined;
  readonly rawName: string;
  readonly cookie: string | undefined;
  readonly transport: TransportBlock | Transport | TransportFactory;
  readonly topologies: readonly ResolvedTopology[];
  readonly debounceMs: number;
  readonly dialYieldMs: number;
  /** Which proven inbound peers are admitted (docs/membership.md). */
  readonly admit: 'wanted' | 'any';
  readonly admitWaitMs: number;
  readonly admitPollIntervalMs: number;
  readonly connectConcurrency: number;
  readonly connectTimeoutMs: number;
  /** How long start() waits for the topologies' first answers (0: not at all). */
  readonly startTimeoutMs: number;
  readonly retry: BackoffPolicy;
  readonly logger: Logger | undefined;
  readonly logLevel: string | undefined;
  readonly identity: { readonly kind: string; readonly config: unknown } | undefined;
  readonly environment: string | undefined;
}

export interface ResolveOptions {
  readonly env?: Record<string, string | undefined>;
  /** Variables from an identity provider; when given, nothing is deferred. */
  readonly identityVariables?: Record<string, string>;
  /** Where strategies, transport kinds and identity providers are looked up by name. */
  readonly container?: DependencyContainer;
}

/**
 * Validates the whole config up front: environment block, `${VAR}`s, shape, every topology's
 * strategy config, the identity block. The first problem is thrown as a ConfigError naming
 * its path; nothing is started.
 */
export function resolveConfig(raw: unknown, options: ResolveOptions = {}): ResolvedConfig {
  if (!isPlainObject(raw)) throw new ConfigError('', 'a plain config object');
  const env = options.env ?? process.env;
  const scope = options.container ?? defaultContainer;
  const { config: selected, environment } = selectEnvironment(raw, env);

  const identityKind = isPlainObject(selected.identity) ? selected.identity.kind : undefined;
  const provider =
    typeof identityKind === 'string' ? identityProvider(identityKind, scope) : undefined;
  if (identityKind !== undefined && provider === undefined) {
    throw new ConfigError(
      'identity.kind',
      `one of: ${identityKinds(scope).join(', ') || '(none registered)'}`,
      String(identityKind),
    );
  }
  const identityVars = options.identityVariables;
  const lookup: VariableLookup = (name) => identityVars?.[name] ?? env[name];
  const deferred = new Set(identityVars === undefined ? (provider?.variables ?? []) : []);
  const interpolated = interpolate(selected, lookup, '', deferred);

  // A transport given as code is the user's: passed through, never interpolated or parsed.
  const given = pluggedTransport(selected.transport);
  const parsed = parseWith(
    clusterSchema,
    given === undefined ? interpolated : { ...interpolated, transport: undefined },
  );
  const waitsForIdentity = placeholdersIn(parsed.name).some((v) => deferred.has(v));
  const name = waitsForIdentity ? undefined : parseName(parsed.name);

  const transport = given ?? parseTransport(parsed.transport, parsed.cookie, scope);
  const admitWaitMs = admitWaitFor(parsed.admitWait, transport);

  return {
    name,
    rawName: parsed.name,
    cookie: parsed.cookie,
    transport,
    topologies: Object.entries(parsed.topologies).map(([topology, t]) => ({
      name: topology,
      strategy: t.strategy,
      config: parseStrategyConfig(topology, t.strategy, t.config, scope),
      disconnectOnRemove: t.disconnectOnRemove,
    })),
    debounceMs: parsed.debounce,
    dialYieldMs: parsed.dialYield,
    admit: parsed.admit,
    admitWaitMs,
    admitPollIntervalMs: parsed.admitPollInterval,
    connectConcurrency: parsed.connectConcurrency,
    connectTimeoutMs: parsed.connectTimeout,
    startTimeoutMs: parsed.startTimeout,
    retry: { initialDelayMs: parsed.retry.initialDelay, maxDelayMs: parsed.retry.maxDelay },
    logger: parsed.logger,
    // The environment's level is checked here too, so a typo fails createCluster, not later.
    logLevel:
      parsed.logLevel ??
      (env.MUSTER_LOG_LEVEL === undefined
        ? undefined
        : toLogLevel(env.MUSTER_LOG_LEVEL, 'MUSTER_LOG_LEVEL')),
    identity:
      provider && parsed.identity
        ? {
            kind: parsed.identity.kind,
            config: nested('identity', () => provider.parseConfig(parsed.identity)),
          }
        : undefined,
    environment,
  };
}

/** A transport instance (it has `dial`) or a factory function; undefined for a plain config. */
function pluggedTransport(value: unknown): Transport | TransportFactory | undefined {
  if (typeof value === 'function') return value as TransportFactory;
  if (value !== null && typeof value === 'object' && !isPlainObject(value)) {
    if (typeof (value as { dial?: unknown }).dial === 'function') return value as Transport;
  }
  return undefined;
}

/**
 * The handshake of a peer waiting for admission must end in a refusal the dialer can read,
 * not in the handshake deadline: `admitWait` stays below the transport's `handshakeTimeout`
 * (by default half of it at most; a larger value given explicitly is an error).
 */
function admitWaitFor(given: number | undefined, transport: ResolvedConfig['transport']): number {
  const handshake =
    typeof transport === 'function' || !('kind' in transport)
      ? undefined
      : (transport as TransportBlock).handshakeTimeout;
  if (typeof handshake !== 'number') return given ?? defaults.admitWaitMs;
  if (given === undefined)
    return Math.max(1, Math.min(defaults.admitWaitMs, Math.floor(handshake / 2)));
  if (given >= handshake) {
    throw new ConfigError(
      'admitWait',
      `fewer milliseconds than transport.handshakeTimeout (${handshake})`,
      String(given),
    );
  }
  return given;
}

function parseName(name: string): NodeName {
  try {
    return toNodeName(name);
  } catch {
    throw new ConfigError(
      'name',
      "a node name 'basename@host' (host: IPv4, IPv6 or DNS name)",
      describe(name),
    );
  }
}

/** A plain transport block, validated by its kind (registered by name, like strategies). */
function parseTransport(
  block: { kind: string },
  cookie: string | undefined,
  scope: DependencyContainer,
): TransportBlock {
  const kind = transportKind(block.kind, scope);
  if (kind === undefined) {
    const known = transportKinds(scope).map((k) => `'${k}'`);
    const list =
      known.length > 1 ? `${known.slice(0, -1).join(', ')} or ${known.at(-1)}` : known[0];
    throw new ConfigError('transport.kind', `one of ${list}`, JSON.stringify(block.kind));
  }
  if (kind.needsCookie && cookie === undefined) {
    throw new ConfigError(
      'cookie',
      `a non-empty string (the ${block.kind} transport requires a shared cookie)`,
      'nothing',
    );
  }
  if (cookie !== undefined) kind.checkCookie?.(cookie);
  return nested('transport', () => kind.parseConfig(block)) as TransportBlock;
}

function parseStrategyConfig(
  topology: string,
  strategy: string,
  config: unknown,
  scope: DependencyContainer,
): unknown {
  let Class: ReturnType<typeof strategyClass>;
  try {
    Class = strategyClass(strategy, scope);
  } catch (err) {
    if (err instanceof UnknownStrategyError) {
      throw new ConfigError(
        `topologies.${topology}.strategy`,
        `a registered strategy (${registeredStrategies(scope).join(', ')})`,
        JSON.stringify(strategy),
      );
    }
    throw err;
  }
  const parse = Class.parseConfig;
  if (!parse) return config;
  return nested(`topologies.${topology}.config`, () => parse.call(Class, config ?? {}));
}

/** Runs a nested validator and re-roots its errors under `prefix`. */
function nested<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConfigError) throw err.under(prefix);
    if (err instanceof MusterError) throw new ConfigError(prefix, `a valid block (${err.message})`);
    throw err;
  }
}
