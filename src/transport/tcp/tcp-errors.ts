import { TransportError } from '../../core/errors.js';

/** Stable codes of the TCP transport (listed in docs/transports.md); a failed dial's codes are
 * ConnectErrorCode's (src/core/errors.ts). */
export const TcpErrorCode = {
  /** Bytes that are not a valid frame, or a frame that makes no sense in the current state. */
  protocol: 'MUSTER_ERR_PROTOCOL',
  /** A frame whose declared length exceeds the limit; refused before its body is buffered. */
  frameTooLarge: 'MUSTER_ERR_FRAME_TOO_LARGE',
  /** `send`/`broadcast` got a payload that JSON cannot carry or that exceeds `maxFrameSize`. */
  encode: 'MUSTER_ERR_ENCODE',
  /** TLS is configured on one end of a connection and not on the other. */
  tlsMismatch: 'MUSTER_ERR_TLS_MISMATCH',
  /** The listener could not bind. */
  listen: 'MUSTER_ERR_LISTEN',
} as const;

export type TcpErrorCode = (typeof TcpErrorCode)[keyof typeof TcpErrorCode];

/** Which `nodedown` reason a frame error maps to. */
export type FrameErrorReason = 'protocol_error' | 'frame_too_large';

/** A byte stream that cannot be read as frames. Closes that one connection, nothing else. */
export class FrameError extends TransportError {
  readonly reason: FrameErrorReason;

  constructor(reason: FrameErrorReason, message: string) {
    super(
      reason === 'frame_too_large' ? TcpErrorCode.frameTooLarge : TcpErrorCode.protocol,
      message,
    );
    this.reason = reason;
  }
}
