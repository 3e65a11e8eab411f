import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NodeName, toNodeName } from '../../../../src/core/node-name.js';
import { decodeFrame, encodeFrame, FrameType } from '../../../../src/transport/tcp/frame.js';
import { FrameDecoder } from '../../../../src/transport/tcp/frame-decoder.js';
import {
  decodeChallenge,
  decodeHello,
  decodeProof,
  decodeRefuse,
  encodeChallenge,
  encodeHello,
  encodeProof,
  encodeRefuse,
  handshakeVersion,
  PROTOCOL_VERSION,
  RefuseCode,
} from '../../../../src/transport/tcp/handshake-codec.js';
import { decodeMessage, encodeMessage } from '../../../../src/transport/tcp/message-codec.js';
import { FrameError } from '../../../../src/transport/tcp/tcp-errors.js';

const MAX = 1 << 20;

/** dns-packet's testEncoder: encode, check the length, decode at an offset, re-encode. */
function roundTrip(frame: Buffer): void {
  const padded = Buffer.concat([Buffer.from([9, 9, 9]), frame, Buffer.from([7])]);
  const { frame: decoded, bytes } = decodeFrame(padded, 3, MAX);
  expect(bytes).toBe(frame.length);
  expect(frame.readUInt32BE(0)).toBe(frame.length - 4);
  expect(encodeFrame(decoded.type, decoded.body)).toEqual(frame);
}

const frameArb = fc.record({
  type: fc.constantFrom(...Object.values(FrameType)),
  body: fc.uint8Array({ maxLength: 300 }),
});

describe('frame codec', () => {
  it('round-trips every frame type at an offset', () => {
    fc.assert(fc.property(frameArb, ({ type, body }) => roundTrip(encodeFrame(type, body))));
  });

  it('round-trips handshake frames', () => {
    const a = toNodeName('a@127.0.0.1');
    const b = toNodeName('b@host.example');
    const challenge = Buffer.alloc(32, 1);
    const proof = Buffer.alloc(32, 2);
    const ch = encodeChallenge(challenge);
    roundTrip(ch);
    const chBody = decodeFrame(ch).frame.body;
    expect(handshakeVersion(chBody)).toBe(PROTOCOL_VERSION);
    expect(decodeChallenge(chBody)).toEqual({ version: PROTOCOL_VERSION, challenge });
    const hello = encodeHello(challenge, proof, a, b);
    roundTrip(hello);
    expect(decodeHello(decodeFrame(hello).frame.body)).toEqual({
      version: PROTOCOL_VERSION,
      challenge,
      proof,
      from: a,
      to: b,
    });
    const p = encodeProof(proof);
    roundTrip(p);
    expect(decodeProof(decodeFrame(p).frame.body)).toEqual(proof);
    const r = encodeRefuse(RefuseCode.badProof);
    roundTrip(r);
    expect(decodeRefuse(decodeFrame(r).frame.body)).toBe(RefuseCode.badProof);
  });

  it('rejects truncated, padded and misnamed handshake frames with a protocol error', () => {
    const a = toNodeName('a@127.0.0.1');
    const hello = decodeFrame(encodeHello(Buffer.alloc(32), Buffer.alloc(32), a, a)).frame.body;
    for (let cut = 0; cut < hello.length; cut++) {
      expect(() => decodeHello(hello.subarray(0, cut))).toThrow(FrameError);
    }
    expect(() => decodeHello(Buffer.concat([hello, Buffer.from([0])]))).toThrow(/trailing/);
    const ch = decodeFrame(encodeChallenge(Buffer.alloc(32))).frame.body;
    expect(() => decodeChallenge(ch.subarray(0, 20))).toThrow(/truncated/);
    expect(() => handshakeVersion(Buffer.alloc(0))).toThrow(/truncated/);
    // Not canonical (a leading zero): names on the wire must be what toNodeName returns.
    const bad = encodeHello(Buffer.alloc(32), Buffer.alloc(32), a, 'a@127.0.0.01' as NodeName);
    expect(() => decodeHello(decodeFrame(bad).frame.body)).toThrow(/invalid node name/);
  });

  it('round-trips messages through JSON', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (topic, payload) => {
        const frame = encodeMessage(topic, payload, MAX);
        roundTrip(frame);
        const decoded = decodeMessage(decodeFrame(frame).frame.body);
        expect(decoded.topic).toBe(topic);
        expect(decoded.payload).toEqual(JSON.parse(JSON.stringify(payload)));
      }),
    );
    expect(decodeMessage(decodeFrame(encodeMessage('t', undefined, MAX)).frame.body).payload).toBe(
      undefined,
    );
  });

  it('refuses a message larger than maxFrameSize when encoding', () => {
    expect(() => encodeMessage('t', 'x'.repeat(100), 50)).toThrow(/maxFrameSize/);
  });

  it('rejects zero-length, oversized, unknown-type and truncated frames with a FrameError', () => {
    expect(() => decodeFrame(Buffer.from([0, 0, 0, 0]))).toThrow(FrameError);
    expect(() => decodeFrame(Buffer.from([0, 0, 0, 2, 99, 0]))).toThrow(/unknown frame type/);
    expect(() => decodeFrame(Buffer.from([0, 0, 1, 0, 5]), 0, 10)).toThrow(
      expect.objectContaining({ reason: 'frame_too_large' }),
    );
    expect(() => decodeFrame(Buffer.from([0, 0, 0, 9, 5]))).toThrow(/truncated/);
  });
});

