import { type DestinationStream, type Logger, pino } from 'pino';
import { ConfigError } from './errors.js';

export type { Logger };

/** pino's levels, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Paths pino censors in every record, wherever a config or options object is logged. */
export const REDACTED_PATHS = [
  'cookie',
  '*.cookie',
  '*.*.cookie',
  'config.cookie',
  'transport.cookie',
  'tls.key',
  '*.tls.key',
  'password',
  '*.password',
];

/**
 * Checks a level read from `source` (a config key or `MUSTER_LOG_LEVEL`), so a typo is a
 * ConfigError naming where it came from rather than pino's bare "unknown level".
 */
export function toLogLevel(level: string, source: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new ConfigError(source, `one of ${LOG_LEVELS.join(', ')}`, JSON.stringify(level));
}

/**
 * The default logger: JSON lines to stderr (stdout belongs to the application), at `level`
 * (default: `MUSTER_LOG_LEVEL`, else `warn`), cookie and keys redacted. Pass your own pino
 * logger as `config.logger` to send them elsewhere.
 */
export function createDefaultLogger(
  level: string = process.env.MUSTER_LOG_LEVEL ?? 'warn',
  destination: DestinationStream = pino.destination(2),
): Logger {
  const options = {
    name: 'muster',
    level: toLogLevel(level, 'MUSTER_LOG_LEVEL'),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return pino(options, destination);
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
