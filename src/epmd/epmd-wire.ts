/**
 * Constants of the EPMD wire protocol (erts `erl_dist_protocol`, checked against OTP 25's epmd).
 * Requests are a 2-byte big-endian length and a body; replies have no length prefix.
 */
export const EpmdTag = {
  ALIVE2_X_RESP: 118,
  PORT2_RESP: 119,
  ALIVE2_REQ: 120,
  ALIVE2_RESP: 121,
  PORT_PLEASE2_REQ: 122,
  NAMES_REQ: 110,
} as const;

/** `nodeType` of a registration: 77 ('M') a normal node, 72 ('H') a hidden one. */
export const NodeType = { NORMAL: 77, HIDDEN: 72 } as const;

/** `protocol` 0 is TCP/IPv4, the only one erts defines. */
export const PROTOCOL_TCP = 0;

/** Distribution versions OTP 25 announces; highestVersion >= 6 asks for a 32-bit creation. */
export const DIST_VERSION_HIGHEST = 6;
export const DIST_VERSION_LOWEST = 5;

/** erts epmd's MAXSYMLEN: node names up to 255 characters of up to 4 UTF-8 bytes each. */
export const MAX_NAME_BYTES = 255 * 4;

/** A node's entry as ALIVE2_REQ registers it and PORT2_RESP returns it. */
export interface EpmdNodeInfo {
  readonly name: string;
  readonly port: number;
  readonly nodeType: number;
  readonly protocol: number;
  readonly highestVersion: number;
  readonly lowestVersion: number;
  readonly extra: Uint8Array;
}

/** A decoded value and how many bytes it used from the buffer. */
export interface Decoded<T> {
  readonly value: T;
  readonly bytes: number;
}
