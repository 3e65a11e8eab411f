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

/** The smallest buffer a partial frame starts with; it doubles as bytes arrive. */
const MIN_PARTIAL = 256;

/**
 * Turns a byte stream into frames, whatever the read boundaries. A frame that arrives whole
 * inside one chunk is handed out as a view, without a copy. A frame split across chunks is
 * copied into one buffer that starts small and doubles as its bytes arrive (never beyond the
 * declared size), so a partial frame holds at most about twice the bytes received, however the
 * stream is cut: one byte per TCP segment costs no more than one big chunk, and a frame
 * announced large but never sent costs what was sent, not what was announced. Nothing is kept
 * that points into a pushed chunk: the caller may reuse its buffer for the next read. The
 * declared length is checked against `maxFrameSize` as soon as its 4 bytes are in, before any
 * body is buffered.
 *
 * Throws only FrameError.
 */
export class FrameDecoder {
  /** May be raised after the handshake (handshake frames are held to a small limit). */
  maxFrameSize: number;
  /** The frame under assembly (length prefix included), once its prefix is complete. */
  private partial: Buffer | undefined;
  /** Bytes of the frame under assembly received so far (prefix included). */
  private pendingBytes = 0;
  /** The length prefix while it is incomplete (big-endian, `pendingBytes` bytes of it). */
  private prefix = 0;
  /** Total size (prefix + length) of the frame being assembled; 0 while its prefix is incomplete. */
  private frameSize = 0;

  constructor(maxFrameSize: number) {
    this.maxFrameSize = maxFrameSize;
  }

  /** Bytes held for a frame not complete yet. */
  get buffered(): number {
    return this.pendingBytes;
  }

  /** Bytes of memory held for the frame under assembly (its buffer's size). */
  get retained(): number {
    return this.partial?.length ?? 0;
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
    // The tail starts a frame: copied, so the (possibly 64 KiB) read chunk is not kept alive.
    if (offset < end) this.completePending(chunk.subarray(offset), sink);
  }

  /** Drops whatever is buffered. */
  reset(): void {
    this.partial = undefined;
    this.pendingBytes = 0;
    this.prefix = 0;
    this.frameSize = 0;
  }

  /**
   * Feeds `chunk` to the frame under assembly (or starts one). Returns where the unread rest of
   * `chunk` starts, or -1 when `chunk` was swallowed whole (or the sink stopped decoding).
   */
  private completePending(chunk: Buffer, sink: FrameSink): number {
    let used = 0;
    if (this.frameSize === 0) {
      while (this.pendingBytes < LENGTH_PREFIX_SIZE && used < chunk.length) {
        this.prefix = this.prefix * 256 + chunk[used++]!;
        this.pendingBytes++;
      }
      if (this.pendingBytes < LENGTH_PREFIX_SIZE) return -1;
      checkFrameLength(this.prefix, this.maxFrameSize);
      this.frameSize = LENGTH_PREFIX_SIZE + this.prefix;
      this.partial = Buffer.allocUnsafe(
        Math.min(this.frameSize, Math.max(MIN_PARTIAL, 2 * chunk.length)),
      );
      this.partial.writeUInt32BE(this.prefix, 0);
    }
    const missing = this.frameSize - this.pendingBytes;
    const available = chunk.length - used;
    if (available < missing) {
      this.append(chunk, used, chunk.length);
      return -1;
    }
    this.append(chunk, used, used + missing);
    const frame = this.partial!;
    const size = this.frameSize;
    this.reset();
    if (!this.deliver(frame, 0, size, sink)) return -1;
    return used + missing;
  }

  /** Copies `chunk[from, to)` after the bytes already held, doubling the buffer when full. */
  private append(chunk: Buffer, from: number, to: number): void {
    const need = this.pendingBytes + (to - from);
    let partial = this.partial!;
    if (need > partial.length) {
      const grown = Buffer.allocUnsafe(
        Math.min(this.frameSize, Math.max(need, 2 * partial.length)),
      );
      partial.copy(grown, 0, 0, this.pendingBytes);
      partial = grown;
      this.partial = grown;
    }
    chunk.copy(partial, this.pendingBytes, from, to);
    this.pendingBytes = need;
  }

  private deliver(buf: Buffer, start: number, end: number, sink: FrameSink): boolean {
    const type = buf[start + LENGTH_PREFIX_SIZE]!;
    if (!isFrameType(type)) throw new FrameError('protocol_error', `unknown frame type ${type}`);
    const body = buf.subarray(start + FRAME_HEADER_SIZE, end);
    return typeof sink === 'function' ? sink(type, body) : sink.onFrame(type, body);
  }
}
