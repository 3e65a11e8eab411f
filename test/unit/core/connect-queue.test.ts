import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { ConnectQueue } from '../../../src/core/connect-queue.js';
import type { NodeName } from '../../../src/core/node-name.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { n } from '../../helpers/reconciler-harness.js';

const A = n('app@127.50.2.1');
const B = n('app@127.50.2.2');
const C = n('app@127.50.2.3');

function makeQueue(concurrency = 2, timeoutMs = 1_000) {
  const transport = new FakeTransport();
  const queue = new ConnectQueue(transport, {
    concurrency,
    timeoutMs,
    clock: systemClock,
  });
  return { transport, queue };
}

describe('ConnectQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('joins the attempt in flight instead of dialing again', async () => {
    const { transport, queue } = makeQueue();
    const first = queue.connect(A);
    const second = queue.connect(A);
    expect(first).toBe(second);
    expect(transport.connectCalls).toEqual([A]);
    transport.answer(A, true);
    await expect(second).resolves.toBe(true);
    expect(queue.has(A)).toBe(false);
  });

  it('runs at most `concurrency` attempts at once, in FIFO order', async () => {
    const { transport, queue } = makeQueue(2);
    const results = [queue.connect(A), queue.connect(B), queue.connect(C)];
    expect(transport.connectCalls).toEqual([A, B]);
    transport.answer(B, false);
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.connectCalls).toEqual([A, B, C]);
    transport.answerAll(() => true);
    await expect(Promise.all(results)).resolves.toEqual([true, false, true]);
    expect(transport.maxInFlight).toBe(2);
  });

  it('times out an attempt that never settles and frees its slot', async () => {
    const { transport, queue } = makeQueue(1, 500);
    const a = queue.connect(A);
    const b = queue.connect(B);
    await vi.advanceTimersByTimeAsync(500);
    expect(transport.pending[0]!.aborted).toBe(true);
    transport.answer(A, true); // too late: the attempt was aborted
    await expect(a).resolves.toBe(false);
    expect(transport.connectCalls).toEqual([A, B]);
    transport.answer(B, true);
    await expect(b).resolves.toBe(true);
  });

  it('cancels a queued attempt without dialing, and aborts a running one', async () => {
    const { transport, queue } = makeQueue(1);
    const a = queue.connect(A);
    const b = queue.connect(B);
    queue.cancel(B);
    await expect(b).resolves.toBe(false);
    queue.cancel(A);
    expect(transport.pending[0]!.aborted).toBe(true);
    transport.answer(A, true);
    await expect(a).resolves.toBe(false);
    expect(transport.connectCalls).toEqual([A]);
  });

  it('tells the owner through one callback, joining a manual connect in flight', async () => {
    const { transport, queue } = makeQueue(2);
    const seen: [NodeName, boolean][] = [];
    const done = (node: NodeName, ok: boolean) => seen.push([node, ok]);
    const manual = queue.connect(A);
    queue.dial(A, done);
    queue.dial(B, done);
    expect(transport.connectCalls).toEqual([A, B]);
    transport.answer(B, false);
    transport.answer(A, true);
    await expect(manual).resolves.toBe(true);
    expect(seen).toEqual([
      [B, false],
      [A, true],
    ]);
    expect(vi.getTimerCount()).toBe(0); // the timeout sweep stops with the work
  });

  it('watches every running attempt for its timeout with one timer', async () => {
    const { transport, queue } = makeQueue(100, 1_000);
    const seen: boolean[] = [];
    for (let i = 0; i < 100; i++) queue.dial(n(`app@127.50.3.${i + 1}`), (_n, ok) => seen.push(ok));
    expect(transport.connectCalls).toHaveLength(100);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toEqual(Array(100).fill(false));
    expect(queue.inFlight).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('frees the slot of a connect that never settles and cannot be stopped', async () => {
    const calls: NodeName[] = [];
    const queue = new ConnectQueue(
      {
        connect: (node) => {
          calls.push(node);
          return node === A ? new Promise<boolean>(() => {}) : Promise.resolve(true);
        },
        abortConnect: () => {},
      },
      { concurrency: 1, timeoutMs: 500, clock: systemClock },
    );
    const a = queue.connect(A);
    const b = queue.connect(B);
    await vi.advanceTimersByTimeAsync(500);
    await expect(a).resolves.toBe(false);
    await expect(b).resolves.toBe(true);
    expect(calls).toEqual([A, B]);
  });

  it('counts a throwing or rejecting connect as a failure', async () => {
    const queue = new ConnectQueue(
      {
        connect: (node) =>
          node === A
            ? Promise.reject(new Error('boom'))
            : (() => {
                throw new Error('sync');
              })(),
        abortConnect: () => {},
      },
      { concurrency: 2, timeoutMs: 1_000, clock: systemClock },
    );
    await expect(queue.connect(A)).resolves.toBe(false);
    await expect(queue.connect(B)).resolves.toBe(false);
  });
});
