import type { Json } from './rancher-emulator-model.js';

/** Sentinel for a path that does not exist. */
export const NOT_FOUND = Symbol('not found');

/**
 * Walks `segments` into the metadata tree. Inside an array a segment is an index or the
 * `name` of an element, as Rancher allows (`services/0` and `services/web` are the same).
 */
export function walk(root: Json, segments: readonly string[]): Json | typeof NOT_FOUND {
  let node: Json = root;
  for (const seg of segments) {
    if (Array.isArray(node)) {
      const found: Json | undefined = /^\d+$/.test(seg)
        ? node[Number(seg)]
        : node.find((el) => el === seg || (isObject(el) && el.name === seg));
      if (found === undefined) return NOT_FOUND;
      node = found;
    } else if (isObject(node)) {
      if (!Object.hasOwn(node, seg)) return NOT_FOUND;
      node = node[seg] as Json;
    } else {
      return NOT_FOUND;
    }
  }
  return node;
}

/**
 * The plaintext rendering: an object lists its keys one a line, nested ones ending in `/`;
 * an array lists `index=name` (objects with a name) or `index=value`; a leaf is its text
 * without a newline (null is empty), as `curl http://rancher-metadata/...` shows.
 */
export function toPlaintext(value: Json): string {
  if (Array.isArray(value)) {
    return value
      .map((el, i) => {
        if (isObject(el)) return typeof el.name === 'string' ? `${i}=${el.name}\n` : `${i}/\n`;
        if (Array.isArray(el)) return `${i}/\n`;
        return `${i}=${leafText(el)}\n`;
      })
      .join('');
  }
  if (isObject(value)) {
    return Object.keys(value)
      .sort()
      .map((k) => {
        const v = value[k];
        return v !== null && typeof v === 'object' ? `${k}/\n` : `${k}\n`;
      })
      .join('');
  }
  return leafText(value);
}

function leafText(value: Json): string {
  return value === null ? '' : String(value);
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return (
    value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value)
  );
}
