import { pino } from 'pino';
import { systemClock } from '../core/clock.js';
import { type ResolvedConfig, resolveConfig } from '../core/config.js';
import { identityProvider } from '../core/identity.js';
import { createDefaultLogger, type Logger, silentLogger } from '../core/logger.js';
import { type NodeName, toNodeName } from '../core/node-name.js';
import type { Strategy } from '../core/strategy.js';
import { createStrategy } from '../core/strategy-registry.js';
import { helpOption } from './args.js';
import { UsageError } from './cli-errors.js';
import { loadConfigFile } from './config-file.js';

/** One topology's strategy, built as the cluster would build it but with no transport. */
export interface TopologyProbe {
  readonly topology: string;
  readonly strategy: string;
  readonly instance: Strategy;
}

/** Who the strategies are told they are when the name still waits for identity variables. */
const PLACEHOLDER_SELF = 'muster-cli@localhost';

/**
 * Logs go to stderr (stdout carries results, possibly JSON) at MUSTER_LOG_LEVEL, silent by
 * default: the commands print discovery errors themselves.
 */
export function cliLogger(level = process.env.MUSTER_LOG_LEVEL ?? 'silent'): Logger {
  return level === 'silent' ? silentLogger() : createDefaultLogger(level, pino.destination(2));
}

/** The options `resolve` and `watch` share. */
export const probeOptions = {
  ...helpOption,
  config: { type: 'string', short: 'c' },
  topology: { type: 'string', short: 't' },
  json: { type: 'boolean' },
} as const;

/** Loads and validates `--config`, then builds the strategy of each (or one) topology. */
export async function buildProbes(
  command: string,
  file: string,
  only: string | undefined,
  logger: Logger = cliLogger(),
): Promise<TopologyProbe[]> {
  const raw = await loadConfigFile(file);
  const config = await resolveWithIdentity(raw, logger);
  return probesFor(command, file, config, only, logger);
}

/** Builds the strategy of each (or one) topology of an already resolved config. */
export function probesFor(
  command: string,
  file: string,
  config: ResolvedConfig,
  only: string | undefined,
  logger: Logger,
): TopologyProbe[] {
  const topologies = config.topologies.filter((t) => only === undefined || t.name === only);
  if (only !== undefined && topologies.length === 0) {
    const names = config.topologies.map((t) => t.name).join(', ') || '(none)';
    throw new UsageError(`no topology ${JSON.stringify(only)} in ${file}; it has: ${names}`);
  }
  if (topologies.length === 0) {
    throw new UsageError(`${file} defines no topologies (see: muster ${command} --help)`);
  }
  const self: NodeName = config.name ?? toNodeName(PLACEHOLDER_SELF);
  return topologies.map((t) => ({
    topology: t.name,
    strategy: t.strategy,
    instance: createStrategy(t.strategy, {
      topology: t.name,
      config: t.config,
      logger: logger.child({ topology: t.name, strategy: t.strategy }),
      clock: systemClock,
      self,
    }),
  }));
}

/**
 * Validates the config and, when it has an identity block, asks the provider first (as
 * `cluster.start()` does), so `${RANCHER_SERVICE_NAME}` in a strategy config is the real
 * service name, not the literal placeholder. Throws IdentityError when the provider fails.
 */
export async function resolveWithIdentity(raw: unknown, logger: Logger): Promise<ResolvedConfig> {
  const config = resolveConfig(raw);
  const identity = config.identity;
  if (!identity) return config;
  const provider = identityProvider(identity.kind)!.create(identity.config, {
    logger: logger.child({ identity: identity.kind }),
  });
  return resolveConfig(raw, { identityVariables: await provider.resolve() });
}

/** Stops every probe, whatever state it is in; never throws. */
export async function stopProbes(probes: readonly TopologyProbe[]): Promise<void> {
  await Promise.allSettled(probes.map((p) => p.instance.stop()));
  for (const p of probes) p.instance.removeAllListeners();
}
