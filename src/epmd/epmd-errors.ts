import { MusterError } from '../core/errors.js';

/**
 * Every failure of the EPMD client, server or port mapping. One subclass per kind, each with a
 * stable `code` (listed in docs/strategies/epmd.md); `host` and `port` say which EPMD.
 */
export class EpmdError extends MusterError {
  readonly host: string | undefined;
  readonly port: number | undefined;

  constructor(
    code: string,
    message: string,
    options?: { cause?: unknown; host?: string; port?: number },
  ) {
    super(code, message, options);
    this.host = options?.host;
    this.port = options?.port;
  }
}

/** Nothing answered at the EPMD address (refused, unreachable, reset before a reply). */
export class EpmdUnreachableError extends EpmdError {
  constructor(host: string, port: number, cause?: unknown) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    super('MUSTER_ERR_EPMD_UNREACHABLE', `EPMD at ${where(host, port)} is unreachable${why}`, {
      cause,
      host,
      port,
    });
  }
}

/** The EPMD did not connect or answer within the timeout. */
export class EpmdTimeoutError extends EpmdError {
  constructor(host: string, port: number, timeoutMs: number) {
    super(
      'MUSTER_ERR_EPMD_TIMEOUT',
      `EPMD at ${where(host, port)} did not answer in ${timeoutMs} ms`,
      {
        host,
        port,
      },
    );
  }
}

/** The request was cancelled through its AbortSignal. */
export class EpmdAbortedError extends EpmdError {
  constructor(host: string, port: number, cause?: unknown) {
    super('MUSTER_ERR_EPMD_ABORTED', `EPMD request to ${where(host, port)} was aborted`, {
      cause,
      host,
      port,
    });
  }
}

/** Bytes that are not the EPMD protocol (a malformed, truncated or oversized message). */
export class EpmdProtocolError extends EpmdError {
  constructor(message: string, options?: { host?: string; port?: number }) {
    const at = options?.host !== undefined && options.port !== undefined;
    super(
      'MUSTER_ERR_EPMD_PROTOCOL',
      at ? `EPMD at ${where(options.host!, options.port!)}: ${message}` : message,
      options,
    );
  }
}

/**
 * ALIVE2 answered with a non-zero result: the name is already registered on that host (erts
 * epmd also uses this result for a refused registration, e.g. from a non-local peer).
 */
export class EpmdNameTakenError extends EpmdError {
  readonly nodeName: string;
  readonly result: number;

  constructor(host: string, port: number, name: string, result: number) {
    super(
      'MUSTER_ERR_EPMD_NAME_TAKEN',
      `EPMD at ${where(host, port)} refused to register ${JSON.stringify(name)} (result ${result}): the name is taken or registration is not allowed from this address`,
      { host, port },
    );
    this.nodeName = name;
    this.result = result;
  }
}

/** PORT_PLEASE2 answered "no such name": the node is not registered on that host. */
export class EpmdNotRegisteredError extends EpmdError {
  readonly nodeName: string;

  constructor(host: string, port: number, name: string) {
    super(
      'MUSTER_ERR_EPMD_NOT_REGISTERED',
      `No node named ${JSON.stringify(name)} is registered with the EPMD at ${where(host, port)}`,
      { host, port },
    );
    this.nodeName = name;
  }
}

/**
 * A warning: a host's EPMD lists a name muster cannot use (a line that is not
 * `name <n> at port <p>`, e.g. a name holding a space or a newline, or a name that is not a
 * valid basename). It is skipped; the host's other names still count.
 */
export class EpmdNameSkippedError extends EpmdError {
  /** The listed name, or the whole line when it could not be read. */
  readonly listed: string;

  constructor(host: string, port: number, listed: string, reason: string) {
    super(
      'MUSTER_ERR_EPMD_NAME_SKIPPED',
      `EPMD at ${where(host, port)} lists ${JSON.stringify(listed)}, skipped: ${reason}`,
      { host, port },
    );
    this.listed = listed;
  }
}

/** The embedded EPMD server could not listen. */
export class EpmdListenError extends EpmdError {
  constructor(host: string, port: number, cause: unknown) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    super('MUSTER_ERR_EPMD_LISTEN', `Cannot listen for EPMD on ${where(host, port)}${why}`, {
      cause,
      host,
      port,
    });
  }
}

/** A `.hosts.erlang` file is missing or is not a list of Erlang atoms. */
export class HostsFileError extends EpmdError {
  readonly file: string;

  constructor(file: string, message: string, cause?: unknown) {
    super('MUSTER_ERR_EPMD_HOSTS_FILE', `${file}: ${message}`, { cause });
    this.file = file;
  }
}

function where(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
