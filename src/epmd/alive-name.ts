import { MAX_NAME_BYTES } from './epmd-wire.js';

/** Erlang's longest atom, so the longest alive name a node can have, in characters. */
export const MAX_NAME_CHARS = 255;

// A name holding whitespace splits its NAMES line (`net_adm:names` and our reader then skip
// it); a control character or '@' makes no usable `name@host`; U+FFFD stands for bytes that
// were not UTF-8.
const UNUSABLE = /[\s\p{Cc}@\uFFFD]/u;

/**
 * Why an ALIVE2 name cannot be registered, or `undefined` when it can: empty, longer than
 * Erlang allows (255 characters, 1,020 UTF-8 bytes: erts epmd's MAXSYMLEN), or holding a
 * character that would break the NAMES reply or the node name. The embedded server refuses
 * exactly the names a NAMES reader could not list back.
 */
export function aliveNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if ([...name].length > MAX_NAME_CHARS) return `longer than ${MAX_NAME_CHARS} characters`;
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) {
    return `longer than ${MAX_NAME_BYTES} bytes`;
  }
  const bad = UNUSABLE.exec(name);
  if (bad !== null) {
    return `holds ${JSON.stringify(bad[0])} (whitespace, control characters and "@" are refused)`;
  }
  return undefined;
}
