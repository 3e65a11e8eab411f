import { EpmdProtocolError } from './epmd-errors.js';
import { type Decoded, type EpmdNodeInfo, EpmdTag } from './epmd-wire.js';

export interface Alive2Request extends EpmdNodeInfo {
  readonly type: 'alive2';
}
export interface PortPlease2Request {
  readonly type: 'port-please2';
  readonly name: string;
}
export interface NamesRequest {
  readonly type: 'names';
}
export type EpmdRequest = Alive2Request | PortPlease2Request | NamesRequest;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Frames `body` with the 2-byte big-endian length every request carries. */
function frame(body: Buffer): Buffer {
  if (body.length > 0xffff)
    throw new EpmdProtocolError(`request of ${body.length} bytes is too long`);
  const out = Buffer.allocUnsafe(2 + body.length);
  out.writeUInt16BE(body.length, 0);
  body.copy(out, 2);
  return out;
}

function u16(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new EpmdProtocolError(`${what} ${value} does not fit in 16 bits`);
  }
  return value;
}

function u8(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new EpmdProtocolError(`${what} ${value} does not fit in 8 bits`);
  }
  return value;
}

/** The fields ALIVE2_REQ and PORT2_RESP share, from `port` to `extra`. */
export function encodeNodeInfo(info: EpmdNodeInfo): Buffer {
  const name = Buffer.from(info.name, 'utf8');
  const extra = Buffer.from(info.extra);
  const out = Buffer.allocUnsafe(12 + name.length + extra.length);
  out.writeUInt16BE(u16(info.port, 'port'), 0);
  out.writeUInt8(u8(info.nodeType, 'nodeType'), 2);
  out.writeUInt8(u8(info.protocol, 'protocol'), 3);
  out.writeUInt16BE(u16(info.highestVersion, 'highestVersion'), 4);
  out.writeUInt16BE(u16(info.lowestVersion, 'lowestVersion'), 6);
  out.writeUInt16BE(u16(name.length, 'name length'), 8);
  name.copy(out, 10);
  out.writeUInt16BE(u16(extra.length, 'extra length'), 10 + name.length);
  extra.copy(out, 12 + name.length);
  return out;
}

/**
 * Reads the shared node fields at `offset`; `undefined` when the buffer ends first.
 * Names are UTF-8 (OTP 20+ allows Unicode node names).
 */
export function decodeNodeInfo(buf: Uint8Array, offset: number): Decoded<EpmdNodeInfo> | undefined {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < offset + 10) return undefined;
  const nlen = b.readUInt16BE(offset + 8);
  if (b.length < offset + 12 + nlen) return undefined;
  const elen = b.readUInt16BE(offset + 10 + nlen);
  const end = offset + 12 + nlen + elen;
  if (b.length < end) return undefined;
  return {
    value: {
      port: b.readUInt16BE(offset),
      nodeType: b[offset + 2]!,
      protocol: b[offset + 3]!,
      highestVersion: b.readUInt16BE(offset + 4),
      lowestVersion: b.readUInt16BE(offset + 6),
      name: utf8.decode(b.subarray(offset + 10, offset + 10 + nlen)),
      extra: Uint8Array.from(b.subarray(offset + 12 + nlen, end)),
    },
    bytes: end - offset,
  };
}

export function encodeAlive2Request(info: EpmdNodeInfo): Buffer {
  const node = encodeNodeInfo(info);
  return frame(Buffer.concat([Buffer.of(EpmdTag.ALIVE2_REQ), node]));
}

export function encodePortPlease2Request(name: string): Buffer {
  return frame(Buffer.concat([Buffer.of(EpmdTag.PORT_PLEASE2_REQ), Buffer.from(name, 'utf8')]));
}

export function encodeNamesRequest(): Buffer {
  return frame(Buffer.of(EpmdTag.NAMES_REQ));
}

export function encodeRequest(request: EpmdRequest): Buffer {
  switch (request.type) {
    case 'alive2':
      return encodeAlive2Request(request);
    case 'port-please2':
      return encodePortPlease2Request(request.name);
    case 'names':
      return encodeNamesRequest();
  }
}

/**
 * The 2-byte length at `offset`, or `undefined` when fewer than 2 bytes are there. A server
 * reads it first so it can refuse an oversized request before buffering it.
 */
export function requestLength(buf: Uint8Array, offset = 0): number | undefined {
  if (buf.length < offset + 2) return undefined;
  return (buf[offset]! << 8) | buf[offset + 1]!;
}

/**
 * Decodes one length-prefixed request at `offset`: `undefined` while incomplete, an
 * EpmdProtocolError when the body is not a well-formed request this module knows.
 */
export function decodeRequest(buf: Uint8Array, offset = 0): Decoded<EpmdRequest> | undefined {
  const len = requestLength(buf, offset);
  if (len === undefined || buf.length < offset + 2 + len) return undefined;
  const body = Buffer.from(buf.buffer, buf.byteOffset + offset + 2, len);
  return { value: decodeRequestBody(body), bytes: 2 + len };
}

function decodeRequestBody(body: Buffer): EpmdRequest {
  if (body.length === 0) throw new EpmdProtocolError('empty request');
  const tag = body[0]!;
  switch (tag) {
    case EpmdTag.ALIVE2_REQ: {
      const node = decodeNodeInfo(body, 1);
      if (node === undefined) throw new EpmdProtocolError('truncated ALIVE2_REQ');
      if (1 + node.bytes !== body.length) {
        throw new EpmdProtocolError('ALIVE2_REQ length does not match its fields');
      }
      return { type: 'alive2', ...node.value };
    }
    case EpmdTag.PORT_PLEASE2_REQ:
      return { type: 'port-please2', name: utf8.decode(body.subarray(1)) };
    case EpmdTag.NAMES_REQ:
      if (body.length !== 1) throw new EpmdProtocolError('NAMES_REQ carries no body');
      return { type: 'names' };
    default:
      throw new EpmdProtocolError(`unsupported request tag ${tag}`);
  }
}
