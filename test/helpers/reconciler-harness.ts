import type { Clock } from '../../src/core/clock.js';
import { ConnectQueue } from '../../src/core/connect-queue.js';
import { ConnectSlots } from '../../src/core/connect-slots.js';
import type { ConnectError } from '../../src/core/errors.js';
import type { NodeName } from '../../src/core/node-name.js';
import { Reconciler, type ReconcilerStats } from '../../src/core/reconciler.js';
import { ManualClock } from '../../src/testing/manual-clock.js';
import { FakeTransport } from './fake-transport.js';

export const n = (s: string) => s as NodeName;
export const SELF = n('app@127.50.0.1');

/** A reconciler wired to a FakeTransport, as the Cluster wires it, on the given clock. */
export function reconcilerHarness(
  options: {
    debounceMs?: number;
    concurrency?: number;
    self?: NodeName;
    dialYieldMs?: number;
    /** The test's clock (a ManualClock it advances). */
    clock?: Clock;
  } = {},
) {
  const clock = options.clock ?? new ManualClock();
  const transport = new FakeTransport();
  const stats: ReconcilerStats = {
    connectAttempts: 0,
    connects: 0,
    connectFailures: 0,
    retries: 0,
  };
  const reported: { node: NodeName; error: ConnectError }[] = [];
  let reconciler: Reconciler | undefined;
  const queue = new ConnectQueue(transport, {
    slots: new ConnectSlots(options.concurrency ?? 64),
    timeoutMs: 10_000,
    clock,
    onLateAnswer: (node) => reconciler?.onLateAnswer(node),
  });
  reconciler = new Reconciler({
    self: options.self ?? SELF,
    transport,
    queue,
    clock,
    debounceMs: options.debounceMs ?? 25,
    dialYieldMs: options.dialYieldMs ?? 200,
    retry: { initialDelayMs: 100, maxDelayMs: 1_000 },
    random: () => 0.5,
    stats,
    report: (node, error, announce) => {
      if (announce) reported.push({ node, error });
    },
  });
  const r = reconciler;
  transport.on('nodeup', (node) => r.onNodeUp(node));
  transport.on('nodedown', (node, reason) => r.onNodeDown(node, reason));
  return { transport, queue, reconciler: r, stats, reported, clock };
}
