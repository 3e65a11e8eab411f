import { afterEach, describe, expect, it } from 'vitest';
import { toNodeName } from '../../src/core/node-name.js';
import { FrameType } from '../../src/transport/tcp/frame.js';
import { encodeHello, RefuseCode } from '../../src/transport/tcp/handshake-codec.js';
import { ChallengePool, CookieProof } from '../../src/transport/tcp/handshake-crypto.js';
import { TEST_COOKIE, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { nextFrame, rawSocket, readChallenge } from '../helpers/tcp-raw-peer.js';
import { startLoggedNode } from './security-helpers.js';

// This file's addresses: 127.134.4.0/24.
// Issue 14, case 4: a hello with a wrong proof got refusal code 5 when it guessed the node's
// name and code 2 when not, so the name was confirmed without the cookie.
const started: TestNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.transport.stop()));
});

const HOST = '127.134.4.1';
const SELF = 'secret-name@127.134.4.1';

/** Sends a hello from `from` to `to` proven with `cookie`; resolves with the node's answer. */
async function hello(from: string, to: string, cookie: string) {
  const s = await rawSocket(HOST, TEST_PORT);
  const challenge = await readChallenge(s);
  const [f, t] = [toNodeName(from), toNodeName(to)];
  const proof = new CookieProof(cookie).digest('dialer', challenge, f, t);
  s.write(encodeHello(new ChallengePool().next(), proof, f, t));
  const answer = await nextFrame(s);
  s.destroy();
  return answer;
}

const refusal = (code: number) => ({ type: FrameType.refuse, body: Buffer.from([code]) });
const WRONG_COOKIE = 'an-entirely-different-cookie';

describe('what a peer without the cookie learns about our name', () => {
  it('gets the same refusal whether it guessed the name or not; the log says which', async () => {
    const { node, logs } = await startLoggedNode(SELF);
    started.push(node);
    const guessedRight = await hello('x@127.134.4.9', SELF, WRONG_COOKIE);
    const guessedWrong = await hello('x@127.134.4.9', 'other@127.134.4.1', WRONG_COOKIE);
    const claimsToBeIt = await hello(SELF, SELF, WRONG_COOKIE);
    expect(guessedRight).toEqual(refusal(RefuseCode.badProof));
    expect(guessedWrong).toEqual(guessedRight);
    expect(claimsToBeIt).toEqual(guessedRight);
    const details = logs.map((l) => l.detail).filter((d) => typeof d === 'string');
    expect(details).toContain('x@127.134.4.9 failed the cookie check (dialed other@127.134.4.1)');
  });

  it('still tells a peer that holds the cookie that it dialed the wrong name', async () => {
    const { node } = await startLoggedNode(SELF);
    started.push(node);
    expect(await hello('x@127.134.4.9', 'other@127.134.4.1', TEST_COOKIE)).toEqual(
      refusal(RefuseCode.wrongName),
    );
  });
});
