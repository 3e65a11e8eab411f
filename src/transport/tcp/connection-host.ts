import type { Socket } from 'node:net';
import type { Logger } from '../../core/logger.js';
import type { NodeName } from '../../core/node-name.js';
import type { CloseReason } from './close-reason.js';
import type { Connection } from './connection.js';
import type { MacScratch } from './frame-mac.js';
import type { RefuseCode } from './handshake-codec.js';
import type { ChallengePool, CookieProof } from './handshake-crypto.js';
import type { Link } from './link.js';
import type { RateLimitedLog } from './rate-limited-log.js';

/** What a connection needs from the transport that owns it (one object shared by all). */
export interface ConnectionHost {
  readonly self: NodeName;
  readonly proof: CookieProof;
  readonly challenges: ChallengePool;
  readonly maxFrameSize: number;
  /** Deepest JSON nesting a received message may have. */
  readonly maxMessageDepth: number;
  readonly logger: Logger;
  /** Warnings about accepted sockets that have not proven the cookie (rate-limited). */
  readonly strangers: RateLimitedLog;
  /** Bytes that may wait in the process for one peer (see `queue`). */
  readonly maxSendBuffer: number;
  /** A connection that refused a message has room again. */
  drained(link: Link): void;
  /** Where frame MACs are computed (one per transport). */
  readonly macScratch: MacScratch;
  /** This node's sockets use TLS (after the acceptor's clear-text preface). */
  readonly tls: boolean;
  /** TLS only: starts TLS over a dialed socket once the acceptor's preface was read. */
  upgrade(socket: Socket, peer: NodeName): Socket;
  /** An acceptor read a hello addressed to us from `from`, with a valid proof: 0 lets it come
   * up, else a refusal; a promise holds the handshake until the cluster has decided. */
  admit(from: NodeName): RefuseCode | 0 | Promise<RefuseCode | 0>;
  /** The peer's proof is checked (the dialer: the acceptor's; the acceptor: the dialer's). */
  connectionUp(conn: Connection): void;
  /** Called exactly once per connection, whatever ended it. */
  connectionClosed(conn: Connection, reason: CloseReason, detail: string | undefined): void;
  message(from: NodeName, topic: string, payload: unknown): void;
}

export type ConnectionState =
  | 'resolving' // dialer: asking the port mapping where the peer listens
  | 'awaiting-challenge' // dialer: socket opened, the acceptor speaks first
  | 'awaiting-proof' // dialer: hello (with our proof) sent
  | 'awaiting-hello' // acceptor: challenge sent
  | 'admitting' // acceptor: hello proven, the cluster is asking its discovery about the peer
  | 'up'
  | 'closed';
