import { EpmdProtocolError } from './epmd-errors.js';
import { decodeNodeInfo, encodeNodeInfo } from './epmd-requests.js';
import { type Decoded, type EpmdNodeInfo, EpmdTag } from './epmd-wire.js';

/** ALIVE2_X_RESP (`extended`, 32-bit creation) or the older ALIVE2_RESP (16-bit creation). */
export interface Alive2Response {
  readonly result: number;
  readonly creation: number;
  readonly extended: boolean;
}

/** PORT2_RESP: the node's entry on success, only a non-zero result otherwise. */
export type Port2Response =
  | { readonly result: 0; readonly node: EpmdNodeInfo }
  | { readonly result: number; readonly node?: undefined };

export interface NamesEntry {
  readonly name: string;
  readonly port: number;
}

export interface NamesResponse {
  /** The port the EPMD listens on, as it reports it. */
  readonly epmdPort: number;
  readonly nodes: readonly NamesEntry[];
  /**
   * Lines that are not `name <n> at port <p>` (a name holding a space or a newline splits its
   * line), skipped as `net_adm:names` skips them; present only when there were some. At most
   * MAX_SKIPPED_LINES are kept, each cut to MAX_SKIPPED_LINE_CHARS characters.
   */
  readonly skipped?: readonly string[];
}

/** How many skipped NAMES lines a reply keeps (the rest are dropped: a reply is 1 MiB max). */
export const MAX_SKIPPED_LINES = 64;
/** How much of each skipped line is kept, in characters. */
export const MAX_SKIPPED_LINE_CHARS = 300;

const view = (buf: Uint8Array) => Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);

export function encodeAlive2Response(response: Alive2Response): Buffer {
  const { result, creation, extended } = response;
  if (!Number.isInteger(result) || result < 0 || result > 0xff) {
    throw new EpmdProtocolError(`result ${result} does not fit in 8 bits`);
  }
  const max = extended ? 0xffffffff : 0xffff;
  if (!Number.isInteger(creation) || creation < 0 || creation > max) {
    throw new EpmdProtocolError(`creation ${creation} does not fit in ${extended ? 32 : 16} bits`);
  }
  if (extended) {
    const out = Buffer.allocUnsafe(6);
    out.writeUInt8(EpmdTag.ALIVE2_X_RESP, 0);
    out.writeUInt8(result, 1);
    out.writeUInt32BE(creation, 2);
    return out;
  }
  const out = Buffer.allocUnsafe(4);
  out.writeUInt8(EpmdTag.ALIVE2_RESP, 0);
  out.writeUInt8(result, 1);
  out.writeUInt16BE(creation, 2);
  return out;
}

/** `undefined` while incomplete; EpmdProtocolError for any other first byte. */
export function decodeAlive2Response(
  buf: Uint8Array,
  offset = 0,
): Decoded<Alive2Response> | undefined {
  const b = view(buf);
  if (b.length <= offset) return undefined;
  const tag = b[offset]!;
  if (tag === EpmdTag.ALIVE2_X_RESP) {
    if (b.length < offset + 6) return undefined;
    const value = { result: b[offset + 1]!, creation: b.readUInt32BE(offset + 2), extended: true };
    return { value, bytes: 6 };
  }
  if (tag === EpmdTag.ALIVE2_RESP) {
    if (b.length < offset + 4) return undefined;
    const value = { result: b[offset + 1]!, creation: b.readUInt16BE(offset + 2), extended: false };
    return { value, bytes: 4 };
  }
  throw new EpmdProtocolError(`expected ALIVE2_X_RESP or ALIVE2_RESP, got tag ${tag}`);
}

