import type { Socket } from 'node:net';
import type { NodeName } from '../../core/node-name.js';
import type { CloseReason } from './close-reason.js';
import type { ConnectionHost, ConnectionState } from './connection-host.js';
import type { DialOutcome } from './dial-outcome.js';
import { FrameType, LEAVING_FRAME } from './frame.js';
import { FrameDecoder, type FrameHandler } from './frame-decoder.js';
import {
  decodeRefuse,
  encodeChallenge,
  encodeRefuse,
  HANDSHAKE_MAX_FRAME,
  RefuseCode,
  refusalText,
} from './handshake-codec.js';
import {
  answerChallenge,
  checkHello,
  checkProof,
  isRoutineRefusal,
  sessionMac,
} from './handshake-steps.js';
import { Link } from './link.js';
import { decodeMessage } from './message-codec.js';
import { handOverToTls, own } from './socket-events.js';
import { FrameError, TcpErrorCode } from './tcp-errors.js';

export type { ConnectionHost, ConnectionState } from './connection-host.js';

/** The first byte of a TLS handshake record; a muster handshake frame starts with 0x00. */
const TLS_HANDSHAKE_RECORD = 0x16;

/**
 * One socket to one peer: the handshake state machine and the frames that come in (frames out,
 * the send buffer and liveness counters are its Link's). Deliberately small (no emitter, no
 * timers, no closures: the socket listeners are module functions and the connection is the
 * decoder's frame handler): the transport's sweepers drive ticks and handshake deadlines for
 * every connection at once.
 */
export class Connection extends Link implements FrameHandler {
  state: ConnectionState;
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
  /** Accepted: the socket's key in the transport's handshake admission. */
  admissionKey: string | undefined;
  /** The refusal the peer sent us, if any. */
  refusedWith = 0;
  wasUp = false;
  private readonly decoder = new FrameDecoder(HANDSHAKE_MAX_FRAME);
  /** Our challenge, kept until the peer's answer to it is checked. */
  private challenge: Buffer | undefined;
  /** A TLS dialer: TLS was started over the socket after the acceptor's preface. */
  private upgraded = false;
  /** The dialer: the acceptor's challenge, kept until the frame keys are derived. */
  private peerChallenge: Buffer | undefined;

  constructor(host: ConnectionHost, outgoing: boolean, startedAt: number, peer?: NodeName) {
    super(host);
    this.outgoing = outgoing;
    this.startedAt = startedAt;
    this.peer = peer;
    this.state = outgoing ? 'resolving' : 'awaiting-hello';
  }

  get isUp(): boolean {
    return this.state === 'up';
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
    own(socket, this, readsInPlace);
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

  /** Ends the connection once (see `endSocket` for `lingerMs`); the host hears it. */
  close(reason: CloseReason, detail: string | undefined, lingerMs = 0): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.challenge = undefined;
    this.peerChallenge = undefined;
    this.decoder.reset();
    this.endSocket(lingerMs);
    this.host.connectionClosed(this, reason, detail);
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
    const hello = checkHello(body, this.challenge!, this.host.self, this.host.proof);
    if (hello.refuse !== 0) return this.refuse(hello.refuse, hello.why);
    this.peer = hello.peer;
    const verdict = this.host.admit(hello.peer);
    if (typeof verdict === 'number') return this.admitted(verdict, hello.reply, hello.challengeD);
    // The dialer sends nothing until our proof: any frame meanwhile breaks the protocol. The
    // handshake deadline still runs.
    this.state = 'admitting';
    void verdict.then((code) => {
      if (this.state === 'admitting') this.admitted(code, hello.reply, hello.challengeD);
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
    const host = this.host;
    const answer = answerChallenge(body, host.self, this.peer!, host.proof, host.challenges);
    if (answer.failed !== undefined) return this.handshakeFailed(answer.failed);
    this.peerChallenge = answer.peerChallenge;
    this.challenge = answer.challenge;
    this.state = 'awaiting-proof';
    this.write(answer.hello);
    return true;
  }

  /** Dialer: the acceptor's proof over our challenge. */
  private onProof(body: Buffer): boolean {
    if (!checkProof(body, this.challenge!, this.host.self, this.peer!, this.host.proof)) {
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
    const text = refusalText(code);
    if (!isRoutineRefusal(code)) this.logHandshake(text);
    this.close('refused', text);
    return false;
  }

  /** A TLS dialer read the acceptor's preface: the socket is handed over to TLS. */
  private startTls(): boolean {
    const raw = this.socket!;
    handOverToTls(raw);
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
    const host = this.host;
    if (!host.tls) {
      const { proof, macScratch, self } = host;
      this.mac = sessionMac(
        proof,
        macScratch,
        this.outgoing,
        self,
        this.peer!,
        challengeA,
        challengeD,
      );
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
