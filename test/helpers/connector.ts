import { systemClock } from '../../src/core/clock.js';
import { ConnectQueue } from '../../src/core/connect-queue.js';
import { ConnectSlots } from '../../src/core/connect-slots.js';
import type { ConnectError } from '../../src/core/errors.js';
import type { NodeName } from '../../src/core/node-name.js';
import type { Transport } from '../../src/transport/transport.js';

/**
 * Connects through the core's own ConnectQueue, as a Cluster does: tests of a transport alone
 * see what a cluster's caller would (dedupe, timeout, a simultaneous connect settled by the
 * winner's nodeup), not a second implementation of it.
 */
export class Connector {
  readonly queue: ConnectQueue;

  constructor(transport: Transport, options: { slots?: ConnectSlots; timeoutMs?: number } = {}) {
    this.queue = new ConnectQueue(transport, {
      slots: options.slots ?? new ConnectSlots(256),
      timeoutMs: options.timeoutMs ?? 10_000,
      clock: systemClock,
      onLateAnswer: () => {},
    });
    transport.on('nodeup', (node) => this.queue.nodeUp(node));
  }

  /** Node.connect: true once `node` is up, false when the connect failed. */
  async connect(node: NodeName): Promise<boolean> {
    return (await this.queue.connect(node)) === undefined;
  }

  /** Why a connect failed (undefined: it is up). */
  attempt(node: NodeName): Promise<ConnectError | undefined> {
    return this.queue.connect(node);
  }
}
