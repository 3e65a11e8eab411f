import { systemClock } from '../../src/core/clock.js';
import { ConnectQueue } from '../../src/core/connect-queue.js';
import type { NodeName } from '../../src/core/node-name.js';
import { Reconciler, type ReconcilerStats } from '../../src/core/reconciler.js';
import { FakeTransport } from './fake-transport.js';

export const n = (s: string) => s as NodeName;
export const SELF = n('app@127.50.0.1');

/** A reconciler wired to a FakeTransport, as the Cluster wires it; use with vi.useFakeTimers(). */
export function reconcilerHarness(
  options: {
    debounceMs?: number;
    concurrency?: number;
    self?: NodeName;
    dialYieldMs?: number;
  } = {},
) {
  const transport = new FakeTransport();
  const stats: ReconcilerStats = {
    connectAttempts: 0,
    connects: 0,
    connectFailures: 0,
    retries: 0,
  };
  const queue = new ConnectQueue(transport, {
    concurrency: options.concurrency ?? 64,
    timeoutMs: 10_000,
    clock: systemClock,
  });
  const reconciler = new Reconciler({
    self: options.self ?? SELF,
    transport,
    queue,
    clock: systemClock,
    debounceMs: options.debounceMs ?? 25,
    dialYieldMs: options.dialYieldMs ?? 200,
    retry: { initialDelayMs: 100, maxDelayMs: 1_000 },
    random: () => 0.5,
    stats,
  });
  transport.on('nodeup', (node) => reconciler.onNodeUp(node));
  transport.on('nodedown', (node, reason) => reconciler.onNodeDown(node, reason));
  return { transport, queue, reconciler, stats };
}
