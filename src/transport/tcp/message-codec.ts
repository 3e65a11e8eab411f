import { TransportError } from '../../core/errors.js';
import { nestsDeeperThan } from '../../core/json-depth.js';
import { allocFrame, FRAME_HEADER_SIZE, FrameType } from './frame.js';
import { MAC_SIZE } from './frame-mac.js';
import { FrameError, TcpErrorCode } from './tcp-errors.js';

/**
 * Application messages: `u16 topic length | topic (UTF-8) | payload`. The payload is
 * `JSON.stringify(payload)` in UTF-8, empty for `undefined`. Decoding is `JSON.parse` only, which
 * builds plain data and never runs code; the whole frame is bounded by `maxFrameSize`, and its
 * nesting by `maxDepth` (checked by a byte scan before `JSON.parse` spends anything on it).
 */
export const MAX_TOPIC_BYTES = 0xffff;

export function encodeMessage(topic: string, payload: unknown, maxFrameSize: number): Buffer {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (err) {
    throw new TransportError(
      TcpErrorCode.encode,
      `payload for topic ${JSON.stringify(topic)} cannot be encoded as JSON: ${(err as Error).message}`,
    );
  }
  const topicLen = Buffer.byteLength(topic);
  if (topicLen > MAX_TOPIC_BYTES) {
    throw new TransportError(TcpErrorCode.encode, `topic is longer than ${MAX_TOPIC_BYTES} bytes`);
  }
  const payloadLen = json === undefined ? 0 : Buffer.byteLength(json);
  const bodySize = 2 + topicLen + payloadLen;
  // maxFrameSize bounds every frame on the wire, the MAC of a plaintext connection included.
  if (bodySize + 1 + MAC_SIZE > maxFrameSize) {
    throw new TransportError(
      TcpErrorCode.encode,
      `message of ${bodySize + 1} bytes exceeds maxFrameSize (${maxFrameSize}) less its ${MAC_SIZE}-byte MAC`,
    );
  }
  const frame = allocFrame(FrameType.message, bodySize);
  let o = FRAME_HEADER_SIZE;
  frame.writeUInt16BE(topicLen, o);
  o += 2;
  o += frame.write(topic, o, topicLen, 'utf8');
  if (json !== undefined) frame.write(json, o, payloadLen, 'utf8');
  return frame;
}

export interface DecodedMessage {
  readonly topic: string;
  readonly payload: unknown;
}

/**
 * Decodes a message frame's body. Throws FrameError when it is truncated, not JSON, or nests
 * arrays and objects deeper than `maxDepth`.
 */
export function decodeMessage(body: Buffer, maxDepth = Number.POSITIVE_INFINITY): DecodedMessage {
  if (body.length < 2) throw new FrameError('protocol_error', 'message frame is truncated');
  const topicLen = body.readUInt16BE(0);
  if (2 + topicLen > body.length) {
    throw new FrameError('protocol_error', 'message frame is truncated');
  }
  const topic = body.toString('utf8', 2, 2 + topicLen);
  if (2 + topicLen === body.length) return { topic, payload: undefined };
  if (nestsDeeperThan(body, 2 + topicLen, maxDepth)) {
    throw new FrameError('protocol_error', `message payload nests deeper than ${maxDepth} levels`);
  }
  try {
    return { topic, payload: JSON.parse(body.toString('utf8', 2 + topicLen)) };
  } catch {
    throw new FrameError('protocol_error', 'message payload is not valid JSON');
  }
}
