import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { HostsFileError } from './epmd-errors.js';

/**
 * Parses a `.hosts.erlang` file as `net_adm:host_file/0` reads it (`file:consult`): Erlang
 * terms, each ended by a full stop, normally one quoted atom per line (`'host1.example'.`).
 * Bare atoms (`localhost.`) and, leniently, double-quoted strings are accepted; `%` starts a
 * comment. Anything else is an error naming the line. Validating each host is the caller's job.
 */
export function parseHostsErlang(text: string, file = '.hosts.erlang'): string[] {
  const hosts: string[] = [];
  let i = 0;
  let line = 1;
  const fail = (what: string): never => {
    throw new HostsFileError(file, `line ${line}: ${what}`);
  };
  const skipBlank = () => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\n') {
        line++;
        i++;
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        i++;
      } else if (c === '%') {
        while (i < text.length && text[i] !== '\n') i++;
      } else {
        return;
      }
    }
  };
  while (true) {
    skipBlank();
    if (i >= text.length) return hosts;
    const c = text[i]!;
    let host: string;
    if (c === "'" || c === '"') {
      host = quoted(c);
    } else if (/[a-z]/.test(c)) {
      const m = /^[a-z][A-Za-z0-9_@]*/.exec(text.slice(i, i + 300))!;
      host = m[0];
      i += host.length;
    } else {
      return fail(`expected a quoted atom like 'host.example.com'. but found ${JSON.stringify(c)}`);
    }
    skipBlank();
    if (text[i] !== '.') fail(`expected '.' after ${JSON.stringify(host)}`);
    i++;
    if (i < text.length && !/[\s%]/.test(text[i]!)) fail("expected whitespace after '.'");
    if (host === '') fail('empty host name');
    hosts.push(host);
  }

  function quoted(q: string): string {
    let out = '';
    i++;
    while (i < text.length && text[i] !== q) {
      let c = text[i]!;
      if (c === '\n') fail('a quoted host name does not end on its line');
      if (c === '\\') {
        i++;
        c = text[i] ?? '';
      }
      out += c;
      i++;
    }
    if (i >= text.length) fail('unterminated quoted atom');
    i++;
    return out;
  }
}

/** Reads and parses a `.hosts.erlang` file (async, for each poll). */
export async function readHostsErlang(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new HostsFileError(file, `cannot read: ${(err as Error).message}`, err);
  }
  return parseHostsErlang(text, file);
}

/** The same, synchronously, for config validation at `createCluster`. */
export function readHostsErlangSync(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HostsFileError(file, `cannot read: ${(err as Error).message}`, err);
  }
  return parseHostsErlang(text, file);
}
