import type { CloseReason } from './close-reason.js';
import type { Connection } from './connection.js';
import type { AdmissionStats } from './handshake-admission.js';

/** What a transport counts for `stats()`: sockets opened, and handshakes that failed and why. */
export class TcpCounters {
  accepted = 0;
  dialed = 0;
  private readonly failures = new Map<string, number>();

  /** A socket was dialed (shared, so the dial path makes no closure). */
  readonly countDial = (): void => {
    this.dialed++;
  };

  /** A connection closed before it was up: counted by `dial|accept:reason`. */
  failed(conn: Connection, reason: CloseReason): void {
    const why = conn.refusedWith ? `refused_${conn.refusedWith}` : reason;
    const key = `${conn.outgoing ? 'dial' : 'accept'}:${why}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
  }

  /** `live`: connections not closed; `dials`: our dials not up. */
  snapshot(live: number, dials: Iterable<Connection>): TcpConnectionStats {
    let resolving = 0;
    for (const d of dials) if (d.state === 'resolving') resolving++;
    return {
      sockets: live - resolving,
      accepted: this.accepted,
      dialed: this.dialed,
      handshakeFailures: Object.fromEntries(this.failures),
    };
  }
}

/** Everything `stats()` reports: these counters and the accepted sockets' admission. */
export type TcpTransportStats = TcpConnectionStats & AdmissionStats;

export interface TcpConnectionStats {
  /** Sockets open right now, in any state (handshaking, up, lingering excluded). */
  readonly sockets: number;
  /** Sockets accepted / dialed since start. */
  readonly accepted: number;
  readonly dialed: number;
  /** Connections closed before they were up, by `dial|accept:reason` (refusals by code). */
  readonly handshakeFailures: Readonly<Record<string, number>>;
}
