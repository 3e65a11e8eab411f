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

  it('skips malformed lines as net_adm:names does, keeping the rest and a bounded sample', () => {
    const buf = encodeNamesResponse(reply);
    const odd = 'name x at port 99999\nname a b at port 5\n\nname y\nname ok at port 9\n';
    const read = readInChunks(Buffer.concat([buf, Buffer.from(odd)]), [7, 30]);
    expect(read.nodes).toEqual([...reply.nodes, { name: 'ok', port: 9 }]);
    expect(read.skipped).toEqual(['name x at port 99999', 'name a b at port 5', 'name y']);
    const many = Buffer.concat([buf.subarray(0, 4), Buffer.from('junk\n'.repeat(1_000))]);
    expect(readInChunks(many, []).skipped).toHaveLength(64);
  });

  it('fails on a cut-off reply and an oversized reply', () => {
    const buf = encodeNamesResponse(reply);
    expect(() => readInChunks(buf.subarray(0, buf.length - 1), [])).toThrow(EpmdProtocolError);
    expect(() => readInChunks(buf.subarray(0, 3), [])).toThrow(EpmdProtocolError);
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
