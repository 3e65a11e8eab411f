/**
 * Every error muster throws or emits is a `MusterError` with a stable `code`.
 * Codes are part of the public API and listed in docs/errors.md; messages are not.
 */
export class MusterError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The configuration object is malformed; `path` names the offending key. */
export class ConfigError extends MusterError {
  readonly path: string;
  readonly expected: string;
  readonly received: string | undefined;

  constructor(path: string, expected: string, received?: string) {
    const where = path === '' ? 'config' : path;
    super(
      'MUSTER_ERR_CONFIG',
      `Invalid config at ${where}: expected ${expected}${received === undefined ? '' : `, got ${received}`}`,
    );
    this.path = path;
    this.expected = expected;
    this.received = received;
  }

  /** The same error for a block nested at `prefix` (a strategy's config inside a topology). */
  under(prefix: string): ConfigError {
    const path =
      this.path === ''
        ? prefix
        : this.path.startsWith('[')
          ? `${prefix}${this.path}`
          : `${prefix}.${this.path}`;
    return new ConfigError(path, this.expected, this.received);
  }
}

/** A `${VAR}` in the config names an environment variable that is not set. */
export class MissingVariableError extends MusterError {
  readonly variable: string;
  readonly path: string;

  constructor(variable: string, path: string) {
    super(
      'MUSTER_ERR_MISSING_VARIABLE',
      `Environment variable ${variable} (used at ${path || 'config'}) is not set`,
    );
    this.variable = variable;
    this.path = path;
  }
}

/** A string is not a valid `basename@host` node name. */
export class InvalidNodeNameError extends MusterError {
  readonly input: string;

  constructor(input: string, reason: string) {
    super('MUSTER_ERR_INVALID_NODE_NAME', `Invalid node name ${JSON.stringify(input)}: ${reason}`);
    this.input = input;
  }
}

/** A topology names a strategy that nobody registered. */
export class UnknownStrategyError extends MusterError {
  constructor(name: string, known: readonly string[]) {
    super(
      'MUSTER_ERR_UNKNOWN_STRATEGY',
      `Unknown strategy ${JSON.stringify(name)}; registered: ${known.join(', ')}`,
    );
  }
}

/** A method was called in a lifecycle state that does not allow it. */
export class LifecycleError extends MusterError {
  constructor(message: string) {
    super('MUSTER_ERR_LIFECYCLE', message);
  }
}

/** A method was called with an argument it cannot use; `argument` names it. */
export class InvalidArgumentError extends MusterError {
  readonly argument: string;

  constructor(argument: string, expected: string, received: string) {
    super(
      'MUSTER_ERR_INVALID_ARGUMENT',
      `Invalid ${argument}: expected ${expected}, got ${received}`,
    );
    this.argument = argument;
  }
}

/** `cluster.ready()` did not see enough nodes before its timeout. */
export class ReadyTimeoutError extends MusterError {
  readonly connected: number;
  readonly wanted: number;

  constructor(minNodes: number, connected: number, timeoutMs: number) {
    super(
      'MUSTER_ERR_READY_TIMEOUT',
      `Cluster not ready after ${timeoutMs} ms: ${connected} of ${minNodes} required nodes connected`,
    );
    this.connected = connected;
    this.wanted = minNodes;
  }
}

/** A discovery poll failed; the strategy keeps the nodes it knew. */
export class DiscoveryError extends MusterError {
  readonly topology: string;

  constructor(topology: string, message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'MUSTER_ERR_DISCOVERY', `[${topology}] ${message}`, options);
    this.topology = topology;
  }
}

/** The identity provider could not tell this node who it is. */
export class IdentityError extends MusterError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MUSTER_ERR_IDENTITY', message, options);
  }
}

/** A transport could not do what it was asked (listen, connect, send). */
export class TransportError extends MusterError {}

/** Wraps whatever was thrown so that listeners always receive a MusterError. */
export function toMusterError(err: unknown, code = 'MUSTER_ERR_INTERNAL'): MusterError {
  if (err instanceof MusterError) return err;
  if (err instanceof Error) return new MusterError(code, err.message, { cause: err });
  return new MusterError(code, String(err));
}
