import type { Socket } from 'node:net';
import type { Clock } from '../../core/clock.js';
import type { RateLimitedLog } from './rate-limited-log.js';
import { Sweeper } from './sweeper.js';

export interface AdmissionLimits {
  /** Accepted sockets in the handshake at once, per node. */
  readonly maxHandshakes: number;
  /** The same, per remote address. */
  readonly maxHandshakesPerAddress: number;
  /** A socket still here this long after its accept is destroyed (ms). */
  readonly handshakeTimeout: number;
}

/** What admission counts for `stats()`. */
export interface AdmissionStats {
  /** Accepted sockets that have not finished the handshake (TLS included). */
  readonly handshaking: number;
  /** Sockets closed on accept because a limit was reached, since start. */
  readonly handshakesRefused: number;
  /** Accepted sockets cut at `handshakeTimeout` before a Connection took them (the TLS phase). */
  readonly handshakesTimedOut: number;
}

interface Entry {
  readonly owner: HandshakeAdmission;
  readonly key: string;
  readonly socket: Socket;
  readonly address: string;
  readonly acceptedAt: number;
  /** A Connection owns it: its own handshake deadline (from the same accept time) cuts it. */
  attached: boolean;
}

const kAdmission = Symbol('muster.admission');
type AdmittedSocket = Socket & { [kAdmission]?: Entry };

/** Shared by every admitted socket (`close` fires once: no `once` wrapper per socket). */
function onAdmittedClose(this: AdmittedSocket): void {
  const entry = this[kAdmission]!;
  entry.owner.settle(entry.key);
}

/**
 * Accepted sockets from their TCP accept until the peer has proven the cookie: the raw socket,
 * before any TLS, so a socket that never starts TLS counts too. Enforces the per-node and
 * per-address caps (a socket over either is destroyed at once) and the deadline (a socket
 * still here `handshakeTimeout` after its accept is destroyed, TLS phase included). Sockets are
 * known by their remote `address:port`, the one key a TLS socket shares with its raw socket.
 */
export class HandshakeAdmission {
  /** In accept order, so a sweep stops at the first entry that is not late. */
  private readonly entries = new Map<string, Entry>();
  private readonly perAddress = new Map<string, number>();
  private readonly sweeper: Sweeper;
  private refused = 0;
  private timedOut = 0;

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly clock: Clock,
    private readonly log: RateLimitedLog,
  ) {
    this.sweeper = new Sweeper(clock, Math.max(1, Math.floor(limits.handshakeTimeout / 4)), () =>
      this.sweep(),
    );
  }

  /**
   * A socket was just accepted (a `connection` listener, before TLS). Returns false, having
   * destroyed it, when a cap is reached.
   */
  readonly admit = (socket: Socket): boolean => {
    const address = socket.remoteAddress ?? '?';
    const key = `${address}|${socket.remotePort}`;
    const fromAddress = this.perAddress.get(address) ?? 0;
    const overNode = this.entries.size >= this.limits.maxHandshakes;
    if (overNode || fromAddress >= this.limits.maxHandshakesPerAddress) {
      this.refused++;
      this.log.warn(
        {
          remote: address,
          limit: overNode ? 'maxHandshakes' : 'maxHandshakesPerAddress',
          handshaking: this.entries.size,
          refused: this.refused,
        },
        'too many sockets in the handshake: closing new ones',
      );
      socket.destroy();
      return false;
    }
    const entry = {
      owner: this,
      key,
      socket,
      address,
      acceptedAt: this.clock.now(),
      attached: false,
    };
    this.entries.set(key, entry);
    this.perAddress.set(address, fromAddress + 1);
    (socket as AdmittedSocket)[kAdmission] = entry;
    socket.on('close', onAdmittedClose);
    this.sweeper.start();
    return true;
  };

  /** The key of an accepted socket, or of the TLS socket over it. */
  keyOf(socket: Socket): string {
    // A plain socket is the accepted one: its key is at hand (a TLS socket is a new object).
    const entry = (socket as AdmittedSocket)[kAdmission];
    return entry !== undefined ? entry.key : `${socket.remoteAddress ?? '?'}|${socket.remotePort}`;
  }

  /**
   * A Connection takes over the socket under `key` (after TLS, if any). Returns when the socket
   * was accepted, which starts the Connection's handshake deadline; undefined when not admitted.
   */
  attach(key: string): number | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    entry.attached = true;
    return entry.acceptedAt;
  }

  /** The socket under `key` finished the handshake or closed: it no longer counts. */
  settle(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    const n = (this.perAddress.get(entry.address) ?? 1) - 1;
    if (n === 0) this.perAddress.delete(entry.address);
    else this.perAddress.set(entry.address, n);
  }

  stats(): AdmissionStats {
    return {
      handshaking: this.entries.size,
      handshakesRefused: this.refused,
      handshakesTimedOut: this.timedOut,
    };
  }

  stop(): void {
    this.sweeper.stop();
  }

  private sweep(): void {
    if (this.entries.size === 0) {
      this.sweeper.stop();
      return;
    }
    const deadline = this.clock.now() - this.limits.handshakeTimeout;
    for (const [key, entry] of this.entries) {
      if (entry.acceptedAt > deadline) break;
      if (entry.attached) continue;
      this.timedOut++;
      this.settle(key);
      this.log.warn(
        { remote: entry.address, timedOut: this.timedOut },
        'tcp handshake timed out (accepted socket)',
      );
      entry.socket.destroy();
    }
  }
}
