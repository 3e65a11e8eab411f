import type { AdmitVerdict } from '../../core/admission.js';
import type { RefusalReason } from '../../core/errors.js';
import type { NodeName } from '../../core/node-name.js';
import { allocFrame, FRAME_HEADER_SIZE, FrameType } from './frame.js';
import { FrameError } from './tcp-errors.js';
import { isCanonicalNodeName } from './wire-name.js';

/**
 * The handshake version this code speaks. A peer with another version is refused. Version 2
 * lets the acceptor speak first, so the dialer writes once per handshake (version 1 wrote twice).
 * Version 3 derives the proof key with scrypt, ends every frame of an established plaintext
 * connection with a MAC (frame-mac.ts) and opens TLS with a clear-text preface.
 */
export const PROTOCOL_VERSION = 3;
export const CHALLENGE_SIZE = 32;
export const DIGEST_SIZE = 32;
/** Handshake frames are tiny; before authentication nothing larger is accepted. */
export const HANDSHAKE_MAX_FRAME = 1024;

/** Why a handshake was refused (the body of a `refuse` frame). */
export const RefuseCode = {
  /** Both dialed at once and the other connection wins; wait for it instead. */
  simultaneous: 1,
  /** The name you dialed is not mine (or you claim to be me). */
  wrongName: 2,
  /** I do not speak your protocol version. */
  version: 3,
  /** I am shutting down. */
  stopping: 4,
  /** Your cookie proof does not check: we do not share a cookie. */
  badProof: 5,
  /** I do not admit you (the cluster's admission said no; Erlang's `not_allowed`). */
  notAllowed: 6,
  /**
   * TLS on one side only. A TLS acceptor sends it in the clear as soon as it accepts (a dialer
   * with TLS then starts TLS; one without learns why it cannot join); a dialer answers with it
   * when TLS is on one side only, so both ends know within a round trip.
   */
  tlsMismatch: 7,
  /**
   * I cannot admit you now: my discovery is failing and nothing lists you (admission fails
   * closed). Retryable, like `notAllowed`; docs/membership.md.
   */
  discoveryUnavailable: 8,
} as const;

export type RefuseCode = (typeof RefuseCode)[keyof typeof RefuseCode];

/** What each refusal means: the contract's reason (`ConnectError.refusal`) and our log line. */
const REFUSALS: Readonly<Record<number, { reason: RefusalReason; text: string }>> = {
  [RefuseCode.simultaneous]: {
    reason: 'simultaneous',
    text: 'simultaneous connect: the connection dialed by the peer wins',
  },
  [RefuseCode.wrongName]: { reason: 'wrong_name', text: 'the peer is not the node we dialed' },
  [RefuseCode.version]: {
    reason: 'version',
    text: 'the peer does not speak our protocol version',
  },
  [RefuseCode.stopping]: { reason: 'stopping', text: 'the peer is shutting down' },
  [RefuseCode.badProof]: {
    reason: 'bad_cookie',
    text: 'the peer rejected our cookie proof (the cookies differ)',
  },
  [RefuseCode.notAllowed]: {
    reason: 'not_allowed',
    text: 'not wanted: no topology of the peer lists this node (not_allowed)',
  },
  [RefuseCode.tlsMismatch]: { reason: 'other', text: 'tls is configured on one side only' },
  [RefuseCode.discoveryUnavailable]: {
    reason: 'not_allowed',
    text: "not admitted now: the peer's discovery is failing and does not list this node (not_allowed)",
  },
};

/** The contract's name for a refusal code (an unknown code is `other`). */
export function refusalReason(code: number): RefusalReason {
  return REFUSALS[code]?.reason ?? 'other';
}

/**
 * The refusal code for an admission answer (0: admitted). A boolean comes from a cluster that
 * gives no reason: false is `notAllowed`.
 */
export function admitCode(verdict: AdmitVerdict | boolean): RefuseCode | 0 {
  if (verdict === true || verdict === 'admitted') return 0;
  return verdict === 'discovery_unavailable'
    ? RefuseCode.discoveryUnavailable
    : RefuseCode.notAllowed;
}

/** A log line for a refusal code. */
export function refusalText(code: number): string {
  return REFUSALS[code]?.text ?? `refused with code ${code}`;
}

/** Decoded handshake frames hold views into the read buffer: use them before returning. */
export interface Challenge {
  readonly version: number;
  readonly challenge: Buffer;
}

export interface Hello {
  readonly version: number;
  readonly challenge: Buffer;
  readonly proof: Buffer;
  readonly from: NodeName;
  readonly to: NodeName;
}

