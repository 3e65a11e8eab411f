import type { NodeName } from '../../core/node-name.js';

/**
 * Where a peer listens. A fixed port for every node, or the port a peer registered with its
 * host's EPMD (src/epmd/epmd-port-mapping.ts).
 */
export interface PortMapping {
  /** Called once the listener is bound: makes this node findable at `port`. */
  publish(self: NodeName, port: number): Promise<void>;
  /** The port to dial `node` on; rejects with a MusterError when it cannot be known. */
  portOf(node: NodeName, signal?: AbortSignal): Promise<number>;
  /**
   * Optional fast path: the port when it is known without asking anyone (a fixed port), so a
   * dial starts at once instead of after a promise settles. `undefined` means ask `portOf`.
   */
  knownPort?(node: NodeName): number | undefined;
  /** Withdraws what `publish` did. */
  close(): Promise<void>;
}

export class FixedPortMapping implements PortMapping {
  constructor(private readonly port: number) {}

  async publish(): Promise<void> {}

  async portOf(): Promise<number> {
    return this.port;
  }

  knownPort(): number {
    return this.port;
  }

  async close(): Promise<void> {}
}
