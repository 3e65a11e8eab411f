import { EventEmitter } from 'eventemitter3';
import type { NodeName } from '../core/node-name.js';
import type {
  BroadcastResult,
  DialOptions,
  NodeDownReason,
  SendResult,
  Transport,
  TransportEvents,
} from './transport.js';

/**
 * A transport with no wire of its own: it records who is "connected" and fires the edges.
 * `none` uses it as is; `callback` adds the user's functions. Neither carries messages.
 */
export class MembershipTransport extends EventEmitter<TransportEvents> implements Transport {
  protected readonly connected = new Set<NodeName>();

  async start(_self: NodeName): Promise<void> {}

  async stop(): Promise<void> {
    for (const node of [...this.connected]) this.markDown(node, 'stopped');
  }

  /** Up at once: there is no wire to cross. */
  async dial(node: NodeName, _options: DialOptions): Promise<void> {
    this.markUp(node);
  }

  async disconnect(node: NodeName): Promise<void> {
    this.markDown(node, 'disconnect');
  }

  isConnected(node: NodeName): boolean {
    return this.connected.has(node);
  }

  nodes(): NodeName[] {
    return [...this.connected];
  }

  send(_node: NodeName, _topic: string, _payload: unknown): boolean {
    return false;
  }

  broadcast(_topic: string, _payload: unknown): number {
    return 0;
  }

  /** There is no wire: never queued, whoever the node. */
  trySend(_node: NodeName, _topic: string, _payload: unknown): SendResult {
    return 'unsupported';
  }

  tryBroadcast(_topic: string, _payload: unknown): BroadcastResult {
    return { queued: 0, bufferFull: [] };
  }

  protected markUp(node: NodeName): void {
    if (this.connected.has(node)) return;
    this.connected.add(node);
    this.emit('nodeup', node);
  }

  protected markDown(node: NodeName, reason: NodeDownReason): void {
    if (!this.connected.delete(node)) return;
    this.emit('nodedown', node, reason);
  }
}
