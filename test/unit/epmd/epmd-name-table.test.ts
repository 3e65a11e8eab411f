import { describe, expect, it } from 'vitest';
import { EpmdNameTable } from '../../../src/epmd/epmd-name-table.js';

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
    const table = new EpmdNameTable();
    const first = table.add(node('a'), true)!;
    expect(table.add(node('a'), true)).toBeUndefined();
    table.remove(first);
    const second = table.add(node('a'), true)!;
    expect(table.remove(first)).toBe(false);
    expect(table.get('a')).toBe(second);
    expect(second.creation).not.toBe(first.creation);
  });

  it('hands out 32-bit creations >= 4 and 16-bit ones in 1..3', () => {
    const table = new EpmdNameTable();
    for (let i = 0; i < 50; i++) {
      const x = table.add(node(`x${i}`), true)!;
      const o = table.add(node(`o${i}`), false)!;
      expect(x.creation).toBeGreaterThanOrEqual(4);
      expect(x.creation).toBeLessThanOrEqual(0xffffffff);
      expect([1, 2, 3]).toContain(o.creation);
    }
  });
});
