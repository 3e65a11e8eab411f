import { EventEmitter } from 'eventemitter3';
import { ConnectError, ConnectErrorCode } from '../../src/core/errors.js';
import type { NodeName } from '../../src/core/node-name.js';
import type {
  DialOptions,
  NodeDownReason,
  Transport,
  TransportEvents,
} from '../../src/transport/transport.js';

/** How the test answers a dial: true is up, false is unreachable, or a given error. */
export type DialAnswer = boolean | ConnectError;

interface PendingConnect {
  readonly node: NodeName;
  /** The manager gave it up (its signal fired): it fails, whatever the test says. */
  aborted: boolean;
  resolve(answer: DialAnswer): void;
}

/**
 * A transport whose connects the test settles by hand, and which records what the manager
 * asked of it: enough to check Node.connect's dedupe without sockets.
 */
export class FakeTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly connected = new Set<NodeName>();
  readonly pending: PendingConnect[] = [];
  readonly connectCalls: NodeName[] = [];
  readonly disconnectCalls: NodeName[] = [];
  private readonly inFlight = new Map<NodeName, number>();
  /** Highest number of simultaneous connects ever seen for one node. */
  maxInFlightPerNode = 0;
  maxInFlight = 0;
  /** When set, connects settle at once with this answer instead of waiting for the test. */
  autoAnswer: ((node: NodeName) => DialAnswer) | undefined;

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    for (const node of [...this.connected]) this.drop(node, 'stopped');
  }

  dial(node: NodeName, { signal }: DialOptions): Promise<void> {
    this.connectCalls.push(node);
    const n = (this.inFlight.get(node) ?? 0) + 1;
    this.inFlight.set(node, n);
    this.maxInFlightPerNode = Math.max(this.maxInFlightPerNode, n);
    let total = 0;
    for (const v of this.inFlight.values()) total += v;
    this.maxInFlight = Math.max(this.maxInFlight, total);
    return new Promise<void>((resolve, reject) => {
      const entry: PendingConnect = {
        node,
        aborted: false,
        resolve: (answer) => {
          const left = (this.inFlight.get(node) ?? 1) - 1;
          if (left === 0) this.inFlight.delete(node);
          else this.inFlight.set(node, left);
          const ok = answer === true && !entry.aborted;
          if (ok && !this.connected.has(node)) {
            this.connected.add(node);
            this.emit('nodeup', node);
          }
          if (ok) resolve();
          else if (entry.aborted)
            reject(new ConnectError(node, ConnectErrorCode.aborted, 'aborted'));
          else if (answer instanceof ConnectError) reject(answer);
          else reject(new ConnectError(node, ConnectErrorCode.unreachable, 'the test said no'));
        },
      };
      signal.addEventListener('abort', () => {
        entry.aborted = true;
      });
      if (this.autoAnswer) {
        const answer = this.autoAnswer(node);
        queueMicrotask(() => entry.resolve(answer));
      } else {
        this.pending.push(entry);
      }
    });
  }

  /** Settles every pending connect for `node` (all of them, in order). */
  answer(node: NodeName, ok: DialAnswer): number {
    let count = 0;
    for (let i = 0; i < this.pending.length; ) {
      const p = this.pending[i]!;
      if (p.node === node) {
        this.pending.splice(i, 1);
        p.resolve(ok);
        count++;
      } else i++;
    }
    return count;
  }

  answerAll(ok: (node: NodeName) => DialAnswer): void {
    for (const p of this.pending.splice(0)) p.resolve(ok(p.node));
  }

  async disconnect(node: NodeName): Promise<void> {
    this.disconnectCalls.push(node);
    this.drop(node, 'disconnect');
  }

  /** Simulates the peer going away. */
  drop(node: NodeName, reason: NodeDownReason): void {
    if (!this.connected.delete(node)) return;
    this.emit('nodedown', node, reason);
  }

  /** Simulates a peer dialing in. */
  inbound(node: NodeName): void {
    if (this.connected.has(node)) return;
    this.connected.add(node);
    this.emit('nodeup', node);
  }

  isConnected(node: NodeName): boolean {
    return this.connected.has(node);
  }

  nodes(): NodeName[] {
    return [...this.connected];
  }

  send(): boolean {
    return false;
  }

  broadcast(): number {
    return 0;
  }
}
