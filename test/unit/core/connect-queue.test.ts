import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectQueue, type Dialer } from '../../../src/core/connect-queue.js';
import { ConnectSlots } from '../../../src/core/connect-slots.js';
import { ConnectError, ConnectErrorCode } from '../../../src/core/errors.js';
import type { NodeName } from '../../../src/core/node-name.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { n } from '../../helpers/reconciler-harness.js';

const A = n('app@127.50.2.1');
const B = n('app@127.50.2.2');
const C = n('app@127.50.2.3');

const lateAnswers: NodeName[] = [];
let clock = new ManualClock();

function queueOver(dialer: Dialer, concurrency = 2, timeoutMs = 1_000, slots?: ConnectSlots) {
  return new ConnectQueue(dialer, {
    slots: slots ?? new ConnectSlots(concurrency),
    timeoutMs,
    clock,
    onLateAnswer: (node) => lateAnswers.push(node),
  });
}

function makeQueue(concurrency = 2, timeoutMs = 1_000) {
  const transport = new FakeTransport();
  return { transport, queue: queueOver(transport, concurrency, timeoutMs) };
}

/** The answer as Node.connect gives it. */
const ok = (p: Promise<ConnectError | undefined>) => p.then((e) => e === undefined);

describe('ConnectQueue', () => {
  beforeEach(() => {
    clock = new ManualClock();
    lateAnswers.length = 0;
  });

  it('joins the attempt in flight instead of dialing again', async () => {
    const { transport, queue } = makeQueue();
    const first = queue.connect(A);
    const second = queue.connect(A);
    expect(first).toBe(second);
    expect(transport.connectCalls).toEqual([A]);
    transport.answer(A, true);
    await expect(second).resolves.toBeUndefined();
    expect(queue.has(A)).toBe(false);
  });

  it('runs at most `concurrency` attempts at once, in FIFO order', async () => {
    const { transport, queue } = makeQueue(2);
    const results = [queue.connect(A), queue.connect(B), queue.connect(C)].map(ok);
    expect(transport.connectCalls).toEqual([A, B]);
    transport.answer(B, false);
    await clock.advance(0);
    expect(transport.connectCalls).toEqual([A, B, C]);
    transport.answerAll(() => true);
    await expect(Promise.all(results)).resolves.toEqual([true, false, true]);
    expect(transport.maxInFlight).toBe(2);
  });

  it("passes the transport's coded error to the caller as is", async () => {
    const { transport, queue } = makeQueue();
    const a = queue.connect(A);
    const refused = new ConnectError(A, ConnectErrorCode.refused, 'no', { refusal: 'bad_cookie' });
    transport.answer(A, refused);
    await expect(a).resolves.toBe(refused);
    expect(refused.permanent).toBe(true);
  });

  it('times out an attempt that never settles with MUSTER_ERR_CONNECT_TIMEOUT and frees its slot', async () => {
    const { transport, queue } = makeQueue(1, 500);
    const a = queue.connect(A);
    const b = queue.connect(B);
    await clock.advance(500);
    expect(transport.pending[0]!.aborted).toBe(true); // its signal fired
    await expect(a).resolves.toMatchObject({ code: 'MUSTER_ERR_CONNECT_TIMEOUT', node: A });
    expect(transport.connectCalls).toEqual([A, B]);
    transport.answer(B, true);
    await expect(b).resolves.toBeUndefined();
  });

  it('tells the owner of a dial given up that answered after all (to undo it if unwanted)', async () => {
    let finish: (() => void) | undefined;
    const queue = queueOver({ dial: () => new Promise<void>((resolve) => (finish = resolve)) });
    const a = queue.connect(A);
    queue.cancel(A);
    await expect(a).resolves.toMatchObject({ code: 'MUSTER_ERR_CONNECT_ABORTED' });
    expect(lateAnswers).toEqual([]);
    finish!();
    await clock.advance(0);
    expect(lateAnswers).toEqual([A]);
  });

  it("a given-up attempt's late answer neither settles nor forgets the next attempt for that node", async () => {
    const { transport, queue } = makeQueue(2);
    const first = queue.connect(A);
    queue.cancel(A);
    await expect(first).resolves.toMatchObject({ code: 'MUSTER_ERR_CONNECT_ABORTED' });
    const second = queue.connect(A);
    expect(second).not.toBe(first);
    transport.pending[0]!.resolve(true); // the first dial answers late
    await clock.advance(0);
    expect(lateAnswers).toEqual([A]);
    expect(queue.has(A)).toBe(true);
    expect(queue.connect(A)).toBe(second);
    transport.answer(A, true);
    await expect(second).resolves.toBeUndefined();
  });

  it('cancels a queued attempt without dialing, and aborts a running one', async () => {
    const { transport, queue } = makeQueue(1);
    const a = queue.connect(A);
    const b = queue.connect(B);
    queue.cancel(B);
    await expect(b).resolves.toMatchObject({ code: 'MUSTER_ERR_CONNECT_ABORTED' });
    queue.cancel(A);
    expect(transport.pending[0]!.aborted).toBe(true);
    transport.answer(A, true);
    await expect(ok(a)).resolves.toBe(false);
    expect(transport.connectCalls).toEqual([A]);
  });

  it('tells the owner through one callback, joining a manual connect in flight', async () => {
    const { transport, queue } = makeQueue(2);
    const seen: [NodeName, string | undefined][] = [];
    const done = (node: NodeName, error: ConnectError | undefined) =>
      seen.push([node, error?.code]);
    const manual = queue.connect(A);
    queue.dial(A, done);
    queue.dial(B, done);
    expect(transport.connectCalls).toEqual([A, B]);
    transport.answer(B, false);
    transport.answer(A, true);
    await expect(ok(manual)).resolves.toBe(true);
    expect(seen).toEqual([
      [B, 'MUSTER_ERR_CONNECT_UNREACHABLE'],
      [A, undefined],
    ]);
    expect(clock.pending).toBe(0); // the timeout sweep stops with the work
  });

  it('watches every running attempt for its timeout with one timer', async () => {
    const { transport, queue } = makeQueue(100, 1_000);
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 100; i++)
      queue.dial(n(`app@127.50.3.${i + 1}`), (_n, e) => seen.push(e?.code));
    expect(transport.connectCalls).toHaveLength(100);
    expect(clock.pending).toBe(1);
    await clock.advance(1_000);
    expect(seen).toEqual(Array(100).fill('MUSTER_ERR_CONNECT_TIMEOUT'));
    expect(queue.inFlight).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('frees the slot of a connect that never settles and ignores its abort', async () => {
    const calls: NodeName[] = [];
    const queue = queueOver(
      {
        dial: (node) => {
          calls.push(node);
          return node === A ? new Promise<void>(() => {}) : Promise.resolve();
        },
      },
      1,
      500,
    );
    const a = queue.connect(A);
    const b = queue.connect(B);
    await clock.advance(500);
    await expect(ok(a)).resolves.toBe(false);
    await expect(ok(b)).resolves.toBe(true);
    expect(calls).toEqual([A, B]);
  });

  it('turns a throwing or rejecting dial that breaks the contract into a coded error', async () => {
    const queue = queueOver({
      dial: (node) =>
        node === A
          ? Promise.reject(new Error('boom'))
          : (() => {
              throw new Error('sync');
            })(),
    });
    await expect(queue.connect(A)).resolves.toMatchObject({
      code: 'MUSTER_ERR_CONNECT_UNREACHABLE',
      message: 'connect to app@127.50.2.1: boom',
    });
    await expect(queue.connect(B)).resolves.toBeInstanceOf(ConnectError);
  });

  describe('a simultaneous connect (the peer refused ours: its own dial wins)', () => {
    const crossed = (node: NodeName) =>
      new ConnectError(node, ConnectErrorCode.refused, 'yours wins', { refusal: 'simultaneous' });

    it("succeeds when the winner's nodeup comes, without holding a slot meanwhile", async () => {
      const { transport, queue } = makeQueue(1);
      const a = queue.connect(A);
      const b = queue.connect(B);
      transport.answer(A, crossed(A));
      await clock.advance(0);
      expect(transport.connectCalls).toEqual([A, B]); // A's slot went to B
      expect(queue.has(A)).toBe(true); // and a second caller still joins A's attempt
      expect(queue.connect(A)).toBe(a);
      queue.nodeUp(A);
      await expect(a).resolves.toBeUndefined();
      transport.answer(B, true);
      await expect(b).resolves.toBeUndefined();
    });

    it('times out like any attempt when the winner never comes', async () => {
      const { transport, queue } = makeQueue(1, 500);
      const a = queue.connect(A);
      transport.answer(A, crossed(A));
      await clock.advance(500);
      await expect(a).resolves.toMatchObject({ code: 'MUSTER_ERR_CONNECT_TIMEOUT' });
      expect(clock.pending).toBe(0);
    });
  });

  it('a node that comes up while its attempt is queued is not dialed', async () => {
    const { transport, queue } = makeQueue(1);
    const a = queue.connect(A);
    const b = queue.connect(B);
    queue.nodeUp(B);
    await expect(b).resolves.toBeUndefined();
    transport.answer(A, true);
    await expect(a).resolves.toBeUndefined();
    expect(transport.connectCalls).toEqual([A]);
  });

  it('queues of two clusters have their own slots unless they are given one to share', async () => {
    const one = makeQueue(1);
    const two = makeQueue(1);
    one.queue.connect(A);
    two.queue.connect(A);
    expect(one.transport.connectCalls).toEqual([A]);
    expect(two.transport.connectCalls).toEqual([A]); // not held back by the first queue's slot

    const shared = new ConnectSlots(1);
    const x = new FakeTransport();
    const y = new FakeTransport();
    queueOver(x, 0, 1_000, shared).connect(A);
    queueOver(y, 0, 1_000, shared).connect(A);
    expect(x.connectCalls).toEqual([A]);
    expect(y.connectCalls).toEqual([]); // waits for the one shared slot
    x.answer(A, true);
    await clock.advance(0);
    expect(y.connectCalls).toEqual([A]);
  });
});