// challenge (acceptor -> dialer, first): u8 version | 32 challenge
export function encodeChallenge(challenge: Buffer): Buffer {
  const frame = allocFrame(FrameType.challenge, 1 + CHALLENGE_SIZE);
  frame[FRAME_HEADER_SIZE] = PROTOCOL_VERSION;
  challenge.copy(frame, FRAME_HEADER_SIZE + 1, 0, CHALLENGE_SIZE);
  return frame;
}

/**
 * The version byte that opens a challenge or a hello. Read before the rest: a peer of another
 * version may use another layout, and the refusal should name the version, not the layout.
 */
export function handshakeVersion(body: Buffer): number {
  return new Reader(body, 'handshake').u8();
}

export function decodeChallenge(body: Buffer): Challenge {
  const r = new Reader(body, 'challenge');
  const version = r.u8();
  const challenge = r.view(CHALLENGE_SIZE);
  r.end();
  return { version, challenge };
}

// hello (dialer -> acceptor): u8 version | 32 challenge | 32 proof | u16 len | from | u16 len | to
export function encodeHello(
  challenge: Buffer,
  proof: Buffer,
  from: NodeName,
  to: NodeName,
): Buffer {
  const fromLen = Buffer.byteLength(from);
  const toLen = Buffer.byteLength(to);
  const frame = allocFrame(
    FrameType.hello,
    1 + CHALLENGE_SIZE + DIGEST_SIZE + 2 + fromLen + 2 + toLen,
  );
  let o = FRAME_HEADER_SIZE;
  frame[o++] = PROTOCOL_VERSION;
  o += challenge.copy(frame, o, 0, CHALLENGE_SIZE);
  o += proof.copy(frame, o, 0, DIGEST_SIZE);
  o = writeString(frame, o, from, fromLen);
  writeString(frame, o, to, toLen);
  return frame;
}

export function decodeHello(body: Buffer): Hello {
  const r = new Reader(body, 'hello');
  const version = r.u8();
  const challenge = r.view(CHALLENGE_SIZE);
  const proof = r.view(DIGEST_SIZE);
  const from = r.name();
  const to = r.name();
  r.end();
  return { version, challenge, proof, from, to };
}

// proof (acceptor -> dialer, last): 32 digest
export function encodeProof(digest: Buffer): Buffer {
  const frame = allocFrame(FrameType.proof, DIGEST_SIZE);
  digest.copy(frame, FRAME_HEADER_SIZE, 0, DIGEST_SIZE);
  return frame;
}

export function decodeProof(body: Buffer): Buffer {
  const r = new Reader(body, 'proof');
  const digest = r.view(DIGEST_SIZE);
  r.end();
  return digest;
}

// refuse: u8 code
export function encodeRefuse(code: RefuseCode): Buffer {
  const frame = allocFrame(FrameType.refuse, 1);
  frame[FRAME_HEADER_SIZE] = code;
  return frame;
}

export function decodeRefuse(body: Buffer): number {
  const r = new Reader(body, 'refuse');
  const code = r.u8();
  r.end();
  return code;
}

function writeString(frame: Buffer, offset: number, s: string, len: number): number {
  frame.writeUInt16BE(len, offset);
  frame.write(s, offset + 2, len, 'utf8');
  return offset + 2 + len;
}

/** Bounds-checked reads that fail with a protocol error naming the frame. */
class Reader {
  private o = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly what: string,
  ) {}

  u8(): number {
    this.need(1);
    return this.buf[this.o++]!;
  }

  /** No copy: every field is used before the frame handler returns. */
  view(n: number): Buffer {
    this.need(n);
    const out = this.buf.subarray(this.o, this.o + n);
    this.o += n;
    return out;
  }

  name(): NodeName {
    this.need(2);
    const len = this.buf.readUInt16BE(this.o);
    this.o += 2;
    this.need(len);
    // Valid names are ASCII, so latin1 (cheaper than UTF-8) reads them exactly; any other
    // byte becomes a character that fails the check below.
    const raw = this.buf.toString('latin1', this.o, this.o + len);
    this.o += len;
    if (!isCanonicalNodeName(raw)) {
      throw new FrameError('protocol_error', `${this.what} frame carries an invalid node name`);
    }
    return raw;
  }

  end(): void {
    if (this.o !== this.buf.length) {
      throw new FrameError('protocol_error', `${this.what} frame has trailing bytes`);
    }
  }

  private need(n: number): void {
    if (this.o + n > this.buf.length) {
      throw new FrameError('protocol_error', `${this.what} frame is truncated`);
    }
  }
}
