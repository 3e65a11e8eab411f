import { z } from 'zod';
import { type TransportConfig, transportSchema } from '../transport/transport-config.js';
import type { BackoffPolicy } from './backoff.js';
import { defaults } from './defaults.js';
import { interpolate, isPlainObject, placeholdersIn, type VariableLookup } from './env-vars.js';
import { selectEnvironment } from './environments.js';
import { ConfigError, MusterError, UnknownStrategyError } from './errors.js';
import { identityKinds, identityProvider } from './identity.js';
import { LOG_LEVELS, type Logger, toLogLevel } from './logger.js';
import { type NodeName, toNodeName } from './node-name.js';
import { registeredStrategies, strategyClass } from './strategy-registry.js';
import type { TopologyInput } from './topology-types.js';
import { describe, MAX_TIMER_MS, parseWith, schemas } from './validation.js';

const topologySchema = z.strictObject({
  strategy: schemas.nonEmptyString('a strategy name'),
  config: z.unknown().optional(),
  disconnectOnRemove: schemas.boolean().default(true),
});

const clusterSchema = z.strictObject({
  name: schemas.nonEmptyString('a node name like "hello@10.42.0.1"'),
  cookie: schemas.nonEmptyString('a non-empty string').optional(),
  transport: transportSchema.prefault({ kind: 'tcp' }),
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

export type ClusterConfigInput = Omit<z.input<typeof clusterSchema>, 'topologies'> & {
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
  readonly transport: TransportConfig;
  readonly topologies: readonly ResolvedTopology[];
  readonly debounceMs: number;
  readonly dialYieldMs: number;
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
}

/**
 * Validates the whole config up front: environment block, `${VAR}`s, shape, every topology's
 * strategy config, the identity block. The first problem is thrown as a ConfigError naming
 * its path; nothing is started.
 */
export function resolveConfig(raw: unknown, options: ResolveOptions = {}): ResolvedConfig {
  if (!isPlainObject(raw)) throw new ConfigError('', 'a plain config object');
  const env = options.env ?? process.env;
  const { config: selected, environment } = selectEnvironment(raw, env);

  const identityKind = isPlainObject(selected.identity) ? selected.identity.kind : undefined;
  const provider = typeof identityKind === 'string' ? identityProvider(identityKind) : undefined;
  if (identityKind !== undefined && provider === undefined) {
    throw new ConfigError(
      'identity.kind',
      `one of: ${identityKinds().join(', ') || '(none registered)'}`,
      String(identityKind),
    );
  }
  const identityVars = options.identityVariables;
  const lookup: VariableLookup = (name) => identityVars?.[name] ?? env[name];
  const deferred = new Set(identityVars === undefined ? (provider?.variables ?? []) : []);
  const interpolated = interpolate(selected, lookup, '', deferred);

  const parsed = parseWith(clusterSchema, interpolated);
  const waitsForIdentity = placeholdersIn(parsed.name).some((v) => deferred.has(v));
  const name = waitsForIdentity ? undefined : parseName(parsed.name);

  if (parsed.transport.kind === 'tcp' && parsed.cookie === undefined) {
    throw new ConfigError(
      'cookie',
      'a non-empty string (the tcp transport requires a shared cookie)',
      'nothing',
    );
  }

  return {
    name,
    rawName: parsed.name,
    cookie: parsed.cookie,
    transport: parsed.transport as TransportConfig,
    topologies: Object.entries(parsed.topologies).map(([topology, t]) => ({
      name: topology,
      strategy: t.strategy,
      config: parseStrategyConfig(topology, t.strategy, t.config),
      disconnectOnRemove: t.disconnectOnRemove,
    })),
    debounceMs: parsed.debounce,
    dialYieldMs: parsed.dialYield,
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

function parseStrategyConfig(topology: string, strategy: string, config: unknown): unknown {
  let Class: ReturnType<typeof strategyClass>;
  try {
    Class = strategyClass(strategy);
  } catch (err) {
    if (err instanceof UnknownStrategyError) {
      throw new ConfigError(
        `topologies.${topology}.strategy`,
        `a registered strategy (${registeredStrategies().join(', ')})`,
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
