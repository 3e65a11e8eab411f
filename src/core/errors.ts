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

/**
 * Why a connect failed, as a transport reports it (`Transport.dial` rejects with one) or as the
 * connect queue decides it (`MUSTER_ERR_CONNECT_TIMEOUT`, `MUSTER_ERR_CONNECT_ABORTED`). Like
 * undici's `UND_ERR_CONNECT_TIMEOUT`: the code says what went wrong, the message says where.
 */
export const ConnectErrorCode = {
  /** Nothing answered: refused, reset, no route, no port from EPMD. Retried with backoff. */
  unreachable: 'MUSTER_ERR_CONNECT_UNREACHABLE',
  /** The peer answered and refused us; `refusal` says why. */
  refused: 'MUSTER_ERR_CONNECT_REFUSED',
  /** The handshake broke: the peer failed our cookie check, spoke another version, or closed. */
  handshakeFailed: 'MUSTER_ERR_HANDSHAKE_FAILED',
  /** The transport's own handshake deadline passed. */
  handshakeTimeout: 'MUSTER_ERR_HANDSHAKE_TIMEOUT',
  /** TLS failed: a certificate was rejected (ours or the peer's), or the TLS handshake broke. */
  tls: 'MUSTER_ERR_TLS',
  /** The connect queue's `connectTimeout` passed before the peer was up. */
  timeout: 'MUSTER_ERR_CONNECT_TIMEOUT',
  /** Given up on purpose: the node is no longer wanted, or the cluster stops. Not reported. */
  aborted: 'MUSTER_ERR_CONNECT_ABORTED',
} as const;

export type ConnectErrorCode = (typeof ConnectErrorCode)[keyof typeof ConnectErrorCode];

/**
 * Why a peer refused a connect (`ConnectError.refusal`), after Erlang's handshake statuses:
 * - `simultaneous`: both dialed at once and the peer's connection wins (Erlang's `nok`); the
 *   connect queue waits for that connection instead of failing.
 * - `not_allowed`: the peer does not want this node: none of its topologies lists it and its
 *   application did not `connect()` to it (Erlang's `not_allowed`). Retried with backoff: the
 *   peer's discovery may list this node later (docs/membership.md).
 * - `bad_cookie`: the peer rejected our cookie proof (the cookies differ).
 * - `wrong_name`: the node at that address has another name.
 * - `version`: the peer does not speak our protocol version.
 * - `stopping`: the peer is shutting down.
 * - `other`: a refusal this version does not know.
 */
export type RefusalReason =
  | 'simultaneous'
  | 'not_allowed'
  | 'bad_cookie'
  | 'wrong_name'
  | 'version'
  | 'stopping'
  | 'other';

/** Refusals that retrying cannot fix until someone changes a config (cookie, name, version). */
const PERMANENT_REFUSALS: ReadonlySet<RefusalReason> = new Set([
  'bad_cookie',
  'wrong_name',
  'version',
]);

/**
 * A connect to `node` failed. `permanent` marks what retrying cannot fix (a cookie, name or
 * version mismatch): the cluster reports it once per node and retries it at the slowest pace.
 */
export class ConnectError extends TransportError {
  declare readonly code: ConnectErrorCode;
  readonly node: string;
  readonly refusal: RefusalReason | undefined;
  readonly permanent: boolean;

  constructor(
    node: string,
    code: ConnectErrorCode,
    message: string,
    options: { refusal?: RefusalReason; permanent?: boolean; cause?: unknown } = {},
  ) {
    super(code, `connect to ${node}: ${message}`, { cause: options.cause });
    this.node = node;
    this.refusal = options.refusal;
    this.permanent =
      options.permanent ??
      (options.refusal !== undefined && PERMANENT_REFUSALS.has(options.refusal));
  }
}
