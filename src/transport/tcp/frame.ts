import { FrameError } from './tcp-errors.js';

/**
 * Wire frames: `u32 BE length | u8 type | body`. `length` counts the type byte and the body, so
 * it is at least 1; it is checked against the frame size limit as soon as its 4 bytes arrive.
 */
export const LENGTH_PREFIX_SIZE = 4;
export const FRAME_HEADER_SIZE = LENGTH_PREFIX_SIZE + 1;

export const FrameType = {
  /** dialer -> acceptor, in answer to the challenge: version, challenge, proof of the cookie,
   * own name, the name it dialed. */
  hello: 1,
  /** acceptor -> dialer, first, as soon as the socket is accepted: version, challenge. */
  challenge: 2,
  /** acceptor -> dialer, in answer to a proven hello: proof of the cookie. */
  proof: 3,
  /** acceptor -> dialer during the handshake: a refusal code, then the socket closes. */
  refuse: 4,
  /** keep-alive on an idle connection. */
  tick: 5,
  /** an application message: topic and JSON payload. */
  message: 6,
  /** the sender is shutting down on purpose (nodedown reason `shutdown`). */
  leaving: 7,
} as const;

export type FrameType = (typeof FrameType)[keyof typeof FrameType];

const MAX_FRAME_TYPE = FrameType.leaving;

export function isFrameType(type: number): type is FrameType {
  return type >= 1 && type <= MAX_FRAME_TYPE;
}

/** Allocates a frame with room for `bodySize` bytes; the caller writes the body at offset 5. */
export function allocFrame(type: FrameType, bodySize: number): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_SIZE + bodySize);
  frame.writeUInt32BE(bodySize + 1, 0);
  frame[LENGTH_PREFIX_SIZE] = type;
  return frame;
}

/** A whole frame around `body` (copied). */
export function encodeFrame(type: FrameType, body: Uint8Array = EMPTY): Buffer {
  const frame = allocFrame(type, body.length);
  frame.set(body, FRAME_HEADER_SIZE);
  return frame;
}

const EMPTY = new Uint8Array(0);

/** Frames without a body are the same bytes every time: build them once. */
export const TICK_FRAME = encodeFrame(FrameType.tick);
export const LEAVING_FRAME = encodeFrame(FrameType.leaving);

/** Validates a declared length (type + body) against the limit. */
export function checkFrameLength(length: number, maxFrameSize: number): void {
  if (length === 0) throw new FrameError('protocol_error', 'frame with a zero length');
  if (length > maxFrameSize) {
    throw new FrameError(
      'frame_too_large',
      `frame of ${length} bytes exceeds the limit of ${maxFrameSize} bytes`,
    );
  }
}

/** A decoded frame as seen by tests and tools; the hot path uses FrameDecoder's callback. */
export interface Frame {
  readonly type: FrameType;
  readonly body: Buffer;
}

/**
 * Decodes exactly one frame that starts at `offset` in `buf` (dns-packet style: returns the
 * frame and how many bytes it took). Throws FrameError on a malformed or truncated frame.
 */
export function decodeFrame(
  buf: Buffer,
  offset = 0,
  maxFrameSize = Number.MAX_SAFE_INTEGER,
): { frame: Frame; bytes: number } {
  if (buf.length - offset < LENGTH_PREFIX_SIZE) {
    throw new FrameError('protocol_error', 'truncated frame header');
  }
  const length = buf.readUInt32BE(offset);
  checkFrameLength(length, maxFrameSize);
  const end = offset + LENGTH_PREFIX_SIZE + length;
  if (end > buf.length) throw new FrameError('protocol_error', 'truncated frame body');
  const type = buf[offset + LENGTH_PREFIX_SIZE]!;
  if (!isFrameType(type)) throw new FrameError('protocol_error', `unknown frame type ${type}`);
  return {
    frame: { type, body: buf.subarray(offset + FRAME_HEADER_SIZE, end) },
    bytes: end - offset,
  };
}
