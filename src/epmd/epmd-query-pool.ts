import type { Socket } from 'node:net';

export interface QueryPoolLimits {
  /** Sockets that hold no registration (waiting for their request, or being answered). */
  readonly maxSockets: number;
  /** Of those, from one remote address. */
  readonly maxPerAddress: number;
}

/**
 * The sockets of an EPMD server that are not registrations: each is admitted at once, and when
 * a limit is reached the oldest socket of the pool (or of that address) is cut to make room.
 * A query is sent the moment its connection opens and answered in microseconds, so the oldest
 * socket is the one that had the most time to ask; whoever holds idle connections loses them,
 * and a real NAMES or PORT_PLEASE2 always gets in.
 */
export class QueryPool {
  /** Socket -> its remote address, oldest first (read once: a closed socket forgets it). */
  private readonly all = new Map<Socket, string>();
  private readonly byAddress = new Map<string, Set<Socket>>();

  constructor(private readonly limits: QueryPoolLimits) {}

  get size(): number {
    return this.all.size;
  }

  /** Takes `socket` in, cutting the oldest of its address or of the pool if either is full. */
  admit(socket: Socket): void {
    const address = socket.remoteAddress ?? '';
    let mine = this.byAddress.get(address);
    if (mine === undefined) {
      mine = new Set();
      this.byAddress.set(address, mine);
    }
    if (mine.size >= this.limits.maxPerAddress) this.cut(oldest(mine.values()));
    else if (this.all.size >= this.limits.maxSockets) this.cut(oldest(this.all.keys()));
    this.all.set(socket, address);
    mine.add(socket);
    socket.once('close', () => this.release(socket));
  }

  /** The socket registered a name: it leaves the pool (registrations have their own limit). */
  release(socket: Socket): void {
    const address = this.all.get(socket);
    if (address === undefined) return;
    this.all.delete(socket);
    const mine = this.byAddress.get(address);
    mine?.delete(socket);
    if (mine?.size === 0) this.byAddress.delete(address);
  }

  private cut(socket: Socket | undefined): void {
    if (socket === undefined) return;
    this.release(socket);
    socket.destroy();
  }
}

function oldest(sockets: Iterator<Socket>): Socket | undefined {
  return sockets.next().value;
}
