import type { Socket } from 'node:net';
import type { Logger } from '../../core/logger.js';
import type { NodeName } from '../../core/node-name.js';
import type { CloseReason } from './close-reason.js';
import type { DialOutcome } from './dial-outcome.js';
import { FrameType, LEAVING_FRAME, TICK_FRAME } from './frame.js';
import { FrameDecoder, type FrameHandler } from './frame-decoder.js';
import { FrameMac, type MacScratch } from './frame-mac.js';
import {
  decodeChallenge,
  decodeHello,
  decodeProof,
  decodeRefuse,
  encodeChallenge,
  encodeHello,
  encodeProof,
  encodeRefuse,
  HANDSHAKE_MAX_FRAME,
  handshakeVersion,
  PROTOCOL_VERSION,
  RefuseCode,
  refusalText,
} from './handshake-codec.js';
import type { ChallengePool, CookieProof } from './handshake-crypto.js';
import { decodeMessage } from './message-codec.js';
import type { RateLimitedLog } from './rate-limited-log.js';
import { FrameError, TcpErrorCode } from './tcp-errors.js';

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
  drained(conn: Connection): void;
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

/** The connection that owns a socket, so the socket listeners below are shared by all. */
const kConnection = Symbol('muster.connection');
type OwnedSocket = Socket & { [kConnection]: Connection };

function onSocketData(this: OwnedSocket, chunk: Buffer): void {
  this[kConnection].onData(chunk);
}

/**
 * The `onread` callback of dialed sockets (see socket-factory.ts): `buf` is a buffer shared by
 * every such socket and reused by the next read, so whatever the decoder keeps, it copies.
 */
export function onReadInPlace(this: Socket, nread: number, buf: Uint8Array): boolean {
  (this as OwnedSocket)[kConnection].onData((buf as Buffer).subarray(0, nread));
  return true; // false would pause the socket
}

function onSocketError(this: OwnedSocket, err: Error): void {
  const conn = this[kConnection];
  conn.socketError ??= err;
  conn.close('closed', err.message);
}

function onSocketDrain(this: OwnedSocket): void {
  this[kConnection].onDrain();
}

function onSocketClose(this: OwnedSocket): void {
  this[kConnection].close('closed', undefined);
}

function ignore(): void {}

/** The first byte of a TLS handshake record; a muster handshake frame starts with 0x00. */
const TLS_HANDSHAKE_RECORD = 0x16;

/**
 * One socket to one peer: frames in and out, the handshake state machine, liveness counters.
 * Deliberately small (no emitter, no timers, no closures: the socket listeners are module
 * functions and the connection is the decoder's frame handler): the transport's sweepers drive
 * ticks and handshake deadlines for every connection at once.
 */
export class Connection implements FrameHandler {
  state: ConnectionState;
  /** The peer's name: known from the start when dialing, from the hello when accepting. */
  peer: NodeName | undefined;
  readonly outgoing: boolean;
  /** clock.now() when the handshake began; the handshake sweeper cuts it after the timeout. */
  startedAt: number;
  /** A dialer's promise to its caller (TcpTransport.dial), settled when up or closed. */
  outcome: DialOutcome | undefined;
  /** The socket error that ended it, if any (a dial's ConnectError tells TLS from the rest). */
  socketError: Error | undefined;
  /** Whether the peer sent a byte yet, over TLS once upgraded (a TLS peer that rejects our
   * certificate never does). */
  heard = false;
  /** Sweeps since a byte arrived; sweeps since we wrote a frame. */
  silentSweeps = 0;
  idleSweeps = 0;
  /** Set when `queue` refused a message; cleared when the socket drains. */
  full = false;
  /** Tick sweeps since the send buffer became full (the tick sweep cuts it past a tickTime). */
  fullSweeps = 0;
  /** Accepted: the socket's key in the transport's handshake admission. */
  admissionKey: string | undefined;
  /** The refusal the peer sent us, if any. */
  refusedWith = 0;
  wasUp = false;
  private socket: Socket | undefined;
  private readonly decoder = new FrameDecoder(HANDSHAKE_MAX_FRAME);
  /** Our challenge, kept until the peer's answer to it is checked. */
  private challenge: Buffer | undefined;
  /** A TLS dialer: TLS was started over the socket after the acceptor's preface. */
  private upgraded = false;
  /** The dialer: the acceptor's challenge, kept until the frame keys are derived. */
  private peerChallenge: Buffer | undefined;
  /** Established plaintext connections: every frame after the handshake is authenticated. */
  private mac: FrameMac | undefined;