export function encodePort2Response(response: Port2Response): Buffer {
  if (response.result === 0) {
    if (response.node === undefined)
      throw new EpmdProtocolError('PORT2_RESP result 0 needs a node');
    return Buffer.concat([Buffer.of(EpmdTag.PORT2_RESP, 0), encodeNodeInfo(response.node)]);
  }
  if (!Number.isInteger(response.result) || response.result < 1 || response.result > 0xff) {
    throw new EpmdProtocolError(`result ${response.result} does not fit in 8 bits`);
  }
  return Buffer.of(EpmdTag.PORT2_RESP, response.result);
}

export function decodePort2Response(
  buf: Uint8Array,
  offset = 0,
): Decoded<Port2Response> | undefined {
  const b = view(buf);
  if (b.length < offset + 2) return undefined;
  const tag = b[offset]!;
  if (tag !== EpmdTag.PORT2_RESP)
    throw new EpmdProtocolError(`expected PORT2_RESP, got tag ${tag}`);
  const result = b[offset + 1]!;
  if (result !== 0) return { value: { result }, bytes: 2 };
  const node = decodeNodeInfo(b, offset + 2);
  if (node === undefined) return undefined;
  return { value: { result: 0, node: node.value }, bytes: 2 + node.bytes };
}

/** The NAMES reply: the EPMD port as u32, then `name <n> at port <p>\n` per node. */
export function encodeNamesResponse(response: NamesResponse): Buffer {
  const head = Buffer.allocUnsafe(4);
  head.writeUInt32BE(response.epmdPort, 0);
  const lines = response.nodes.map((n) => `name ${n.name} at port ${n.port}\n`).join('');
  return Buffer.concat([head, Buffer.from(lines, 'utf8')]);
}

const NAMES_LINE = /^name (\S+) at port (\d{1,5})$/u;

/**
 * Reads one NAMES line (without its newline) as `erl_epmd` does for `net_adm:names`: the name
 * runs to the first space, then ` at port <integer>` must end the line; `undefined` otherwise.
 */
export function readNamesLine(line: string): NamesEntry | undefined {
  const m = NAMES_LINE.exec(line);
  if (m === null) return undefined;
  const port = Number(m[2]);
  return port > 0xffff ? undefined : { name: m[1]!, port };
}

/** Parses one NAMES line (without its newline); EpmdProtocolError when it is malformed. */
export function parseNamesLine(line: string): NamesEntry {
  const entry = readNamesLine(line);
  if (entry === undefined) {
    throw new EpmdProtocolError(`malformed NAMES line ${JSON.stringify(line.slice(0, 80))}`);
  }
  return entry;
}

/** Collects the entries of NAMES lines, keeping a bounded sample of the lines it skips. */
export class NamesLines {
  readonly nodes: NamesEntry[] = [];
  readonly skipped: string[] = [];

  add(line: string): void {
    const entry = readNamesLine(line);
    if (entry !== undefined) this.nodes.push(entry);
    else if (line !== '' && this.skipped.length < MAX_SKIPPED_LINES) {
      this.skipped.push(line.slice(0, MAX_SKIPPED_LINE_CHARS));
    }
  }

  response(epmdPort: number): NamesResponse {
    const { nodes, skipped } = this;
    return skipped.length === 0 ? { epmdPort, nodes } : { epmdPort, nodes, skipped };
  }
}

/**
 * Decodes a whole NAMES reply (the connection has reached EOF) from `offset` to the end.
 * `undefined` when the 4-byte port is not all there; a last line without its newline is an
 * error; a malformed line is skipped (listed in `skipped`), as `net_adm:names` skips it.
 */
export function decodeNamesResponse(
  buf: Uint8Array,
  offset = 0,
): Decoded<NamesResponse> | undefined {
  const b = view(buf);
  if (b.length < offset + 4) return undefined;
  const epmdPort = b.readUInt32BE(offset);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(offset + 4));
  const lines = new NamesLines();
  if (text !== '') {
    if (!text.endsWith('\n')) throw new EpmdProtocolError('NAMES reply ends inside a line');
    for (const line of text.slice(0, -1).split('\n')) lines.add(line);
  }
  return { value: lines.response(epmdPort), bytes: b.length - offset };
}
