import { describe, expect, it } from 'vitest';
import { EpmdNameTable, namesLineBytes } from '../../../src/epmd/epmd-name-table.js';
import { encodeNamesResponse } from '../../../src/epmd/epmd-replies.js';

const LIMITS = { maxEntries: 1_000, maxNamesReplyBytes: 1024 * 1024 };

const node = (name: string) => ({
  name,
  port: 1,
  nodeType: 77,
  protocol: 0,
  highestVersion: 6,
  lowestVersion: 5,
  extra: new Uint8Array(0),
});

describe('EpmdNameTable', () => {
  it('keeps names unique and only removes the entry that holds the name', () => {
    const table = new EpmdNameTable(LIMITS);
    const first = table.add(node('a'), true)!;
    expect(table.add(node('a'), true)).toBeUndefined();
    table.remove(first);
    const second = table.add(node('a'), true)!;
    expect(table.remove(first)).toBe(false);
    expect(table.get('a')).toBe(second);
    expect(second.creation).not.toBe(first.creation);
  });

  it('hands out 32-bit creations >= 4 and 16-bit ones in 1..3', () => {
    const table = new EpmdNameTable(LIMITS);
    for (let i = 0; i < 50; i++) {
      const x = table.add(node(`x${i}`), true)!;
      const o = table.add(node(`o${i}`), false)!;
      expect(x.creation).toBeGreaterThanOrEqual(4);
      expect(x.creation).toBeLessThanOrEqual(0xffffffff);
      expect([1, 2, 3]).toContain(o.creation);
    }
  });

  it('refuses past its entry count and past the NAMES reply size, and frees room on remove', () => {
    const table = new EpmdNameTable({ maxEntries: 2, maxNamesReplyBytes: 1024 * 1024 });
    const a = table.add(node('a'), true)!;
    table.add(node('b'), true);
    expect(table.add(node('c'), true)).toBeUndefined();
    table.remove(a);
    expect(table.add(node('c'), true)).toBeDefined();

    const line = namesLineBytes({ name: 'n0', port: 1 });
    const small = new EpmdNameTable({ maxEntries: 100, maxNamesReplyBytes: 4 + 3 * line });
    for (const n of ['n0', 'n1', 'n2']) expect(small.add(node(n), true)).toBeDefined();
    expect(small.add(node('n3'), true)).toBeUndefined();
    const reply = encodeNamesResponse({ epmdPort: 1, nodes: small.list() });
    expect(reply.length).toBe(4 + 3 * line);
  });
});
