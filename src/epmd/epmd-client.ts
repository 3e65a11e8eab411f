import { EpmdNameTakenError, EpmdProtocolError } from './epmd-errors.js';
import { NamesReader } from './epmd-names-reader.js';
import { EpmdRegistration } from './epmd-registration.js';
import {
  type Alive2Response,
  decodeAlive2Response,
  decodePort2Response,
  type NamesEntry,
  type NamesResponse,
} from './epmd-replies.js';
import {
  encodeAlive2Request,
  encodeNamesRequest,
  encodePortPlease2Request,
} from './epmd-requests.js';
import { type EpmdRequestOptions, exchange, type ReplyReader } from './epmd-socket.js';
import {
  DIST_VERSION_HIGHEST,
  DIST_VERSION_LOWEST,
  type EpmdNodeInfo,
  NodeType,
  PROTOCOL_TCP,
} from './epmd-wire.js';

export type { EpmdRequestOptions };

/** What to register: the name and listening port; the rest defaults to what OTP 25 sends. */
export interface RegisterNodeInput {
  readonly name: string;
  readonly port: number;
  /** 77 normal (default) or 72 hidden. */
  readonly nodeType?: number;
  readonly protocol?: number;
  readonly highestVersion?: number;
  readonly lowestVersion?: number;
  readonly extra?: Uint8Array;
}

/** A reader for a reply of known length that the server may follow with more (or EOF). */
function fixedReply<T>(
  decode: (buf: Buffer) => { value: T } | undefined,
  what: string,
): ReplyReader<T> {
  let buf: Buffer = Buffer.alloc(0);
  return {
    data(chunk) {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      return decode(buf)?.value;
    },
    end() {
      throw new EpmdProtocolError(
        buf.length === 0 ? `closed the connection without a ${what}` : `truncated ${what}`,
      );
    },
  };
}

/**
 * Registers `name -> port` with the EPMD at `host:epmdPort` (ALIVE2_REQ). Resolves with the
 * registration once the EPMD accepted it; rejects with MUSTER_ERR_EPMD_NAME_TAKEN when the
 * EPMD answers with a non-zero result.
 */
export async function registerNode(
  host: string,
  epmdPort: number,
  input: RegisterNodeInput,
  options: EpmdRequestOptions = {},
): Promise<EpmdRegistration> {
  const node: EpmdNodeInfo = {
    name: input.name,
    port: input.port,
    nodeType: input.nodeType ?? NodeType.NORMAL,
    protocol: input.protocol ?? PROTOCOL_TCP,
    highestVersion: input.highestVersion ?? DIST_VERSION_HIGHEST,
    lowestVersion: input.lowestVersion ?? DIST_VERSION_LOWEST,
    extra: input.extra ?? new Uint8Array(0),
  };
  const request = encodeAlive2Request(node);
  const reader = fixedReply<Alive2Response>((b) => decodeAlive2Response(b), 'ALIVE2 reply');
  const { reply, socket } = await exchange(host, epmdPort, request, reader, {
    ...options,
    keep: true,
  });
  if (reply.result !== 0) {
    socket.destroy();
    throw new EpmdNameTakenError(host, epmdPort, input.name, reply.result);
  }
  return new EpmdRegistration(socket, {
    host,
    epmdPort,
    name: input.name,
    port: input.port,
    creation: reply.creation,
  });
}

/**
 * Asks the EPMD at `host:epmdPort` where `name` listens (PORT_PLEASE2_REQ): its entry, or
 * `undefined` when no such name is registered there.
 */
export async function portPlease(
  host: string,
  epmdPort: number,
  name: string,
  options: EpmdRequestOptions = {},
): Promise<EpmdNodeInfo | undefined> {
  const reader = fixedReply((b) => decodePort2Response(b), 'PORT2_RESP');
  const { reply } = await exchange(host, epmdPort, encodePortPlease2Request(name), reader, options);
  return reply.result === 0 ? reply.node : undefined;
}

/**
 * Lists the names registered with the EPMD at `host:epmdPort` and their ports (NAMES_REQ).
 * Lines that are not `name <n> at port <p>` are skipped, as `net_adm:names` skips them.
 */
export async function names(
  host: string,
  epmdPort: number,
  options: EpmdRequestOptions = {},
): Promise<NamesEntry[]> {
  return [...(await namesReply(host, epmdPort, options)).nodes];
}

/** NAMES_REQ with the whole reply: the port the EPMD reports, the entries, the skipped lines. */
export async function namesReply(
  host: string,
  epmdPort: number,
  options: EpmdRequestOptions = {},
): Promise<NamesResponse> {
  const names = new NamesReader();
  const reader: ReplyReader<NamesResponse> = {
    data(chunk) {
      names.push(chunk);
      return undefined;
    },
    end: () => names.end(),
  };
  const { reply } = await exchange(host, epmdPort, encodeNamesRequest(), reader, options);
  return reply;
}
