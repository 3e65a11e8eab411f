import { type NodeName, toNodeName } from '../../core/node-name.js';

/**
 * Node names read off the wire. A peer must send its name in canonical form (what
 * `toNodeName` returns), so checking a name is "would `toNodeName` return it unchanged?". The
 * common shape, `basename@a.b.c.d`, is checked here by one scan over its characters; anything
 * else (DNS hosts, IPv6, odd input) takes the full parser. Both paths agree (tested).
 */
export function isCanonicalNodeName(s: string): s is NodeName {
  if (isBasenameAtIPv4(s)) return true;
  try {
    return toNodeName(s) === s;
  } catch {
    return false;
  }
}

const MAX_BASENAME = 255;

/** `[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}@` then a dotted quad without leading zeros. */
function isBasenameAtIPv4(s: string): boolean {
  const at = s.indexOf('@');
  if (at < 1 || at > MAX_BASENAME) return false;
  for (let i = 0; i < at; i++) {
    const c = s.charCodeAt(i);
    if (!isBasenameChar(c) || (i === 0 && (c === 0x2e || c === 0x2d))) return false;
  }
  return isDottedQuad(s, at + 1);
}

function isBasenameChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x2e || // .
    c === 0x2d // -
  );
}

/** Four decimal octets 0-255 separated by dots, no leading zeros, from `start` to the end. */
function isDottedQuad(s: string, start: number): boolean {
  let octets = 0;
  let i = start;
  while (true) {
    const first = i;
    let value = 0;
    while (i < s.length && i - first < 4) {
      const c = s.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
      i++;
    }
    const digits = i - first;
    if (digits === 0 || digits > 3 || value > 255) return false;
    if (digits > 1 && s.charCodeAt(first) === 0x30) return false;
    octets++;
    if (i === s.length) return octets === 4;
    if (octets === 4 || s.charCodeAt(i) !== 0x2e) return false;
    i++;
  }
}
