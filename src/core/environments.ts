import { isPlainObject } from './env-vars.js';
import { ConfigError } from './errors.js';

/**
 * Picks the block for `MUSTER_ENV` (falling back to `NODE_ENV`, then to `default`) from
 * `environments` and merges it over the shared keys, so one file serves dev, CI and production.
 * An environment that is named but has no block (and there is no `default`) is an error:
 * silently running production with the dev topology is worse than refusing to start.
 */
export function selectEnvironment(
  raw: Record<string, unknown>,
  env: Record<string, string | undefined>,
): { config: Record<string, unknown>; environment: string | undefined } {
  if (!('environments' in raw)) return { config: raw, environment: undefined };
  const { environments, ...base } = raw;
  if (!isPlainObject(environments)) {
    throw new ConfigError('environments', 'an object mapping environment names to partial configs');
  }
  const chosen = env.MUSTER_ENV || env.NODE_ENV || undefined;
  let name: string | undefined;
  if (chosen !== undefined && chosen in environments) name = chosen;
  else if ('default' in environments) name = 'default';
  else if (chosen !== undefined) {
    throw new ConfigError(
      'environments',
      `a block named "${chosen}" (from MUSTER_ENV or NODE_ENV) or a "default" block; available: ${Object.keys(environments).join(', ') || 'none'}`,
    );
  }
  if (name === undefined) return { config: base, environment: undefined };
  const block = environments[name];
  if (!isPlainObject(block)) {
    throw new ConfigError(`environments.${name}`, 'an object (a partial config)');
  }
  if ('environments' in block) {
    throw new ConfigError(`environments.${name}.environments`, 'no nested environments');
  }
  return { config: deepMerge(base, block), environment: name };
}

/** Plain objects merge key by key; anything else (arrays included) is replaced. */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isPlainObject(prior) && isPlainObject(value) ? deepMerge(prior, value) : value;
  }
  return out;
}
