import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aliveNameProblem } from '../../../src/epmd/alive-name.js';
import { readNamesLine } from '../../../src/epmd/epmd-replies.js';

describe('aliveNameProblem', () => {
  it('accepts what Erlang accepts and a NAMES line can carry', () => {
    for (const ok of ['a', 'hello_1', 'web-1.x', 'bär', 'n'.repeat(255), '😀'.repeat(255)]) {
      expect(aliveNameProblem(ok), ok).toBeUndefined();
    }
  });

  it('refuses empty, too long, whitespace, control characters, "@" and U+FFFD', () => {
    for (const bad of [
      '',
      'n'.repeat(256),
      'a b',
      'a\nb',
      'a\tb',
      'a\u00a0b',
      'a\u0000',
      'a\u007f',
      'x@y',
      'bad\ufffd',
    ]) {
      expect(aliveNameProblem(bad), JSON.stringify(bad)).toBeDefined();
    }
  });

  it('agrees with the NAMES reader: every accepted name reads back from its line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), (name) => {
        if (aliveNameProblem(name) !== undefined) return;
        expect(readNamesLine(`name ${name} at port 4369`)).toEqual({ name, port: 4369 });
      }),
    );
  });
});
