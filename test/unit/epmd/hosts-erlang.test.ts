import { describe, expect, it } from 'vitest';
import { HostsFileError } from '../../../src/epmd/epmd-errors.js';
import { parseHostsErlang } from '../../../src/epmd/hosts-erlang.js';

describe('parseHostsErlang', () => {
  it('reads quoted atoms, bare atoms, comments and several terms per line', () => {
    const text = [
      '% hosts of the hello cluster',
      "'host1.example.com'.",
      "  'host2.example.com' .   % trailing comment",
      "localhost. '10.0.0.7'.",
    ].join('\n');
    expect(parseHostsErlang(text)).toEqual([
      'host1.example.com',
      'host2.example.com',
      'localhost',
      '10.0.0.7',
    ]);
  });

  it('accepts escapes in quoted atoms, strings, CRLF and a file without a final newline', () => {
    expect(parseHostsErlang("'a\\'b'.\r\n\"c.example\".")).toEqual(["a'b", 'c.example']);
    expect(parseHostsErlang('')).toEqual([]);
    expect(parseHostsErlang('% only a comment\n')).toEqual([]);
  });

  it('names the line of a malformed term', () => {
    const cases = [
      ["'a'.\n'b'", 'line 2'],
      ["'a'.\nhost-1.example.", 'line 2'],
      ["\n\n'unterminated.\n", 'line 3'],
      ["'a'.'b'.", 'line 1'],
      ['Host.', 'line 1'],
      ["''.", 'line 1'],
    ] as const;
    for (const [text, where] of cases) {
      expect(() => parseHostsErlang(text, 'hosts')).toThrow(HostsFileError);
      expect(() => parseHostsErlang(text, 'hosts')).toThrow(where);
    }
  });
});
