import type { Socket } from 'node:net';
import type { NodeName } from '../../core/node-name.js';
import type { ConnectionHost } from './connection-host.js';
import { TICK_FRAME } from './frame.js';
import type { FrameMac } from './frame-mac.js';

/**
 * The outbound half of one connection's socket: frames out (sealed with the frame MAC once
 * established on plaintext), the bounded send buffer and its drain, the liveness counters the
 * tick sweep reads, and ending the socket. Connection (the handshake and frames in) extends it;
 * nothing here calls back up into it.
 */
export abstract class Link {
  /** The peer's name: known from the start when dialing, from the hello when accepting. */
  peer: NodeName | undefined;
  /** Sweeps since a byte arrived; sweeps since we wrote a frame. */
  silentSweeps = 0;
  idleSweeps = 0;
  /** Set when `queue` refused a message; cleared when the socket drains or the link ends. */
  full = false;
  /** Tick sweeps since the send buffer became full (the tick sweep cuts it past a tickTime). */
  fullSweeps = 0;
  protected socket: Socket | undefined;
  /** Established plaintext connections: every frame after the handshake is authenticated. */
  protected mac: FrameMac | undefined;

  constructor(protected readonly host: ConnectionHost) {}

  get remoteAddress(): string | undefined {
    const s = this.socket;
    return s === undefined ? undefined : `${s.remoteAddress}:${s.remotePort}`;
  }

  /**
   * Queues an application frame unless that would put more than `maxSendBuffer` bytes waiting
   * in the process (a frame always goes when nothing waits). Returns false when not queued;
   * the host hears `drained` once the socket has emptied. Only established links are queued to.
   */
  queue(frame: Buffer): boolean {
    const waiting = this.socket!.writableLength;
    if (waiting > 0 && waiting + frame.length > this.host.maxSendBuffer) {
      this.full = true;
      return false;
    }
    this.write(frame);
    return true;
  }

  /** @internal (the socket's `drain` listener) */
  onDrain(): void {
    if (!this.full) return;
    this.full = false;
    this.fullSweeps = 0;
    this.host.drained(this);
  }

  /** Writes a whole frame; once established on plaintext, sealed with its MAC. */
  write(frame: Buffer): void {
    this.idleSweeps = 0;
    this.socket!.write(this.mac === undefined ? frame : this.mac.seal(frame));
  }

  tick(): void {
    this.write(TICK_FRAME);
  }

  /** Resolves when the socket is fully closed (at once when there is none). */
  closedSocket(): Promise<void> {
    const socket = this.socket;
    if (socket === undefined || socket.closed) return Promise.resolve();
    return new Promise((resolve) => socket.once('close', () => resolve()));
  }

  destroySocket(): void {
    this.socket?.destroy();
  }

  /**
   * Ends the socket. `lingerMs` > 0 half-closes (so frames already written, like a refusal or
   * `leaving`, reach the peer) and destroys after that long at the latest; 0 destroys at once.
   */
  protected endSocket(lingerMs: number): void {
    this.mac = undefined;
    this.full = false;
    const socket = this.socket;
    if (socket === undefined) return;
    if (lingerMs > 0 && !socket.destroyed) {
      socket.end();
      socket.setTimeout(lingerMs, () => socket.destroy());
    } else {
      socket.destroy();
    }
  }
}
