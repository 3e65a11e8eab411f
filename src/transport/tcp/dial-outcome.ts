import { ConnectError, ConnectErrorCode } from '../../core/errors.js';
import type { NodeName } from '../../core/node-name.js';
import type { CloseReason } from './close-reason.js';
import { refusalReason } from './handshake-codec.js';

/**
 * The promise `TcpTransport.dial` returns, settled once: resolved when the peer is up,
 * rejected with a ConnectError otherwise. It stops listening to the signal when settled.
 */
export class DialOutcome {
  readonly promise: Promise<void>;
  private resolve!: () => void;
  private reject!: (error: ConnectError) => void;
  private settled = false;

  /** Settled already: a later `settle` is a no-op, so callers need not build its error. */
  get done(): boolean {
    return this.settled;
  }

  constructor(
    readonly signal: AbortSignal,
    private readonly onAbort: () => void,
  ) {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    signal.addEventListener('abort', onAbort, { once: true });
  }

  settle(error?: ConnectError): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.removeEventListener('abort', this.onAbort);
    if (error === undefined) this.resolve();
    else this.reject(error);
  }
}

/** What ended a dial before its connection was up, as the dial's caller hears it. */
export interface DialEnd {
  readonly reason: CloseReason;
  readonly detail: string | undefined;
  /** The peer's refusal code, 0 if none. */
  readonly refusedWith: number;
  /** The socket's error, if one ended it. */
  readonly socketError: (Error & { code?: string }) | undefined;
  /** Whether the peer sent a byte before the end. */
  readonly heard: boolean;
  /** Whether the socket was TLS. */
  readonly tls: boolean;
}

/** Maps how a dial's connection closed before it was up onto the contract's coded error. */
export function connectErrorFor(node: NodeName, end: DialEnd): ConnectError {
  const detail = end.detail ?? end.reason;
  const cause = end.socketError;
  switch (end.reason) {
    case 'refused':
      return new ConnectError(node, ConnectErrorCode.refused, detail, {
        refusal: refusalReason(end.refusedWith),
      });
    case 'handshake_failed':
      // Our check of the peer failed (its proof, its version): a config mismatch.
      return new ConnectError(node, ConnectErrorCode.handshakeFailed, detail, { permanent: true });
    case 'handshake_timeout':
      return new ConnectError(node, ConnectErrorCode.handshakeTimeout, detail);
    case 'tls_mismatch':
      // TLS on one end only: a config mismatch that retrying cannot fix.
      return new ConnectError(node, ConnectErrorCode.tls, detail, { permanent: true });
    case 'protocol_error':
    case 'frame_too_large':
      return new ConnectError(node, ConnectErrorCode.handshakeFailed, detail);
    case 'unreachable':
      return new ConnectError(node, ConnectErrorCode.unreachable, detail, { cause });
    case 'closed':
      if (cause !== undefined && isTlsError(cause)) {
        return new ConnectError(node, ConnectErrorCode.tls, cause.message, { cause });
      }
      if (cause !== undefined) {
        return new ConnectError(node, ConnectErrorCode.unreachable, cause.message, { cause });
      }
      if (end.tls && !end.heard) {
        // A TLS 1.3 server that rejects the client's certificate closes without a word the
        // client can read: the acceptor speaks first, so silence then EOF means TLS said no.
        return new ConnectError(
          node,
          ConnectErrorCode.tls,
          'the peer closed the TLS connection before it spoke (it rejected our certificate?)',
        );
      }
      return new ConnectError(
        node,
        ConnectErrorCode.handshakeFailed,
        'the peer closed the connection during the handshake',
      );
    default:
      // aborted, stopped, disconnect, superseded: given up on this side.
      return new ConnectError(node, ConnectErrorCode.aborted, detail);
  }
}

/** OpenSSL's and Node's TLS error codes (ERR_SSL_*, ERR_TLS_*, certificate verification). */
function isTlsError(err: Error & { code?: string }): boolean {
  const code = err.code ?? '';
  return (
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    code.includes('CERT') ||
    code.startsWith('UNABLE_TO_') ||
    code === 'EPROTO'
  );
}
