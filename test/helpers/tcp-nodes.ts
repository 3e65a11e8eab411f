import { systemClock } from '../../src/core/clock.js';
import type { ConnectSlots } from '../../src/core/connect-slots.js';
import { silentLogger } from '../../src/core/logger.js';
import { type NodeName, toNodeName } from '../../src/core/node-name.js';
import type { TcpTransportInput } from '../../src/transport/tcp/tcp-options.js';
import { tcpTransportSchema } from '../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../src/transport/tcp/tcp-transport.js';
import type { NodeDownReason } from '../../src/transport/transport.js';
import { Connector } from './connector.js';

/** Fixed port used on every test address (each node has its own 127.2x.y.z address). */
export const TEST_PORT = 4370;
export const TEST_COOKIE = 'test-cookie-not-secret';

export interface NodeDown {
  readonly node: NodeName;
  readonly reason: NodeDownReason;
  readonly detail: string | undefined;
}

/** A TcpTransport in this process, with its events recorded and awaitable. */
export class TestNode {
  readonly ups: NodeName[] = [];
  readonly downs: NodeDown[] = [];
  readonly messages: { from: NodeName; topic: string; payload: unknown }[] = [];
  /** Connects as a cluster does (the core's connect queue over this transport). */
  readonly connector: Connector;

  constructor(
    readonly name: NodeName,
    readonly transport: TcpTransport,
    slots?: ConnectSlots,
  ) {
    this.connector = new Connector(transport, slots === undefined ? {} : { slots });
    transport.on('nodeup', (n) => this.ups.push(n));
    transport.on('nodedown', (node, reason, detail) => this.downs.push({ node, reason, detail }));
    transport.on('message', (from, topic, payload) => this.messages.push({ from, topic, payload }));
  }

  /** Node.connect through the connect queue: true once up, false when it failed. */
  connect(node: NodeName): Promise<boolean> {
    return this.connector.connect(node);
  }

  /** Why a connect through the connect queue failed (undefined: it is up). */
  attempt(node: NodeName) {
    return this.connector.attempt(node);
  }

  /** Resolves when `node` is up (at once if it already is). */
  waitUp(node: NodeName): Promise<void> {
    if (this.transport.isConnected(node)) return Promise.resolve();
    return new Promise((resolve) => {
      const on = (n: NodeName) => {
        if (n !== node) return;
        this.transport.off('nodeup', on);
        resolve();
      };
      this.transport.on('nodeup', on);
    });
  }

  /** Resolves with the next nodedown of `node` (or the one already recorded after `since`). */
  waitDown(node: NodeName, since = 0): Promise<NodeDown> {
    const seen = this.downs.slice(since).find((d) => d.node === node);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const on = (n: NodeName, reason: NodeDownReason, detail?: string) => {
        if (n !== node) return;
        this.transport.off('nodedown', on);
        resolve({ node: n, reason, detail });
      };
      this.transport.on('nodedown', on);
    });
  }

  /** Resolves once `count` messages have arrived. */
  waitMessages(count: number): Promise<void> {
    if (this.messages.length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const on = () => {
        if (this.messages.length < count) return;
        this.transport.off('message', on);
        resolve();
      };
      this.transport.on('message', on);
    });
  }
}

export interface StartOptions extends Partial<Omit<TcpTransportInput, 'kind'>> {
  readonly cookie?: string;
}

export async function startNode(name: string, options: StartOptions = {}): Promise<TestNode> {
  const { cookie = TEST_COOKIE, ...rest } = options;
  const parsed = tcpTransportSchema.parse({ kind: 'tcp', port: TEST_PORT, ...rest });
  const transport = new TcpTransport(parsed, {
    logger: silentLogger(),
    clock: systemClock,
    cookie,
  });
  const node = toNodeName(name);
  await transport.start(node);
  return new TestNode(node, transport);
}
