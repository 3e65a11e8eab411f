import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EpmdProtocolError } from '../../../src/epmd/epmd-errors.js';
import {
  decodeAlive2Response,
  decodeNamesResponse,
  decodePort2Response,
  encodeAlive2Response,
  encodeNamesResponse,
  encodePort2Response,
} from '../../../src/epmd/epmd-replies.js';
import { decodeRequest, type EpmdRequest, encodeRequest } from '../../../src/epmd/epmd-requests.js';
import type { Decoded, EpmdNodeInfo } from '../../../src/epmd/epmd-wire.js';

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const name = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });
const bytes = (max: number) => fc.uint8Array({ maxLength: max });

const nodeInfo: fc.Arbitrary<EpmdNodeInfo> = fc.record({
  name,
  port: u16,
  nodeType: u8,
  protocol: u8,
  highestVersion: u16,
  lowestVersion: u16,
  extra: bytes(32),
});

const request: fc.Arbitrary<EpmdRequest> = fc.oneof(
  nodeInfo.map((n) => ({ type: 'alive2' as const, ...n })),
  name.map((n) => ({ type: 'port-please2' as const, name: n })),
  fc.constant({ type: 'names' as const }),
);

/**
 * dns-packet's testEncoder: encode, decode at an offset inside a larger buffer, check the
 * length, re-encode to the same bytes, and check that every strict prefix is "incomplete".
 */
function roundTrip<T>(
  value: T,
  encode: (v: T) => Buffer,
  decode: (b: Uint8Array, offset: number) => Decoded<T> | undefined,
  prefix: Uint8Array,
  suffix: Uint8Array,
  { prefixesIncomplete = true } = {},
) {
  const encoded = encode(value);
  const big = Buffer.concat([prefix, encoded, suffix]);
  const decoded = decode(big, prefix.length);
  expect(decoded).toBeDefined();
  expect(decoded!.bytes).toBe(encoded.length);
  expect(decoded!.value).toEqual(value);
  expect(encode(decoded!.value)).toEqual(encoded);
  if (prefixesIncomplete) {
    for (let cut = 0; cut < encoded.length; cut++) {
      expect(
        decode(Buffer.concat([prefix, encoded.subarray(0, cut)]), prefix.length),
      ).toBeUndefined();
    }
  }
}

