import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { FrameType } from '../../src/transport/tcp/frame.js';
import { FrameDecoder } from '../../src/transport/tcp/frame-decoder.js';
import { HANDSHAKE_MAX_FRAME } from '../../src/transport/tcp/handshake-codec.js';

// No addresses: the decoder alone (every connection reads through one, handshake included).
// Issue 14, case 3: a hello announced at 1 KiB and sent one byte per TCP segment cost about
// 100 bytes of heap per byte received; an unfinished 8 MiB frame after authentication ~390 MiB.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap and buffer memory in use after a full collection. */
function inUse(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const never = () => {
  throw new Error('no frame should complete');
};

/** Pushes `n` bytes one per read, from one reused 1-byte read buffer (as a socket does). */
function dribble(decoder: FrameDecoder, bytes: Buffer): void {
  const read = Buffer.alloc(1);
  for (const b of bytes) {
    read[0] = b;
    decoder.push(read, never);
  }
}

function header(length: number): Buffer {
  const h = Buffer.alloc(5);
  h.writeUInt32BE(length, 0);
  h[4] = FrameType.message;
  return h;
}

describe('a frame that arrives one byte per read', () => {
  it('holds at most about twice the bytes received', () => {
    const decoder = new FrameDecoder(8 * 1024 * 1024);
    const sent = 512 * 1024;
    const before = inUse();
    dribble(decoder, header(8 * 1024 * 1024 - 1));
    dribble(decoder, Buffer.alloc(sent, 0x61));
    const held = inUse() - before;
    expect(decoder.buffered).toBe(5 + sent);
    // Before the fix: ~100 bytes per byte (about 50 MiB here).
    expect(held).toBeLessThan(3 * sent + 256 * 1024);
  });

  it('costs what was sent, not what was announced', () => {
    const decoder = new FrameDecoder(8 * 1024 * 1024);
    dribble(decoder, header(8 * 1024 * 1024 - 1));
    dribble(decoder, Buffer.alloc(10, 0x61));
    expect(decoder.retained).toBeLessThanOrEqual(256);
  });

  it('holds a dribbled handshake frame within its 1 KiB limit', () => {
    const decoder = new FrameDecoder(HANDSHAKE_MAX_FRAME);
    dribble(decoder, header(HANDSHAKE_MAX_FRAME));
    dribble(decoder, Buffer.alloc(HANDSHAKE_MAX_FRAME - 2, 0x61));
    expect(decoder.retained).toBeLessThanOrEqual(HANDSHAKE_MAX_FRAME + 4);
  });
});