  constructor(
    private readonly host: ConnectionHost,
    outgoing: boolean,
    startedAt: number,
    peer?: NodeName,
  ) {
    this.outgoing = outgoing;
    this.startedAt = startedAt;
    this.peer = peer;
    this.state = outgoing ? 'resolving' : 'awaiting-hello';
  }

  get isUp(): boolean {
    return this.state === 'up';
  }

  get remoteAddress(): string | undefined {
    const s = this.socket;
    return s === undefined ? undefined : `${s.remoteAddress}:${s.remotePort}`;
  }

  /**
   * Takes ownership of the socket. The acceptor speaks first (its challenge), so the dialer
   * writes once per handshake: its hello carries its proof. `readsInPlace`: the socket was made
   * with `onReadInPlace` as its `onread` callback, so it emits no `data` events.
   */
  attach(socket: Socket, readsInPlace = false): void {
    this.listen(socket, readsInPlace);
    if (this.outgoing) {
      this.state = 'awaiting-challenge';
    } else {
      this.challenge = this.host.challenges.next();
      socket.write(encodeChallenge(this.challenge));
    }
  }

  private listen(socket: Socket, readsInPlace: boolean): void {
    this.socket = socket;
    (socket as OwnedSocket)[kConnection] = this;
    if (!readsInPlace) socket.on('data', onSocketData);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
    socket.on('drain', onSocketDrain);
  }

  /**
   * Queues an application frame unless that would put more than `maxSendBuffer` bytes waiting
   * in the process (a frame always goes when nothing waits). Returns false when not queued;
   * the host hears `drained` once the socket has emptied.
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
    if (!this.full || this.state !== 'up') return;
    this.full = false;
    this.fullSweeps = 0;
    this.host.drained(this);
  }

  /** Writes a whole frame; once up on plaintext, sealed with its MAC. */
  write(frame: Buffer): void {
    this.idleSweeps = 0;
    this.socket!.write(this.mac === undefined ? frame : this.mac.seal(frame));
  }

  tick(): void {
    this.write(TICK_FRAME);
  }

  /** Tells the peer we leave, then half-closes; the peer closes its end on reading it. */
  leave(lingerMs: number): void {
    if (this.state !== 'up') {
      this.close('stopped', undefined);
      return;
    }
    this.write(LEAVING_FRAME);
    this.close('stopped', undefined, lingerMs);
  }

  /**
   * Ends the connection once. `lingerMs` > 0 half-closes (so frames already written, like a
   * refusal or `leaving`, reach the peer) and destroys after that long at the latest; 0 destroys
   * at once.
   */
  close(reason: CloseReason, detail: string | undefined, lingerMs = 0): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.challenge = undefined;
    this.peerChallenge = undefined;
    this.mac = undefined;
    this.decoder.reset();
    const socket = this.socket;
    if (socket !== undefined) {
      if (lingerMs > 0 && !socket.destroyed) {
        socket.end();
        socket.setTimeout(lingerMs, () => socket.destroy());
      } else {
        socket.destroy();
      }
    }
    this.host.connectionClosed(this, reason, detail);
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

