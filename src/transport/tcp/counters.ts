import type { NodeDownReason } from '../transport.js';
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
  failed(conn: Connection, reason: NodeDownReason): void {
    const why = conn.refusedWith ? `refused_${conn.refusedWith}` : reason;
    const key = `${conn.outgoing ? 'dial' : 'accept'}:${why}`;
    this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
  }

  /** `live`: connections not closed; `dials`: our dials not up (some wait for the gate). */
  snapshot(live: number, dials: Iterable<Connection>): TcpConnectionStats {
    let queuedDials = 0;
    for (const d of dials) if (!d.gated && d.state === 'resolving') queuedDials++;
    return {
      sockets: live - queuedDials,
      accepted: this.accepted,
      dialed: this.dialed,
      queuedDials,
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
  /** Dials waiting for a slot of the process-wide dial gate. */
  readonly queuedDials: number;
  /** Connections closed before they were up, by `dial|accept:reason` (refusals by code). */
  readonly handshakeFailures: Readonly<Record<string, number>>;
}
