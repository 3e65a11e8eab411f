import type { NodeDownReason } from '../transport.js';

/**
 * Why a TCP connection closed. A connection that was up reports a NodeDownReason in its
 * `nodedown`; the rest end a connection before it was up, and become a dial's ConnectError
 * (see dial-outcome.ts) or a counter of failed handshakes.
 */
export type CloseReason =
  | NodeDownReason
  /** The peer refused our hello, or we refused its (`refusedWith` holds the code). */
  | 'refused'
  /** A proof or version check failed on our side. */
  | 'handshake_failed'
  | 'handshake_timeout'
  /** No port for the peer (EPMD). */
  | 'unreachable'
  /** The dial's signal fired. */
  | 'aborted'
  /** Lost the one-connection-per-pair rule to the other direction. */
  | 'superseded'
  /** TLS on one end only (a coded warning on both ends; a dial gets MUSTER_ERR_TLS). */
  | 'tls_mismatch';

/** A registered connection only closes for a nodedown reason; anything else reads as `closed`. */
export function nodeDownReason(reason: CloseReason): NodeDownReason {
  switch (reason) {
    case 'shutdown':
    case 'disconnect':
    case 'stopped':
    case 'closed':
    case 'tick_timeout':
    case 'protocol_error':
    case 'frame_too_large':
    case 'send_stalled':
      return reason;
    default:
      return 'closed';
  }
}