describe('FrameDecoder', () => {
  /** Splits `bytes` at the given cut points. */
  function split(bytes: Buffer, cuts: number[]): Buffer[] {
    const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
    const out: Buffer[] = [];
    let last = 0;
    for (const p of [...points, bytes.length]) {
      out.push(bytes.subarray(last, p));
      last = p;
    }
    return out;
  }

  it('yields the same frames however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(frameArb, { maxLength: 20 }), fc.array(fc.nat()), (frames, cuts) => {
        const stream = Buffer.concat(frames.map((f) => encodeFrame(f.type, f.body)));
        const decoder = new FrameDecoder(MAX);
        const got: { type: number; body: Uint8Array }[] = [];
        for (const chunk of split(stream, cuts)) {
          decoder.push(chunk, (type, body) => {
            got.push({ type, body: new Uint8Array(body) });
            return true;
          });
        }
        expect(got).toEqual(frames.map((f) => ({ type: f.type, body: new Uint8Array(f.body) })));
        expect(decoder.buffered).toBe(0);
      }),
    );
  });

  it('arbitrary bytes, arbitrarily cut, give frames or a FrameError and nothing else', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2000 }),
        fc.array(fc.nat()),
        fc.integer({ min: 1, max: 4096 }),
        (bytes, cuts, max) => {
          const decoder = new FrameDecoder(max);
          try {
            for (const chunk of split(Buffer.from(bytes), cuts)) decoder.push(chunk, () => true);
          } catch (err) {
            expect(err).toBeInstanceOf(FrameError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses an oversized frame from its length prefix alone, before any body', () => {
    const decoder = new FrameDecoder(100);
    decoder.push(Buffer.from([0, 0]), () => true);
    expect(() => decoder.push(Buffer.from([1, 0]), () => true)).toThrow(
      expect.objectContaining({ reason: 'frame_too_large', code: 'MUSTER_ERR_FRAME_TOO_LARGE' }),
    );
  });

  it('stops when the sink returns false', () => {
    const decoder = new FrameDecoder(MAX);
    const seen: number[] = [];
    const two = Buffer.concat([encodeFrame(FrameType.tick), encodeFrame(FrameType.leaving)]);
    decoder.push(two, (type) => {
      seen.push(type);
      return false;
    });
    expect(seen).toEqual([FrameType.tick]);
  });

  it('hands frames to a handler object as it does to a callback, whole or split', () => {
    const frames = [encodeFrame(FrameType.tick), encodeFrame(FrameType.message, Buffer.from('hi'))];
    const bytes = Buffer.concat(frames);
    for (const cut of [bytes.length, 3, 7]) {
      const seen: [number, string][] = [];
      const handler = {
        onFrame(type: FrameType, body: Buffer) {
          seen.push([type, body.toString()]);
          return true;
        },
      };
      const decoder = new FrameDecoder(MAX);
      decoder.push(bytes.subarray(0, cut), handler);
      decoder.push(bytes.subarray(cut), handler);
      expect(seen).toEqual([
        [FrameType.tick, ''],
        [FrameType.message, 'hi'],
      ]);
    }
  });
});
