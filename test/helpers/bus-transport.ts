import { EventEmitter } from 'eventemitter3';
import { ConnectError, ConnectErrorCode } from '../../src/core/errors.js';
import type { NodeName } from '../../src/core/node-name.js';
import type {
  DialOptions,
  NodeDownReason,
  Transport,
  TransportEvents,
  TransportStartOptions,
} from '../../src/transport/transport.js';

/** Where bus transports find each other: one per test, never module-wide. */
export class Bus {
  readonly members = new Map<NodeName, BusTransport>();
}

/**
 * A transport as a user would write one against the exported contract: nodes in one process
 * linked over a shared Bus, with a link's edges, messages and departures delivered on a later
 * tick like a wire's. It imports nothing from muster but the contract and its errors.
 */
export class BusTransport extends EventEmitter<TransportEvents> implements Transport {
  private self: NodeName | undefined;
  private admit: TransportStartOptions['admit'];
  private readonly links = new Set<NodeName>();

  constructor(private readonly bus: Bus) {
    super();
  }

  async start(self: NodeName, options: TransportStartOptions = {}): Promise<void> {
    if (this.bus.members.has(self)) throw new Error(`${self} is on the bus already`);
    this.self = self;
    this.admit = options.admit;
    this.bus.members.set(self, this);
  }

  async stop(): Promise<void> {
    const self = this.self;
    if (self === undefined || this.bus.members.get(self) !== this) return;
    this.bus.members.delete(self);
    for (const node of [...this.links]) {
      this.unlink(node, 'stopped');
      const peer = this.bus.members.get(node);
      setImmediate(() => peer?.unlink(self, 'shutdown'));
    }
  }

  async dial(node: NodeName, { signal }: DialOptions): Promise<void> {
    const self = this.self;
    if (self === undefined) throw new Error('not started');
    if (node === self || this.links.has(node)) return;
    // A wire takes a while: answer on a later turn, and honour an abort meanwhile.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal.aborted) throw new ConnectError(node, ConnectErrorCode.aborted, 'aborted');
    if (this.links.has(node)) return; // the peer's dial linked us meanwhile
    const peer = this.bus.members.get(node);
    if (peer === undefined) {
      throw new ConnectError(node, ConnectErrorCode.unreachable, 'not on the bus');
    }
    if (peer.admit !== undefined && !(await peer.admit(self))) {
      throw new ConnectError(node, ConnectErrorCode.refused, 'not admitted', {
        refusal: 'not_allowed',
      });
    }
    // One link per pair, whoever dials: both ends come up together.
    this.link(node);
    peer.link(self);
  }

  async disconnect(node: NodeName): Promise<void> {
    if (!this.links.has(node)) return;
    this.unlink(node, 'disconnect');
    const self = this.self!;
    const peer = this.bus.members.get(node);
    setImmediate(() => peer?.unlink(self, 'closed'));
  }

  isConnected(node: NodeName): boolean {
    return this.links.has(node);
  }

  nodes(): NodeName[] {
    return [...this.links];
  }

  send(node: NodeName, topic: string, payload: unknown): boolean {
    if (!this.links.has(node)) return false;
    const peer = this.bus.members.get(node);
    const from = this.self!;
    const copy = structuredClone(payload);
    setImmediate(() => {
      if (peer?.links.has(from)) peer.emit('message', from, topic, copy);
    });
    return true;
  }

  broadcast(topic: string, payload: unknown): number {
    let sent = 0;
    for (const node of this.links) if (this.send(node, topic, payload)) sent++;
    return sent;
  }

  private link(node: NodeName): void {
    if (this.links.has(node)) return;
    this.links.add(node);
    this.emit('nodeup', node);
  }

  private unlink(node: NodeName, reason: NodeDownReason): void {
    if (!this.links.delete(node)) return;
    this.emit('nodedown', node, reason);
  }
}
