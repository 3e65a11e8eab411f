import { compareNodeNames, type NodeName } from '../../core/node-name.js';

/**
 * The rule both ends compute alike: when two nodes dial each other at once, the connection
 * dialed by the node whose name sorts first (compareNodeNames, Erlang's order) survives. Seen
 * from `self`, that connection is our own dial when we sort first, the peer's otherwise.
 */
export function outgoingWins(self: NodeName, peer: NodeName): boolean {
  return compareNodeNames(self, peer) < 0;
}

/** What we hold for a peer when its proven hello arrives. */
export interface HeldForPeer {
  /** Our own dial to it has its hello on the wire (or is up). */
  readonly dialOnWire: boolean;
}

/**
 * A proven hello is refused when our own dial to its sender is on the wire and wins (the peer
 * then waits for ours); else it is accepted and comes up, and `decideUp` settles it against
 * what we already hold. A hello without a valid proof never gets this far, so it can neither
 * hold nor cut a node's connection.
 */
export function decideHello(
  self: NodeName,
  from: NodeName,
  held: HeldForPeer,
): 'refuse' | 'accept' {
  return held.dialOnWire && outgoingWins(self, from) ? 'refuse' : 'accept';
}

/** What to do when a connection to a peer has just authenticated, given the one already up. */
export type UpVerdict =
  /** Nothing is up for that peer: register it, `nodeup`. */
  | 'register'
  /** The same direction is up already: the peer lost that one (a restart); replace it, with
   * `nodedown` then `nodeup`. */
  | 'replace'
  /** The other direction is up and this one wins the rule: swap quietly, the node stays up. */
  | 'swap'
  /** The other direction is up and wins: this one goes, the node stays up. */
  | 'lose';

export function decideUp(
  self: NodeName,
  peer: NodeName,
  outgoing: boolean,
  current: { readonly outgoing: boolean } | undefined,
): UpVerdict {
  if (current === undefined) return 'register';
  if (current.outgoing === outgoing) return 'replace';
  return outgoingWins(self, peer) === outgoing ? 'swap' : 'lose';
}
