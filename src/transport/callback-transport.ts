import { ConnectError, ConnectErrorCode } from '../core/errors.js';
import type { NodeName } from '../core/node-name.js';
import { MembershipTransport } from './membership-transport.js';
import type { DialOptions } from './transport.js';

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

  /**
   * Calls the user's `connect`: true is up; false or a throw is `unreachable` (the hook cannot
   * say more), retried like any other failure. A hook that answers after the signal fired is
   * ignored: the cluster has given up on it.
   */
  override async dial(node: NodeName, { signal }: DialOptions): Promise<void> {
    if (this.connected.has(node)) return;
    let ok: boolean;
    try {
      ok = (await this.options.connect(node)) === true;
    } catch (err) {
      throw new ConnectError(
        node,
        ConnectErrorCode.unreachable,
        (err as Error)?.message ?? String(err),
        {
          cause: err,
        },
      );
    }
    if (signal.aborted) {
      throw new ConnectError(node, ConnectErrorCode.aborted, 'the connect was given up');
    }
    if (!ok)
      throw new ConnectError(node, ConnectErrorCode.unreachable, 'the connect hook said false');
    this.markUp(node);
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
