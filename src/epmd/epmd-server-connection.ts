import type { Socket } from 'node:net';
import { MusterError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { aliveNameProblem } from './alive-name.js';
import type { EpmdEntry, EpmdNameTable } from './epmd-name-table.js';
import { encodeAlive2Response, encodePort2Response } from './epmd-replies.js';
import { decodeRequest, type EpmdRequest, requestLength } from './epmd-requests.js';
import { isLocalPeer } from './local-peer.js';

export interface ConnectionContext {
  readonly table: EpmdNameTable;
  readonly logger: Logger;
  readonly idleTimeoutMs: number;
  readonly maxRequestBytes: number;
  /** The whole NAMES reply as it stands (shared by every socket that asks). */
  namesReply(): Buffer;
  registered(entry: EpmdEntry, socket: Socket): void;
  unregistered(entry: EpmdEntry): void;
}

/**
 * One accepted connection, handled as erts epmd does: exactly one request; PORT_PLEASE2 and
 * NAMES reply then close; ALIVE2 keeps the connection, and the registration ends with it.
 * A connection that holds no registration is cut `idleTimeoutMs` after it opened, whether it
 * sent nothing, sent half a request, or does not read its reply; so is one that announces a
 * request larger than the bound or sends garbage.
 */
export function handleConnection(socket: Socket, ctx: ConnectionContext): void {
  let buf: Buffer = Buffer.alloc(0);
  let handled = false;
  const peer = `${socket.remoteAddress}:${socket.remotePort}`;
  const idle = setTimeout(() => {
    ctx.logger.debug({ peer }, 'epmd: closing a connection that held no registration in time');
    socket.destroy();
  }, ctx.idleTimeoutMs);
  idle.unref?.();

  socket.setNoDelay(true);
  socket.on('error', (err) => ctx.logger.debug({ peer, err }, 'epmd: connection error'));
  socket.on('close', () => clearTimeout(idle));
  socket.on('data', (chunk: Buffer) => {
    if (handled) return; // a registered node never sends more; erts ignores it too
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    const len = requestLength(buf);
    if (len === undefined) return;
    if (len > ctx.maxRequestBytes) {
      ctx.logger.debug({ peer, len }, 'epmd: request too large; closing');
      socket.destroy();
      return;
    }
    let request: EpmdRequest;
    try {
      const decoded = decodeRequest(buf);
      if (decoded === undefined) return;
      request = decoded.value;
    } catch (err) {
      ctx.logger.debug({ peer, err }, 'epmd: malformed request; closing');
      socket.destroy();
      return;
    }
    handled = true;
    buf = Buffer.alloc(0);
    try {
      if (respond(socket, request, ctx, peer)) clearTimeout(idle);
    } catch (err) {
      ctx.logger.error({ peer, err }, 'epmd: could not answer; closing');
      socket.destroy();
    }
  });
}

/** Answers `request`; true when the socket now holds a registration. */
function respond(
  socket: Socket,
  request: EpmdRequest,
  ctx: ConnectionContext,
  peer: string,
): boolean {
  switch (request.type) {
    case 'names': {
      socket.end(ctx.namesReply());
      return false;
    }
    case 'port-please2': {
      const entry = ctx.table.get(request.name);
      socket.end(
        encodePort2Response(entry === undefined ? { result: 1 } : { result: 0, node: entry }),
      );
      return false;
    }
    case 'alive2': {
      const extended = request.highestVersion >= 6;
      if (!isLocalPeer(socket.remoteAddress, socket.localAddress)) {
        // erts epmd drops a registration from another host without a word.
        ctx.logger.debug({ peer }, 'epmd: ALIVE2_REQ from a non-local address; closing');
        socket.destroy();
        return false;
      }
      const { type: _type, ...node } = request;
      const problem = aliveNameProblem(request.name);
      const entry = problem === undefined ? ctx.table.add(node, extended) : undefined;
      if (entry === undefined) {
        ctx.logger.debug(
          { peer, name: request.name.slice(0, 80), problem: problem ?? 'taken, or table full' },
          'epmd: registration refused',
        );
        socket.end(encodeAlive2Response({ result: 1, creation: 0, extended }));
        return false;
      }
      socket.on('close', () => {
        if (ctx.table.remove(entry)) ctx.unregistered(entry);
      });
      socket.write(encodeAlive2Response({ result: 0, creation: entry.creation, extended }));
      ctx.registered(entry, socket);
      return true;
    }
    default:
      throw new MusterError('MUSTER_ERR_INTERNAL', 'unreachable request type');
  }
}
