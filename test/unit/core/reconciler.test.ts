import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectError, ConnectErrorCode } from '../../../src/core/errors.js';
import type { NodeName } from '../../../src/core/node-name.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { n, reconcilerHarness, SELF } from '../../helpers/reconciler-harness.js';

const A = n('app@127.50.0.2');
const B = n('app@127.50.0.3');
const C = n('app@127.50.0.4');

let clock = new ManualClock();
const harness = (options: Parameters<typeof reconcilerHarness>[0] = {}) =>
  reconcilerHarness({ ...options, clock });

describe('Reconciler (Node.connect semantics)', () => {
  beforeEach(() => {
    clock = new ManualClock();
  });

  it('debounces a burst of diffs into one batch of connects', async () => {
    const { transport, reconciler } = harness({ debounceMs: 25 });
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    reconciler.applyDiff('t', { added: [B], removed: [] }, true);
    expect(transport.connectCalls).toEqual([]);
    await clock.advance(24);
    expect(transport.connectCalls).toEqual([]);
    await clock.advance(1);
    expect(transport.connectCalls.sort()).toEqual([A, B].sort());
  });

  it("at start, flushes each topology's first report at once, then debounces", async () => {
    const { transport, reconciler } = harness({ debounceMs: 25 });
    reconciler.awaitFirstReports(['dns', 'static']);
    reconciler.applyDiff('dns', { added: [A], removed: [] }, true);
    expect(transport.connectCalls).toEqual([A]); // no wait for the window
    reconciler.applyDiff('static', { added: [B], removed: [] }, true);
    expect(transport.connectCalls).toEqual([A, B]);
    // A topology's later reports are debounced as usual.
    reconciler.applyDiff('dns', { added: [C], removed: [] }, true);
    await clock.advance(24);
    expect(transport.connectCalls).toEqual([A, B]);
    await clock.advance(1);
    expect(transport.connectCalls).toEqual([A, B, C]);
  });

  it('at start, a report from a topology it does not wait for is debounced', async () => {
    const { transport, reconciler } = harness({ debounceMs: 25 });
    reconciler.awaitFirstReports(['dns']);
    reconciler.applyDiff('other', { added: [A], removed: [] }, true);
    await clock.advance(24);
    expect(transport.connectCalls).toEqual([]);
    await clock.advance(1);
    expect(transport.connectCalls).toEqual([A]);
  });

  it('does nothing for a node added and removed inside one window', async () => {
    const { transport, reconciler } = harness();
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    reconciler.applyDiff('t', { added: [], removed: [A] }, true);
    await clock.advance(100);
    expect(transport.connectCalls).toEqual([]);
    expect(transport.disconnectCalls).toEqual([]);
  });

  it('never connects to itself', async () => {
    const { transport, reconciler } = harness();
    reconciler.applyDiff('t', { added: [SELF, A], removed: [] }, true);
    await clock.advance(25);
    expect(transport.connectCalls).toEqual([A]);
  });

  it('does not dial a connected node again, and joins a connect in flight', async () => {
    const { transport, reconciler, queue } = harness();
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(25);
    const joined = queue.connect(A);
    expect(transport.connectCalls).toEqual([A]);
    transport.answer(A, true);
    await expect(joined).resolves.toBeUndefined();
    reconciler.applyDiff('u', { added: [A], removed: [] }, true);
    await clock.advance(25);
    expect(transport.connectCalls).toEqual([A]);
  });

  it('keeps a node while any topology wants it (union)', async () => {
    const { transport, reconciler } = harness();
    transport.autoAnswer = () => true;
    reconciler.applyDiff('dns', { added: [A], removed: [] }, true);
    reconciler.applyDiff('static', { added: [A], removed: [] }, true);
    await clock.advance(25);
    reconciler.applyDiff('dns', { added: [], removed: [A] }, true);
    await clock.advance(25);
    expect(transport.isConnected(A)).toBe(true);
    reconciler.applyDiff('static', { added: [], removed: [A] }, true);
    await clock.advance(25);
    expect(transport.isConnected(A)).toBe(false);
    expect(transport.disconnectCalls).toEqual([A]);
  });

  it('reports every transient failure, with its code, and nothing for a cancel', async () => {
    const { transport, reconciler, reported } = harness();
    transport.autoAnswer = () => false;
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(25 + 75);
    expect(reported.map((r) => [r.node, r.error.code])).toEqual([
      [A, 'MUSTER_ERR_CONNECT_UNREACHABLE'],
      [A, 'MUSTER_ERR_CONNECT_UNREACHABLE'],
    ]);
    transport.autoAnswer = undefined;
    await clock.advance(150); // the third dial is in flight
    reconciler.applyDiff('t', { added: [], removed: [A] }, true);
    await clock.advance(25);
    expect(transport.pending[0]?.aborted).toBe(true);
    expect(reported).toHaveLength(2); // the cancel is not a failure worth telling
  });

  it('reports a failure retrying cannot fix once per node, and retries it at the longest delay', async () => {
    const { transport, reconciler, reported, stats } = harness();
    const badCookie = (node: NodeName) =>
      new ConnectError(node, ConnectErrorCode.refused, 'cookies differ', { refusal: 'bad_cookie' });
    transport.autoAnswer = badCookie;
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(25);
    expect(transport.connectCalls).toHaveLength(1);
    // Not 75 ms as for a transient failure: maxDelay (1000) with equal jitter at 0.5 -> 750.
    await clock.advance(749);
    expect(transport.connectCalls).toHaveLength(1);
    await clock.advance(1 + 750 + 750);
    expect(transport.connectCalls).toHaveLength(4);
    expect(stats.connectFailures).toBe(4);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.error).toMatchObject({ refusal: 'bad_cookie', permanent: true });
    // Another error is news: reported; then the fixed cookie connects, and the slate is clean.
    transport.autoAnswer = () => false;
    await clock.advance(750);
    expect(reported).toHaveLength(2);
    transport.autoAnswer = () => true;
    await clock.advance(1_000);
    expect(transport.isConnected(A)).toBe(true);
    transport.drop(A, 'closed');
    transport.autoAnswer = badCookie;
    await clock.advance(1_000);
    expect(reported.map((r) => r.error.refusal)).toEqual(['bad_cookie', undefined, 'bad_cookie']);
  });

  it('retries a refused node with growing, capped backoff while it is wanted', async () => {
    const { transport, reconciler, stats } = harness();
    transport.autoAnswer = () => false;
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(25);
    expect(transport.connectCalls).toHaveLength(1);
    // random() = 0.5 -> delay = 3/4 of the step: 75, 150, 300, 600, 750 (cap 1000).
    await clock.advance(74);
    expect(transport.connectCalls).toHaveLength(1);
    await clock.advance(1);
    expect(transport.connectCalls).toHaveLength(2);
    await clock.advance(150);
    expect(transport.connectCalls).toHaveLength(3);
    await clock.advance(300 + 600 + 750 + 750);
    expect(transport.connectCalls).toHaveLength(7);
    expect(stats.retries).toBe(6);
    reconciler.applyDiff('t', { added: [], removed: [A] }, true);
    await clock.advance(10_000);
    expect(transport.connectCalls).toHaveLength(7);
  });

  it('redials a wanted node that drops (libcluster #148)', async () => {
    const { transport, reconciler } = harness();
    transport.autoAnswer = () => true;
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(25);
    transport.drop(A, 'closed');
    expect(transport.isConnected(A)).toBe(false);
    await clock.advance(75);
    expect(transport.isConnected(A)).toBe(true);
    expect(transport.connectCalls).toEqual([A, A]);
  });

  it('does not redial a node that left gracefully until discovery reports it again (#202)', async () => {
    const { transport, reconciler } = harness();
    transport.autoAnswer = () => true;
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(25);
    transport.drop(A, 'shutdown');
    await clock.advance(60_000);
    expect(transport.connectCalls).toEqual([A]);
    reconciler.applyDiff('t', { added: [], removed: [A] }, true);
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(25);
    expect(transport.connectCalls).toEqual([A, A]);
  });

  it('does not dial a leaver whose stale record discovery reports only after it left', async () => {
    const { transport, reconciler } = harness();
    transport.autoAnswer = () => true;
    transport.inbound(A); // A found us first
    transport.drop(A, 'shutdown'); // and left before our discovery listed it
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(60_000);
    expect(transport.connectCalls).toEqual([]);
    transport.inbound(A); // it came back on its own: the departure is over
    transport.drop(A, 'closed');
    await clock.advance(200);
    expect(transport.connectCalls).toEqual([A]);
  });

  it('leaves removed nodes connected when the topology says disconnectOnRemove: false', async () => {
    const { transport, reconciler } = harness();
    transport.autoAnswer = () => true;
    reconciler.applyDiff('t', { added: [A, B], removed: [] }, false);
    await clock.advance(25);
    reconciler.applyDiff('t', { added: [], removed: [A] }, false);
    await clock.advance(25);
    expect(transport.isConnected(A)).toBe(true);
    expect(transport.disconnectCalls).toEqual([]);
  });

  it('cancels a queued connect when the node is removed before its turn', async () => {
    const { transport, reconciler } = harness({ concurrency: 1 });
    reconciler.applyDiff('t', { added: [A, B, C], removed: [] }, true);
    await clock.advance(25);
    expect(transport.connectCalls).toEqual([A]);
    reconciler.applyDiff('t', { added: [], removed: [B] }, true);
    await clock.advance(25);
    transport.answer(A, true);
    await clock.advance(0);
    expect(transport.connectCalls).toEqual([A, C]);
  });

  it('disconnects a node whose connect won the race against its removal', async () => {
    const { transport, reconciler } = harness();
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(25);
    reconciler.applyDiff('t', { added: [], removed: [A] }, true);
    await clock.advance(25);
    // The transport ignores the abort and connects anyway.
    transport.inbound(A);
    transport.answer(A, true);
    await clock.advance(0);
    expect(transport.isConnected(A)).toBe(false);
  });

  describe('dial yield: the end whose name sorts last waits for the other', () => {
    const BIG = n('app@127.50.0.9');

    it('dials a smaller peer only after the yield, if it has not dialed in', async () => {
      const { transport, reconciler } = harness({ self: BIG, dialYieldMs: 200 });
      reconciler.applyDiff('t', { added: [A], removed: [] }, true);
      await clock.advance(25);
      expect(transport.connectCalls).toEqual([]);
      await clock.advance(149); // random 0.5 -> 100 + 50 ms
      expect(transport.connectCalls).toEqual([]);
      await clock.advance(1);
      expect(transport.connectCalls).toEqual([A]);
    });

    it('never dials when the smaller peer dials in during the yield', async () => {
      const { transport, reconciler } = harness({ self: BIG, dialYieldMs: 200 });
      reconciler.applyDiff('t', { added: [A], removed: [] }, true);
      await clock.advance(25);
      transport.inbound(A);
      await clock.advance(10_000);
      expect(transport.connectCalls).toEqual([]);
      expect(transport.isConnected(A)).toBe(true);
    });

    it('keeps yielding while it is busy connecting, then dials once quiet', async () => {
      const { transport, reconciler } = harness({ self: BIG, dialYieldMs: 200 });
      const C2 = n('app@127.50.0.99'); // sorts after BIG: dialed at once, and left pending
      reconciler.applyDiff('t', { added: [A, C2], removed: [] }, true);
      await clock.advance(25);
      expect(transport.connectCalls).toEqual([C2]);
      await clock.advance(150 * 5); // five yields, C2 still in flight
      expect(transport.connectCalls).toEqual([C2]);
      transport.answer(C2, true); // quiet now: C2 is not a peer we wait for, so no more waiting
      await clock.advance(150);
      expect(transport.connectCalls).toEqual([C2, A]);
    });

    it('keeps waiting for the others while the peers it waits for keep dialing in', async () => {
      const { transport, reconciler } = harness({ self: BIG, dialYieldMs: 200 });
      const A2 = n('app@127.50.0.3');
      reconciler.applyDiff('t', { added: [A, A2], removed: [] }, true);
      await clock.advance(25 + 100);
      transport.inbound(A); // A dialed us as expected: A2's dial is likely on its way too
      await clock.advance(50); // the first yield ends: renewed
      expect(transport.connectCalls).toEqual([]);
      await clock.advance(150); // A came up more than a yield ago: dial A2
      expect(transport.connectCalls).toEqual([A2]);
    });

    it('decides a batch of waits together: no trickle of dials', async () => {
      const { transport, reconciler } = harness({ self: BIG, dialYieldMs: 200 });
      const small = Array.from({ length: 50 }, (_, i) => n(`app@127.50.0.${10 + i}`));
      const smaller = small.filter((x) => x < BIG);
      reconciler.applyDiff('t', { added: smaller, removed: [] }, true);
      await clock.advance(25 + 150);
      expect([...transport.connectCalls].sort()).toEqual([...smaller].sort());
    });

    it('stops renewing after 40 yields even if it stays busy', async () => {
      const { transport, reconciler } = harness({ self: BIG, dialYieldMs: 200 });
      const C2 = n('app@127.50.0.99');
      reconciler.applyDiff('t', { added: [A, C2], removed: [] }, true);
      await clock.advance(25 + 150 * 40);
      expect(transport.connectCalls).toEqual([C2]);
      await clock.advance(150);
      expect(transport.connectCalls).toEqual([C2, A]);
    });

    it('does not yield on retries, nor to a larger peer', async () => {
      const { transport, reconciler } = harness({ self: A, dialYieldMs: 200 });
      reconciler.applyDiff('t', { added: [BIG], removed: [] }, true);
      await clock.advance(25);
      expect(transport.connectCalls).toEqual([BIG]);
    });
  });

  it('stops retrying after stop()', async () => {
    const { transport, reconciler } = harness();
    transport.autoAnswer = () => false;
    reconciler.applyDiff('t', { added: [A], removed: [] }, true);
    await clock.advance(25);
    reconciler.stop();
    await clock.advance(60_000);
    expect(transport.connectCalls).toEqual([A]);
    expect(reconciler.pendingRetries).toBe(0);
  });
});