  /** @internal (called by the socket's `data` listener) */
  onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.silentSweeps = 0;
    this.heard = true;
    if (
      this.state === 'awaiting-hello' &&
      chunk[0] === TLS_HANDSHAKE_RECORD &&
      this.decoder.buffered === 0
    ) {
      this.tlsMismatch('a TLS client dialed this node, which has no tls', false);
      return;
    }
    try {
      this.decoder.push(chunk, this);
    } catch (err) {
      this.fail(err);
    }
  }

  /** @internal Handles one frame (FrameHandler); false stops the decoder (it was closed). */
  onFrame(type: FrameType, body: Buffer): boolean {
    switch (this.state) {
      case 'up':
        return this.onUpFrame(type, body);
      case 'awaiting-hello':
        if (type === FrameType.refuse && decodeRefuse(body) === RefuseCode.tlsMismatch) {
          return this.tlsMismatch('a node with tls dialed this node, which has none', false);
        }
        if (type !== FrameType.hello) return this.unexpected(type);
        return this.onHello(body);
      case 'awaiting-challenge':
        if (type === FrameType.refuse) return this.onRefuse(body);
        if (type !== FrameType.challenge) return this.unexpected(type);
        if (this.host.tls && !this.upgraded) {
          return this.tlsMismatch('the peer has no tls, this node has', true);
        }
        return this.onChallenge(body);
      case 'awaiting-proof':
        if (type === FrameType.refuse) return this.onRefuse(body);
        if (type !== FrameType.proof) return this.unexpected(type);
        return this.onProof(body);
      case 'admitting':
        return this.unexpected(type);
      default:
        return false;
    }
  }

  private onUpFrame(type: FrameType, sealed: Buffer): boolean {
    const body = this.mac === undefined ? sealed : this.mac.open(type, sealed);
    if (body === undefined) {
      throw new FrameError(
        'protocol_error',
        'a frame failed its integrity check (injected, dropped or reordered)',
      );
    }
    switch (type) {
      case FrameType.tick:
        return true;
      case FrameType.message: {
        const { topic, payload } = decodeMessage(body, this.host.maxMessageDepth);
        this.host.message(this.peer!, topic, payload);
        return this.state === 'up';
      }
      case FrameType.leaving:
        this.close('shutdown', undefined);
        return false;
      default:
        return this.unexpected(type);
    }
  }

  /** Acceptor: the dialer's hello proves the cookie over our challenge, or is refused. */
  private onHello(body: Buffer): boolean {
    const version = handshakeVersion(body);
    if (version !== PROTOCOL_VERSION) {
      return this.refuse(RefuseCode.version, `protocol version ${version} is not supported`);
    }
    const hello = decodeHello(body);
    const self = this.host.self;
    const proof = this.host.proof;
    // The proof is checked first, over the name the peer says it dialed: a peer without the
    // cookie gets the same refusal whether it guessed our name or not (no name oracle).
    if (!proof.verify('dialer', hello.proof, this.challenge!, hello.from, hello.to)) {
      return this.refuse(
        RefuseCode.badProof,
        `${hello.from} failed the cookie check (dialed ${hello.to})`,
      );
    }
    if (hello.to !== self) {
      return this.refuse(RefuseCode.wrongName, `dialed as ${hello.to}, but this node is ${self}`);
    }
    if (hello.from === self) {
      return this.refuse(RefuseCode.wrongName, `the peer claims to be this node (${self})`);
    }
    // Proven: only now is the name the hello claims trusted.
    this.peer = hello.from;
    // Computed now: the hello is a view into a read buffer the next read reuses.
    const reply = encodeProof(proof.digest('acceptor', hello.challenge, hello.from, self));
    const challengeD = Buffer.from(hello.challenge);
    const verdict = this.host.admit(hello.from);
    if (typeof verdict === 'number') return this.admitted(verdict, reply, challengeD);
    // The dialer sends nothing until our proof: any frame meanwhile breaks the protocol. The
    // handshake deadline still runs.
    this.state = 'admitting';
    void verdict.then((code) => {
      if (this.state === 'admitting') this.admitted(code, reply, challengeD);
    });
    return true;
  }

  /** `challengeD`: the dialer's challenge (a copy), which keys the frame MACs with ours. */
  private admitted(verdict: RefuseCode | 0, reply: Buffer, challengeD: Buffer): boolean {
    if (verdict !== 0) return this.refuse(verdict, undefined);
    if (this.state === 'closed') return false;
    this.write(reply);
    return this.becomeUp(this.challenge!, challengeD);
  }

  /** Dialer: answers the acceptor's challenge with our proof and a challenge of our own. */
  private onChallenge(body: Buffer): boolean {
    const version = handshakeVersion(body);
    if (version !== PROTOCOL_VERSION) {
      return this.handshakeFailed(`peer speaks protocol version ${version}`);
    }
    const msg = decodeChallenge(body);
    const self = this.host.self;
    const peer = this.peer!;
    this.peerChallenge = Buffer.from(msg.challenge);
    this.challenge = this.host.challenges.next();
    const proof = this.host.proof.digest('dialer', msg.challenge, self, peer);
    this.state = 'awaiting-proof';
    this.write(encodeHello(this.challenge, proof, self, peer));
    return true;
  }

  /** Dialer: the acceptor's proof over our challenge. */
  private onProof(body: Buffer): boolean {
    const digest = decodeProof(body);
    if (!this.host.proof.verify('acceptor', digest, this.challenge!, this.host.self, this.peer!)) {
      return this.handshakeFailed('the peer failed the cookie check');
    }
    return this.becomeUp(this.peerChallenge!, this.challenge!);
  }

  private onRefuse(body: Buffer): boolean {
    const code = decodeRefuse(body);
    if (code === RefuseCode.tlsMismatch && this.state === 'awaiting-challenge' && !this.upgraded) {
      // The TLS acceptor's clear-text preface: start TLS, or learn why we cannot join.
      if (this.host.tls) return this.startTls();
      return this.tlsMismatch('the peer requires tls, this node has none', true);
    }
    this.refusedWith = code;
    const text = refusalText(this.refusedWith);
    // A lost simultaneous connect or a peer shutting down is routine; the rest is a setup
    // problem (cookies, names, versions) worth a warning.
    // Not wanted is reported as connect:error and retried: no warning per attempt either.
    if (
      this.refusedWith !== RefuseCode.simultaneous &&
      this.refusedWith !== RefuseCode.stopping &&
      this.refusedWith !== RefuseCode.notAllowed &&
      this.refusedWith !== RefuseCode.discoveryUnavailable
    ) {
      this.logHandshake(text);
    }
    this.close('refused', text);
    return false;
  }

  /** A TLS dialer read the acceptor's preface: the socket is handed over to TLS. */
  private startTls(): boolean {
    const raw = this.socket!;
    raw.off('data', onSocketData);
    raw.off('error', onSocketError);
    raw.off('close', onSocketClose);
    raw.on('error', ignore); // errors surface on the TLS socket
    this.upgraded = true;
    // The preface was in the clear; what counts (a TLS peer that rejects our certificate
    // never speaks) is whether the peer says anything over TLS.
    this.heard = false;
    this.listen(this.host.upgrade(raw, this.peer!), false);
    return false; // nothing else comes in the clear
  }

  /**
   * TLS on one end only: a coded warning here and, when `reply`, a `refuse(tlsMismatch)` so the
   * other end knows too (within the round trip).
   */
  private tlsMismatch(why: string, reply: boolean): boolean {
    const fields = {
      peer: this.peer,
      remote: this.remoteAddress,
      outgoing: this.outgoing,
      code: TcpErrorCode.tlsMismatch,
      detail: why,
    };
    if (this.isStranger) this.host.strangers.warn(fields, 'tls on one side only');
    else this.host.logger.warn(fields, 'tls on one side only');
    if (reply) this.socket!.write(encodeRefuse(RefuseCode.tlsMismatch));
    this.close('tls_mismatch', why, reply ? 1_000 : 0);
    return false;
  }

  /** The handshake is done; `challengeA`/`challengeD`: the acceptor's and the dialer's. */
  private becomeUp(challengeA: Buffer, challengeD: Buffer): boolean {
    if (!this.host.tls) {
      const [dialer, acceptor] = this.outgoing
        ? [this.host.self, this.peer!]
        : [this.peer!, this.host.self];
      const keys = this.host.proof.sessionKeys(challengeA, challengeD, dialer, acceptor);
      const scratch = this.host.macScratch;
      this.mac = this.outgoing
        ? new FrameMac(keys.dialer, keys.acceptor, scratch)
        : new FrameMac(keys.acceptor, keys.dialer, scratch);
    }
    this.challenge = undefined;
    this.peerChallenge = undefined;
    this.state = 'up';
    this.wasUp = true;
    this.decoder.maxFrameSize = this.host.maxFrameSize;
    this.host.connectionUp(this);
    return this.state === 'up';
  }

  private refuse(code: RefuseCode, why: string | undefined): boolean {
    if (why !== undefined) this.logHandshake(why);
    this.socket!.write(encodeRefuse(code));
    this.close('refused', refusalText(code), 1_000);
    return false;
  }

  private handshakeFailed(why: string): boolean {
    this.logHandshake(why);
    this.close('handshake_failed', why);
    return false;
  }

  private unexpected(type: number): boolean {
    throw new FrameError('protocol_error', `unexpected frame type ${type} in state ${this.state}`);
  }

  /** A frame error (or a bug in a message listener) ends this one connection, logged. */
  private fail(err: unknown): void {
    const reason = err instanceof FrameError ? err.reason : 'protocol_error';
    const detail = err instanceof Error ? err.message : String(err);
    const fields = { peer: this.peer, remote: this.remoteAddress, reason, detail };
    const message = 'closing a tcp connection that broke the protocol';
    if (this.isStranger) this.host.strangers.warn(fields, message);
    else this.host.logger.warn(fields, message);
    this.close(reason, detail);
  }

  private logHandshake(why: string): void {
    const fields = { peer: this.peer, remote: this.remoteAddress, outgoing: this.outgoing };
    if (this.isStranger)
      this.host.strangers.warn({ ...fields, detail: why }, 'tcp handshake refused');
    else this.host.logger.warn({ ...fields, detail: why }, 'tcp handshake refused');
  }

  /** An accepted socket whose peer has not proven the cookie: anyone can open one. */
  private get isStranger(): boolean {
    return !this.outgoing && !this.wasUp && this.peer === undefined;
  }
}