describe('EPMD codec round-trips', () => {
  it('requests', () => {
    fc.assert(
      fc.property(request, bytes(16), bytes(16), (req, pre, suf) => {
        roundTrip(req, encodeRequest, decodeRequest, pre, suf);
      }),
    );
  });

  it('ALIVE2_X_RESP and ALIVE2_RESP', () => {
    const reply = fc.oneof(
      fc.record({
        result: u8,
        creation: fc.integer({ min: 0, max: 0xffffffff }),
        extended: fc.constant(true),
      }),
      fc.record({ result: u8, creation: u16, extended: fc.constant(false) }),
    );
    fc.assert(
      fc.property(reply, bytes(16), bytes(16), (r, pre, suf) => {
        roundTrip(r, encodeAlive2Response, decodeAlive2Response, pre, suf);
      }),
    );
  });

  it('PORT2_RESP, found and not found', () => {
    const reply = fc.oneof(
      nodeInfo.map((node) => ({ result: 0 as const, node })),
      fc.integer({ min: 1, max: 0xff }).map((result) => ({ result })),
    );
    fc.assert(
      fc.property(reply, bytes(16), bytes(16), (r, pre, suf) => {
        roundTrip(r, encodePort2Response, decodePort2Response, pre, suf);
      }),
    );
  });

  it('NAMES reply (read to EOF, so decoded at an offset without a suffix)', () => {
    const entry = fc.record({
      name: fc.stringMatching(/^[A-Za-z0-9_@.-]{1,20}$/),
      port: u16,
    });
    const reply = fc.record({
      epmdPort: fc.integer({ min: 0, max: 0xffffffff }),
      nodes: fc.array(entry, { maxLength: 10 }),
    });
    fc.assert(
      fc.property(reply, bytes(16), (r, pre) => {
        roundTrip(r, encodeNamesResponse, decodeNamesResponse, pre, new Uint8Array(0), {
          prefixesIncomplete: false,
        });
      }),
    );
  });

  it('matches the bytes OTP documents', () => {
    expect([...encodeRequest({ type: 'names' })]).toEqual([0, 1, 110]);
    expect([...encodeRequest({ type: 'port-please2', name: 'foo' })]).toEqual([
      0, 4, 122, 102, 111, 111,
    ]);
    expect([
      ...encodeRequest({
        type: 'alive2',
        name: 'a',
        port: 0x1234,
        nodeType: 77,
        protocol: 0,
        highestVersion: 6,
        lowestVersion: 5,
        extra: new Uint8Array(0),
      }),
    ]).toEqual([0, 14, 120, 0x12, 0x34, 77, 0, 0, 6, 0, 5, 0, 1, 97, 0, 0]);
    expect([...encodeAlive2Response({ result: 0, creation: 0x01020304, extended: true })]).toEqual([
      118, 0, 1, 2, 3, 4,
    ]);
    expect([...encodePort2Response({ result: 1 })]).toEqual([119, 1]);
    expect(
      decodeNamesResponse(
        Buffer.from([0, 0, 0x11, 0x11, ...Buffer.from('name foo at port 4242\n')]),
      ),
    ).toEqual({ value: { epmdPort: 0x1111, nodes: [{ name: 'foo', port: 4242 }] }, bytes: 26 });
  });

  it('refuses values that do not fit the wire', () => {
    expect(() => encodeRequest({ type: 'port-please2', name: 'x'.repeat(70_000) })).toThrow(
      EpmdProtocolError,
    );
    expect(() => encodeAlive2Response({ result: 0, creation: 70_000, extended: false })).toThrow(
      EpmdProtocolError,
    );
    expect(() =>
      encodeRequest({
        type: 'alive2',
        name: 'a',
        port: 70_000,
        nodeType: 77,
        protocol: 0,
        highestVersion: 6,
        lowestVersion: 5,
        extra: new Uint8Array(0),
      }),
    ).toThrow(EpmdProtocolError);
  });
});

describe('EPMD decoders on arbitrary bytes', () => {
  const decoders: [string, (b: Uint8Array, offset: number) => unknown][] = [
    ['request', decodeRequest],
    ['ALIVE2 reply', decodeAlive2Response],
    ['PORT2_RESP', decodePort2Response],
    ['NAMES reply', decodeNamesResponse],
  ];
  for (const [what, decode] of decoders) {
    it(`${what}: a value, "incomplete", or an EpmdProtocolError; nothing else`, () => {
      fc.assert(
        fc.property(bytes(300), fc.nat(8), (buf, off) => {
          const offset = Math.min(off, buf.length);
          try {
            const out = decode(buf, offset) as Decoded<unknown> | undefined;
            if (out !== undefined) {
              expect(out.bytes).toBeGreaterThan(0);
              expect(offset + out.bytes).toBeLessThanOrEqual(buf.length);
            }
          } catch (err) {
            expect(err).toBeInstanceOf(EpmdProtocolError);
            expect((err as EpmdProtocolError).code).toBe('MUSTER_ERR_EPMD_PROTOCOL');
          }
        }),
        { numRuns: 2_000 },
      );
    });
  }

  it('tagged inputs reach the deep paths too', () => {
    const tagged = fc
      .tuple(fc.constantFrom(110, 118, 119, 120, 121, 122), bytes(64))
      .map(([tag, rest]) => Uint8Array.from([tag, ...rest]));
    fc.assert(
      fc.property(tagged, (buf) => {
        for (const [, decode] of decoders) {
          try {
            decode(buf, 0);
            decode(Uint8Array.from([0, buf.length, ...buf]), 0);
          } catch (err) {
            expect(err).toBeInstanceOf(EpmdProtocolError);
          }
        }
      }),
      { numRuns: 2_000 },
    );
  });
});
