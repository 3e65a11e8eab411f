import {
  ConfigError,
  InvalidNodeNameError,
  MissingVariableError,
  MusterError,
  UnknownStrategyError,
} from '../core/errors.js';

/** Exit codes every `muster` command keeps to (docs/cli.md). */
export const ExitCode = {
  /** The command did what it was asked. */
  ok: 0,
  /** It ran and something failed: discovery, a listen, the demo's convergence. */
  failure: 1,
  /** It never ran: bad arguments, an unreadable or invalid config file. */
  usage: 2,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad arguments: an unknown command or flag, a missing or malformed value. */
export class UsageError extends MusterError {
  constructor(message: string) {
    super('MUSTER_ERR_USAGE', message);
  }
}

/** The config file named by `--config` cannot be read, parsed or imported. */
export class ConfigFileError extends MusterError {
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('MUSTER_ERR_CONFIG_FILE', `${file}: ${message}`, options);
    this.file = file;
  }
}

/** `muster bench` outside a clone of the repository (the package ships no benchmarks). */
export class BenchUnavailableError extends MusterError {
  constructor(message: string) {
    super('MUSTER_ERR_BENCH_UNAVAILABLE', message);
  }
}

/** The demo did not reach the state it waited for, or one of its nodes failed. */
export class DemoError extends MusterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MUSTER_ERR_DEMO', message, options);
  }
}

/** A discovery poll failed or never answered while `muster resolve` waited for it. */
export class ResolveFailedError extends MusterError {
  constructor(message: string) {
    super('MUSTER_ERR_RESOLVE', message);
  }
}

/** Errors that mean "fix the command line or the config", as opposed to "it ran and failed". */
export function isUsageLike(err: unknown): boolean {
  return (
    err instanceof UsageError ||
    err instanceof ConfigFileError ||
    err instanceof ConfigError ||
    err instanceof MissingVariableError ||
    err instanceof InvalidNodeNameError ||
    err instanceof UnknownStrategyError
  );
}

export function exitCodeFor(err: unknown): ExitCodeValue {
  return isUsageLike(err) ? ExitCode.usage : ExitCode.failure;
}

/** The one error line format: `muster: <code>: <message>`. */
export function formatError(err: { readonly code: string; readonly message: string }): string {
  return `muster: ${err.code}: ${err.message}`;
}
