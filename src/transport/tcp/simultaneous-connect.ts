import { compareNodeNames, type NodeName } from '../../core/node-name.js';

/** What we already hold for a peer when its hello arrives. */
export interface ExistingConnection {
  readonly outgoing: boolean;
  readonly isUp: boolean;
}

/**
 * What to do with an incoming hello from `from`:
 * - `accept`: nothing else for that peer; go on and register it.
 * - `refuse`: we are dialing it too and our dial wins; the peer waits for ours.
 * - `supersede`: ours is still handshaking and loses; drop it quietly, go on with this one.
 * - `replace-after-auth`: we hold an established connection, yet the peer dials again, so it
 *   lost that connection (a restart, a cut we have not seen yet). Go on, and swap once this
 *   one has proven the cookie, so an unauthenticated hello can never tear a live link down.
 */
export type IncomingVerdict = 'accept' | 'refuse' | 'supersede' | 'replace-after-auth';

/**
 * The rule both ends compute alike: when two nodes dial each other at once, the connection
 * dialed by the node whose name sorts first (compareNodeNames, Erlang's order) survives.
 * The smaller node refuses the larger one's hello while it has a dial of its own out; the larger
 * node always accepts the smaller one's hello and drops its own pending dial. So exactly one
 * connection per pair remains, and the loser is closed before either side reported it up.
 */
export function decideIncoming(
  self: NodeName,
  from: NodeName,
  existing: ExistingConnection | undefined,
): IncomingVerdict {
  if (existing === undefined) return 'accept';
  if (existing.outgoing && compareNodeNames(self, from) < 0) return 'refuse';
  return existing.isUp ? 'replace-after-auth' : 'supersede';
}
