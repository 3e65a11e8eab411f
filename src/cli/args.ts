import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './cli-errors.js';

/** Every command accepts `--help` / `-h`. */
export const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * `node:util` parseArgs in strict mode, its errors turned into UsageError (exit code 2) with the
 * command's name in front, so `muster resolve --bogus` says what to run instead.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ strict: true, ...config });
  } catch (err) {
    throw new UsageError(`${parseErrorText(err)} (see: muster ${command} --help)`);
  }
}

/**
 * One line from a parseArgs error. Node's own text differs between versions and may run to
 * several sentences (with a quoted hint that loses its closing quote once cut), so the common
 * cases are worded here and anything else is cut at its first line and sentence.
 */
export function parseErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown } | null)?.code;
  const quoted = /'([^']*)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) {
    return `unknown option ${quoted}`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' && quoted !== undefined) {
    return `unexpected argument ${JSON.stringify(quoted)}`;
  }
  const first = message.split('\n')[0]!.trim();
  const sentence = first.split(/\.\s/)[0]!.replace(/\.$/, '');
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

/** An integer flag in [min, max]; `undefined` when the flag was not given. */
export function intOption(
  value: string | undefined,
  flag: string,
  range: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined;
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(
      `--${flag} expects an integer from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** Rejects positionals a command does not take. */
export function noPositionals(command: string, positionals: readonly string[]): void {
  if (positionals.length > 0) {
    throw new UsageError(
      `unexpected argument ${JSON.stringify(positionals[0])} (see: muster ${command} --help)`,
    );
  }
}

/** Requires a flag's value. */
export function required<T>(value: T | undefined, flag: string, command: string): T {
  if (value === undefined) {
    throw new UsageError(`--${flag} is required (see: muster ${command} --help)`);
  }
  return value;
}
