import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EpmdProtocolError } from '../../../src/epmd/epmd-errors.js';
import { NamesReader } from '../../../src/epmd/epmd-names-reader.js';
import { encodeNamesResponse } from '../../../src/epmd/epmd-replies.js';

const reply = {
  epmdPort: 4369,
  nodes: [
    { name: 'foo', port: 40_001 },
    { name: 'bär', port: 40_002 },
    { name: 'web-1', port: 7 },
  ],
};

function readInChunks(buf: Uint8Array, cuts: number[]) {
  const reader = new NamesReader();
  let from = 0;
  for (const cut of [...cuts, buf.length]) {
    reader.push(buf.subarray(from, cut));
    from = cut;
  }
  return reader.end();
}

describe('NamesReader', () => {
  it('reads a reply split at every single byte position', () => {
    const buf = encodeNamesResponse(reply);
    for (let cut = 0; cut <= buf.length; cut++) expect(readInChunks(buf, [cut])).toEqual(reply);
  });

  it('reads a reply split into arbitrary chunks', () => {
    const buf = encodeNamesResponse(reply);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: buf.length }), { maxLength: 12 }),
        (cuts) => {
          expect(
            readInChunks(
              buf,
              cuts.sort((a, b) => a - b),
            ),
          ).toEqual(reply);
        },
      ),
    );
  });

  it('reads a reply with no nodes', () => {
    expect(readInChunks(encodeNamesResponse({ epmdPort: 1, nodes: [] }), [])).toEqual({
      epmdPort: 1,
      nodes: [],
    });
  });

  it('fails on a cut-off reply, a malformed line and an oversized reply', () => {
    const buf = encodeNamesResponse(reply);
    expect(() => readInChunks(buf.subarray(0, buf.length - 1), [])).toThrow(EpmdProtocolError);
    expect(() => readInChunks(buf.subarray(0, 3), [])).toThrow(EpmdProtocolError);
    const bad = Buffer.concat([buf.subarray(0, 4), Buffer.from('name x at port 99999\n')]);
    expect(() => readInChunks(bad, [])).toThrow(EpmdProtocolError);
    const reader = new NamesReader(10);
    expect(() => reader.push(buf)).toThrow(/exceeds/);
  });

  it('never throws anything but EpmdProtocolError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), (chunks) => {
        const reader = new NamesReader(100);
        try {
          for (const c of chunks) reader.push(c);
          reader.end();
        } catch (err) {
          expect(err).toBeInstanceOf(EpmdProtocolError);
        }
      }),
    );
  });
});
