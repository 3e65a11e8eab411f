import type { NodeName } from '../../core/node-name.js';
import { FrameMac, type MacScratch } from './frame-mac.js';
import {
  decodeChallenge,
  decodeHello,
  decodeProof,
  encodeHello,
  encodeProof,
  handshakeVersion,
  PROTOCOL_VERSION,
  RefuseCode,
} from './handshake-codec.js';
import type { ChallengePool, CookieProof } from './handshake-crypto.js';

/**
 * The checks of each handshake step, as pure functions of a frame body and what the step
 * holds: they decide, and the Connection (the state machine) acts on their answer. See
 * docs/transports.md for the handshake.
 */

/** The acceptor's verdict on a hello: a refusal (with the reason we log), or the proven peer. */
export type HelloVerdict =
  | { readonly refuse: RefuseCode; readonly why: string }
  | {
      readonly refuse: 0;
      readonly peer: NodeName;
      /** Our proof frame, computed now: the hello is a view into a read buffer reused later. */
      readonly reply: Buffer;
      /** The dialer's challenge (a copy), which keys the frame MACs with ours. */
      readonly challengeD: Buffer;
    };

/** Acceptor: does the dialer's hello prove the cookie over `challenge`, naming us? */
export function checkHello(
  body: Buffer,
  challenge: Buffer,
  self: NodeName,
  proof: CookieProof,
): HelloVerdict {
  const version = handshakeVersion(body);
  if (version !== PROTOCOL_VERSION) {
    return { refuse: RefuseCode.version, why: `protocol version ${version} is not supported` };
  }
  const hello = decodeHello(body);
  // The proof is checked first, over the name the peer says it dialed: a peer without the
  // cookie gets the same refusal whether it guessed our name or not (no name oracle).
  if (!proof.verify('dialer', hello.proof, challenge, hello.from, hello.to)) {
    return {
      refuse: RefuseCode.badProof,
      why: `${hello.from} failed the cookie check (dialed ${hello.to})`,
    };
  }
  if (hello.to !== self) {
    return { refuse: RefuseCode.wrongName, why: `dialed as ${hello.to}, but this node is ${self}` };
  }
  if (hello.from === self) {
    return { refuse: RefuseCode.wrongName, why: `the peer claims to be this node (${self})` };
  }
  // Proven: only now is the name the hello claims trusted.
  return {
    refuse: 0,
    peer: hello.from,
    reply: encodeProof(proof.digest('acceptor', hello.challenge, hello.from, self)),
    challengeD: Buffer.from(hello.challenge),
  };
}

/** The dialer's answer to a challenge: our hello, or why the handshake failed. */
export type ChallengeAnswer =
  | { readonly failed: string }
  | {
      readonly failed: undefined;
      /** The acceptor's challenge (a copy), kept until the frame keys are derived. */
      readonly peerChallenge: Buffer;
      /** Ours, which the acceptor's proof must cover. */
      readonly challenge: Buffer;
      readonly hello: Buffer;
    };

/** Dialer: answers the acceptor's challenge with our proof and a challenge of our own. */
export function answerChallenge(
  body: Buffer,
  self: NodeName,
  peer: NodeName,
  proof: CookieProof,
  challenges: ChallengePool,
): ChallengeAnswer {
  const version = handshakeVersion(body);
  if (version !== PROTOCOL_VERSION) return { failed: `peer speaks protocol version ${version}` };
  const msg = decodeChallenge(body);
  const challenge = challenges.next();
  const digest = proof.digest('dialer', msg.challenge, self, peer);
  return {
    failed: undefined,
    peerChallenge: Buffer.from(msg.challenge),
    challenge,
    hello: encodeHello(challenge, digest, self, peer),
  };
}

/** Dialer: does the acceptor's proof cover our challenge? */
export function checkProof(
  body: Buffer,
  challenge: Buffer,
  self: NodeName,
  peer: NodeName,
  proof: CookieProof,
): boolean {
  return proof.verify('acceptor', decodeProof(body), challenge, self, peer);
}

/**
 * The frame MACs of an established plaintext connection, keyed by both challenges
 * (`challengeA`: the acceptor's, `challengeD`: the dialer's) and the cookie's key.
 */
export function sessionMac(
  proof: CookieProof,
  scratch: MacScratch,
  outgoing: boolean,
  self: NodeName,
  peer: NodeName,
  challengeA: Buffer,
  challengeD: Buffer,
): FrameMac {
  const [dialer, acceptor] = outgoing ? [self, peer] : [peer, self];
  const keys = proof.sessionKeys(challengeA, challengeD, dialer, acceptor);
  return outgoing
    ? new FrameMac(keys.dialer, keys.acceptor, scratch)
    : new FrameMac(keys.acceptor, keys.dialer, scratch);
}

/**
 * A lost simultaneous connect or a peer shutting down is routine; not wanted is reported as
 * connect:error and retried. The rest is a setup problem (cookies, names, versions) worth a
 * warning.
 */
export function isRoutineRefusal(code: number): boolean {
  return (
    code === RefuseCode.simultaneous ||
    code === RefuseCode.stopping ||
    code === RefuseCode.notAllowed
  );
}
