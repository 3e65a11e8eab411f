import {
  checkFrameLength,
  FRAME_HEADER_SIZE,
  type FrameType,
  isFrameType,
  LENGTH_PREFIX_SIZE,
} from './frame.js';
import { FrameError } from './tcp-errors.js';

/**
 * Receives one frame. `body` may be a view into a read buffer: use it before returning.
 * Return `false` to stop decoding (the connection was closed by the handler).
 */
export type FrameCallback = (type: FrameType, body: Buffer) => boolean;

/** The same as an object, so a long-lived owner (a connection) needs no closure of its own. */
export interface FrameHandler {
  onFrame(type: FrameType, body: Buffer): boolean;
}

export type FrameSink = FrameCallback | FrameHandler;

/**
 * Turns a byte stream into frames, whatever the read boundaries. A frame that arrives whole
 * inside one chunk is handed out as a view, without a copy. A frame split across chunks keeps
 * copies of the chunks in a list and is joined once, when its last byte arrives; so every byte
 * is copied at most twice and decoding stays linear however the stream is cut. Nothing is kept
 * that points into a pushed chunk: the caller may reuse its buffer for the next read. The
 * declared length is checked against `maxFrameSize` as soon as its 4 bytes are in, before any
 * body is buffered.
 *
 * Throws only FrameError.
 */
export class FrameDecoder {
  /** May be raised after the handshake (handshake frames are held to a small limit). */
  maxFrameSize: number;
  private pending: Buffer[] | undefined;
  private pendingBytes = 0;
  /** Total size (prefix + length) of the frame being assembled; 0 while its prefix is incomplete. */
  private frameSize = 0;

  constructor(maxFrameSize: number) {
    this.maxFrameSize = maxFrameSize;
  }

  /** Bytes held for a frame not complete yet. */
  get buffered(): number {
    return this.pendingBytes;
  }

  push(chunk: Buffer, sink: FrameSink): void {
    let offset = 0;
    if (this.pendingBytes > 0) {
      offset = this.completePending(chunk, sink);
      if (offset < 0) return;
    }
    const end = chunk.length;
    while (end - offset >= LENGTH_PREFIX_SIZE) {
      const length = chunk.readUInt32BE(offset);
      checkFrameLength(length, this.maxFrameSize);
      const frameEnd = offset + LENGTH_PREFIX_SIZE + length;
      if (frameEnd > end) break;
      if (!this.deliver(chunk, offset, frameEnd, sink)) return;
      offset = frameEnd;
    }
    if (offset < end) {
      // Copy the tail so the (possibly 64 KiB) read chunk is not kept alive by a few bytes.
      this.pending = [Buffer.from(chunk.subarray(offset))];
      this.pendingBytes = end - offset;
      this.frameSize = this.pendingBytes >= LENGTH_PREFIX_SIZE ? this.sizeFromPending() : 0;
    }
  }

  /** Drops whatever is buffered. */
  reset(): void {
    this.pending = undefined;
    this.pendingBytes = 0;
    this.frameSize = 0;
  }

  /**
   * Feeds `chunk` to the frame under assembly. Returns where the unread rest of `chunk` starts,
   * or -1 when `chunk` was swallowed whole (or the sink stopped decoding).
   */
  private completePending(chunk: Buffer, sink: FrameSink): number {
    const pending = this.pending!;
    if (this.frameSize === 0) {
      const missing = LENGTH_PREFIX_SIZE - this.pendingBytes;
      if (chunk.length < missing) {
        pending.push(Buffer.from(chunk));
        this.pendingBytes += chunk.length;
        return -1;
      }
      const prefix = Buffer.concat([...pending, chunk.subarray(0, missing)], LENGTH_PREFIX_SIZE);
      const length = prefix.readUInt32BE(0);
      checkFrameLength(length, this.maxFrameSize);
      this.frameSize = LENGTH_PREFIX_SIZE + length;
    }
    const missing = this.frameSize - this.pendingBytes;
    if (chunk.length < missing) {
      // A copy: the chunk may sit in a read buffer that the next read reuses.
      pending.push(Buffer.from(chunk));
      this.pendingBytes += chunk.length;
      return -1;
    }
    pending.push(chunk.subarray(0, missing));
    const frame = Buffer.concat(pending, this.frameSize);
    this.reset();
    if (!this.deliver(frame, 0, frame.length, sink)) return -1;
    return missing;
  }

  private sizeFromPending(): number {
    const length = this.pending![0]!.readUInt32BE(0);
    checkFrameLength(length, this.maxFrameSize);
    return LENGTH_PREFIX_SIZE + length;
  }

  private deliver(buf: Buffer, start: number, end: number, sink: FrameSink): boolean {
    const type = buf[start + LENGTH_PREFIX_SIZE]!;
    if (!isFrameType(type)) throw new FrameError('protocol_error', `unknown frame type ${type}`);
    const body = buf.subarray(start + FRAME_HEADER_SIZE, end);
    return typeof sink === 'function' ? sink(type, body) : sink.onFrame(type, body);
  }
}
