import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

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

/** The default logger: JSON to stdout at `MUSTER_LOG_LEVEL` (default `warn`), cookie redacted. */
export function createDefaultLogger(
  level = process.env.MUSTER_LOG_LEVEL ?? 'warn',
  destination?: DestinationStream,
): Logger {
  const options = {
    name: 'muster',
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
