import type { Logger } from '../../core/logger.js';
import type { NodeName } from '../../core/node-name.js';
import type { Connection } from './connection.js';
import type { RateLimitedLog } from './rate-limited-log.js';

/** A tick-timeout is declared after this many sweeps of silence (sweeps run every tickTime/8). */
export const TICK_SWEEPS = 8;
/**
 * A tick is sent after this many sweeps without a frame written (3/8 of tickTime; with the
 * sweeps' phase, a peer hears from us at least every tickTime/2, half its timeout). Two sweeps
 * cost a third more tick writes, idle and while a mesh forms, for margin we do not need.
 */
const IDLE_SWEEPS = 3;

/** One tick sweep over the established connections: tick the idle, cut the silent. */
export function sweepTicks(up: ReadonlyMap<NodeName, Connection>, tickTime: number): void {
  for (const conn of up.values()) {
    if (++conn.silentSweeps > TICK_SWEEPS) {
      conn.close('tick_timeout', `no data for ${tickTime} ms`);
      continue;
    }
    // A peer that ticks but does not read: its send buffer full for a whole tickTime.
    if (conn.full && ++conn.fullSweeps > TICK_SWEEPS) {
      conn.close('send_stalled', `send buffer full for ${tickTime} ms`);
      continue;
    }
    if (++conn.idleSweeps >= IDLE_SWEEPS) conn.tick();
  }
}

/** One handshake sweep: cuts what started before `now - timeout`. */
export function sweepHandshakes(
  handshaking: ReadonlySet<Connection>,
  now: number,
  timeout: number,
  logger: Logger,
  strangers: RateLimitedLog,
): void {
  const deadline = now - timeout;
  for (const conn of handshaking) {
    if (conn.startedAt > deadline) continue;
    if (conn.isUp) {
      // A peer's dial that lost the one-per-pair rule and that the peer has not closed.
      conn.close('superseded', 'lost a simultaneous connect');
      continue;
    }
    // Our own dials are bounded by us; accepted sockets are strangers' to open: rate-limited.
    const fields = { peer: conn.peer, remote: conn.remoteAddress, outgoing: conn.outgoing };
    if (conn.outgoing) logger.warn(fields, 'tcp handshake timed out');
    else strangers.warn(fields, 'tcp handshake timed out');
    conn.close('handshake_timeout', `handshake not finished within ${timeout} ms`);
  }
}
