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

  override nodes(): NodeName[] {
    return this.options.list ? (this.options.list() as NodeName[]).slice() : super.nodes();
  }
}
