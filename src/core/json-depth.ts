/**
 * JSON nesting bounds. V8's `JSON.parse` spends about 2.5 µs per level of nesting (a 4 MiB body
 * of nested arrays blocks the event loop for about 5 s), against about 10 ns per byte of
 * ordinary JSON; a byte scan first keeps hostile input at the ordinary cost.
 */

/**
 * The deepest JSON that a discovery source (the Kubernetes API, Rancher metadata) may send.
 * Kubernetes objects nest about 20 levels at most (managedFields included).
 */
export const MAX_SOURCE_JSON_DEPTH = 64;

/**
 * Whether the JSON text in `buf` from `start` opens more than `limit` arrays or objects at once
 * (brackets inside strings do not count). One pass over the bytes, stopping at the first level
 * past the limit; a text shorter than the limit cannot nest that deep and is not scanned. UTF-8
 * continuation bytes are >= 0x80, so they never look like brackets, quotes or backslashes.
 */
export function nestsDeeperThan(buf: Buffer, start: number, limit: number): boolean {
  if (buf.length - start <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = start; i < buf.length; i++) {
    const c = buf[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * `JSON.parse` of UTF-8 `bytes`, refused with a SyntaxError (as malformed JSON is) when it nests
 * deeper than `maxDepth`, before the parser spends anything on it.
 */
export function parseJsonWithin(bytes: Buffer, maxDepth: number): unknown {
  if (nestsDeeperThan(bytes, 0, maxDepth)) {
    throw new SyntaxError(`JSON nested deeper than ${maxDepth} levels`);
  }
  return JSON.parse(bytes.toString('utf8'));
}
