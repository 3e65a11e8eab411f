import type { NodeName } from '../core/node-name.js';
import { MembershipTransport } from './membership-transport.js';

/** libcluster's connect/disconnect/list hooks: the user decides what "connected" means. */
export interface CallbackTransportOptions {
  readonly kind: 'callback';
  connect(node: NodeName): boolean | Promise<boolean>;
  disconnect(node: NodeName): unknown;
  /** What the user's side considers connected now; defaults to what the callbacks reported. */
  list?(): readonly string[];
}

export class CallbackTransport extends MembershipTransport {
  private readonly options: CallbackTransportOptions;

  constructor(options: CallbackTransportOptions) {
    super();
    this.options = options;
  }

  override async connect(node: NodeName): Promise<boolean> {
    if (this.connected.has(node)) return true;
    // A throwing hook is a failed connect, retried by the manager like any other.
    const ok = (await this.options.connect(node)) === true;
    if (ok) this.markUp(node);
    return ok;
  }

  override async disconnect(node: NodeName): Promise<void> {
    if (!this.connected.has(node)) return;
    try {
      await this.options.disconnect(node);
    } finally {
      this.markDown(node, 'disconnect');
    }
  }

  /**
   * Leaving undoes joining: the user's `disconnect` runs for every node still connected, then
   * each is down with `stopped`. A hook that throws does not stop the others; the first error
   * is rethrown at the end (the cluster logs it).
   */
  override async stop(): Promise<void> {
    let failure: unknown;
    for (const node of [...this.connected]) {
      try {
        await this.options.disconnect(node);
      } catch (err) {
        failure ??= err;
      }
      this.markDown(node, 'stopped');
    }
    if (failure !== undefined) throw failure;
  }

  override nodes(): NodeName[] {
    return this.options.list ? (this.options.list() as NodeName[]).slice() : super.nodes();
  }
}
